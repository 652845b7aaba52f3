package org.mp15sim.soc.periph;

import java.util.function.LongSupplier;
import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.ClockDomain;

/**
 * WWDG1, the M4's window watchdog at 0x4000A000 (RM0436 "WWDG"). A 7-bit down-counter CR.T ticks every
 * 4096 x 2^WDGTB cycles of pclk1 (APB1). Once activated (CR.WDGA, set-only) it resets the M4 subsystem
 * when T6 clears (the counter passes 0x40 -&gt; 0x3F), when software writes T with T6 = 0, or when software
 * reloads while the counter is still above the window CFR.W. At 0x40 it sets SR.EWIF (write 0 to clear);
 * with CFR.EWI (set-only) that raises the early-wakeup interrupt (M4 NVIC 0, A7 GIC SPI 0).
 *
 * <p>{@link #resetRequest()} pulses on expiry; the SoC resets the M4, sets RCC WWDG1RSTF and pulses EXTI
 * line 68 toward the A7. The counter runs whether or not WDGA is set (the datasheet's free-running
 * counter); the watchdog itself returns to its reset state on any M4 subsystem reset.
 */
public final class Wwdg extends Peripheral {
    public static final long BASE = 0x4000_A000L;
    public static final long SIZE = 0x400;
    public static final long CR = 0x0, CFR = 0x4, SR = 0x8;
    public static final long WDGA = 1L << 7, EWI = 1L << 9, EWIF = 1L;

    private final LongSupplier pclkHz;
    private final Register cr, cfr, sr;
    private final IrqLine earlyWakeup, resetRequest;
    private final Timer ewiTimer, expiryTimer;
    private ClockDomain pclk;
    private long loadValue = 0x7F;
    private long loadTime;

    /** {@code pclkHz} supplies the APB1 clock (read at every reload, so a clock change is picked up). */
    public Wwdg(Scheduler scheduler, LongSupplier pclkHz) {
        super(scheduler, "WWDG1", BASE, SIZE);
        this.pclkHz = pclkHz;
        earlyWakeup = new IrqLine(scheduler, "WWDG1 early wakeup");
        resetRequest = new IrqLine(scheduler, "WWDG1 reset");
        ewiTimer = scheduler.timer("WWDG1 early wakeup", Scheduler.PRIO_HW, this::earlyWakeupReached);
        expiryTimer = scheduler.timer("WWDG1 expiry", Scheduler.PRIO_HW, () -> expire("counter reached 0x3F"));
        cr = reg("CR", CR).reset(0x7F).field("T", 0, 7, Access.RW).field("WDGA", 7, 1, Access.W1S)
                .onRead(this::crValue).onWrite((o, n, w) -> crWritten(o, w));
        cfr = reg("CFR", CFR).reset(0x7F).field("W", 0, 7, Access.RW).field("EWI", 9, 1, Access.W1S)
                .field("WDGTB", 11, 3, Access.RW).onWrite((o, n, w) -> reschedule());
        sr = reg("SR", SR).field("EWIF", 0, 1, Access.RO).onWrite((o, n, w) -> srWritten(w));
        reg("HWCFGR", 0x3F0).reset(0x3).ro();
        reg("VERR", 0x3F4).reset(0x11).ro();
        reg("IPIDR", 0x3F8).reset(0x0005_4131L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
        loadTime = scheduler.now();
    }

    private void srWritten(long w) {
        if ((w & EWIF) == 0) sr.clearBits(EWIF); // rc_w0
        updateIrq();
    }

    /** Counter ticks since the last reload. */
    private long ticks() {
        if (pclk == null) pclk = new ClockDomain("pclk1", pclkHz.getAsLong());
        long elapsed = scheduler.now() - loadTime;
        // Cycle c ends at cyclesToPs(c) (rounded down), the same instants the timers are scheduled at.
        long cycles = pclk.psToCycles(elapsed);
        if (pclk.cyclesToPs(cycles + 1) <= elapsed) cycles++;
        return cycles / tickCycles();
    }

    private long tickCycles() { return 4096L << ((cfr.get() >>> 11) & 7); }

    /** The counter value now (7 bits, wrapping while the watchdog is off). */
    public int counter() { return (int) ((loadValue - ticks()) & 0x7F); }

    private long crValue() { return (cr.get() & WDGA) | counter(); }

    private void crWritten(long old, long written) {
        long before = counter();
        boolean wasActive = (old & WDGA) != 0;
        load(written & 0x7F);
        if (wasActive || cr.isSet(WDGA)) {
            if ((written & 0x40) == 0) {
                expire("CR written with T6 = 0");
                return;
            }
            if (wasActive && before > (cfr.get() & 0x7F)) {
                expire(String.format("refresh outside the window (counter 0x%02x > W 0x%02x)", before, cfr.get() & 0x7F));
                return;
            }
        }
        reschedule();
    }

    private void load(long value) {
        pclk = new ClockDomain("pclk1", pclkHz.getAsLong());
        loadValue = value;
        loadTime = scheduler.now();
        cr.set((cr.get() & WDGA) | value);
    }

    private void reschedule() {
        ewiTimer.cancel();
        expiryTimer.cancel();
        if (!cr.isSet(WDGA)) return;
        long t = ticks();
        long toEwi = loadValue - 0x40; // ticks from reload until the counter reads 0x40
        long toExpiry = loadValue - 0x3F;
        if (pclk == null) pclk = new ClockDomain("pclk1", pclkHz.getAsLong());
        if (toEwi >= t && toEwi > 0) ewiTimer.scheduleAt(loadTime + pclk.cyclesToPs(toEwi * tickCycles()));
        if (toExpiry > t) expiryTimer.scheduleAt(loadTime + pclk.cyclesToPs(toExpiry * tickCycles()));
        else expiryTimer.scheduleIn(0);
    }

    private void earlyWakeupReached() {
        sr.setBits(EWIF);
        trace("EWIF", counter(), 0);
        updateIrq();
    }

    private void updateIrq() { earlyWakeup.set(sr.isSet(EWIF) && cfr.isSet(EWI)); }

    private void expire(String why) {
        trace("expiry", 0, 0);
        lastCause = why;
        resetRequest.pulse();
    }

    private String lastCause;

    /** Why the watchdog last fired, or {@code null}. */
    public String lastExpiryCause() { return lastCause; }

    /** Fault injection: the watchdog fires now, as if the counter had run out. */
    public void expireNow() { expire("fault injection"); }

    /** Early-wakeup interrupt (EWIF and EWI). */
    public IrqLine earlyWakeup() { return earlyWakeup; }

    /** Pulses when the watchdog resets the M4 subsystem. */
    public IrqLine resetRequest() { return resetRequest; }

    public boolean isActive() { return cr.isSet(WDGA); }

    /** Back to the reset state: counter 0x7F reloaded now, deactivated, flags clear. */
    @Override
    public void reset() {
        super.reset();
        ewiTimer.cancel();
        expiryTimer.cancel();
        load(0x7F);
        updateIrq();
    }
}
