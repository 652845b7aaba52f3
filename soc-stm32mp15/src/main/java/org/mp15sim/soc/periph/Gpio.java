package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * One GPIO port (GPIOA..GPIOK at 0x50002000 + 0x1000 * n; RM0436 "GPIO"). MODER, OTYPER, OSPEEDR,
 * PUPDR, ODR, LCKR, AFRL/AFRH are register file; BSRR (set bits 15:0 win over reset bits 31:16) and BRR
 * are write-only and drive ODR; IDR reads the pin levels: ODR for output pins, the level a scenario put on
 * the pad ({@link #setInput}) otherwise. Output changes go to the {@link GpioLog}; pad levels go to EXTI
 * lines 0-15 when EXTICR selects this port. Not modelled: alternate functions, lock sequence, pull resistors.
 */
public final class Gpio extends Peripheral {
    public static final long GPIOA_BASE = 0x5000_2000L;
    public static final long SIZE = 0x400;
    public static final int PORTS = 11; // A..K

    private final int index;
    private final char letter;
    private final GpioLog log;
    private final Register moder, odr;
    private int pads;
    private final IrqLine[] padLines = new IrqLine[16];

    public Gpio(Scheduler scheduler, int index, GpioLog log) {
        super(scheduler, "GPIO" + (char) ('A' + index), GPIOA_BASE + 0x1000L * index, SIZE);
        if (index < 0 || index >= PORTS) throw new IllegalArgumentException("GPIO: port index " + index + " outside A..K");
        this.index = index;
        this.letter = (char) ('A' + index);
        this.log = log;
        // Reset: every pin in analog mode (MODER = 0xFFFFFFFF) [RM0436 reset values of ports A..K].
        moder = reg("MODER", 0x00).reset(0xFFFF_FFFFL).rw();
        reg("OTYPER", 0x04).rw(0xFFFF);
        reg("OSPEEDR", 0x08).rw();
        reg("PUPDR", 0x0C).rw();
        reg("IDR", 0x10).onRead(this::idr);
        odr = reg("ODR", 0x14).rw(0xFFFF).onWrite((o, n, w) -> outputsChanged(o, n));
        reg("BSRR", 0x18).field("BS", 0, 16, Access.WO).field("BR", 16, 16, Access.WO).onWrite((o, n, w) -> {
            long old = odr.get();
            long v = (old & ~(w >>> 16)) | (w & 0xFFFF);
            odr.set(v);
            outputsChanged(old, v);
        });
        reg("LCKR", 0x1C).rw(0x1FFFF);
        reg("AFRL", 0x20).rw();
        reg("AFRH", 0x24).rw();
        reg("BRR", 0x28).wo(0xFFFF).onWrite((o, n, w) -> {
            long old = odr.get();
            long v = old & ~(w & 0xFFFF);
            odr.set(v);
            outputsChanged(old, v);
        });
        for (int i = 10; i >= 0; i--) reg("HWCFGR" + i, 0x3C8 + 4L * (10 - i)).ro();
        reg("VERR", 0x3F4).reset(0x40).ro();
        reg("IPIDR", 0x3F8).reset(0x0017_0021L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
        for (int p = 0; p < 16; p++) padLines[p] = new IrqLine(scheduler, name() + p + " pad");
    }

    private boolean isOutput(int pin) { return ((moder.get() >>> (2 * pin)) & 3) == 1; }

    private long idr() {
        long v = 0;
        for (int p = 0; p < 16; p++) {
            boolean level = isOutput(p) ? odr.isSet(1L << p) : (pads >>> p & 1) != 0;
            if (level) v |= 1L << p;
        }
        return v;
    }

    private void outputsChanged(long old, long now) {
        long diff = (old ^ now) & 0xFFFF;
        for (int p = 0; p < 16; p++) {
            if ((diff >>> p & 1) != 0) {
                boolean high = (now >>> p & 1) != 0;
                log.record(new GpioLog.Change(scheduler.now(), letter, p, high, isOutput(p)));
                trace("P" + letter + p, high ? 1 : 0, 0);
                if (isOutput(p)) padLines[p].set(high);
            }
        }
    }

    /** Drives the pad of input pin {@code pin} from outside (a button, a scenario). */
    public void setInput(int pin, boolean high) {
        if (pin < 0 || pin > 15) throw new IllegalArgumentException(name() + ": pin " + pin + " outside 0..15");
        pads = high ? pads | (1 << pin) : pads & ~(1 << pin);
        if (!isOutput(pin)) padLines[pin].set(high);
    }

    /** The level on the pad of {@code pin} (driven by ODR for outputs, by {@link #setInput} otherwise). */
    public IrqLine pad(int pin) { return padLines[pin]; }

    public int index() { return index; }
    public char letter() { return letter; }
    public boolean outputLevel(int pin) { return odr.isSet(1L << pin); }
}
