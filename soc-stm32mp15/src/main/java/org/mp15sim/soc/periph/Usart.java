package org.mp15sim.soc.periph;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * A USART/UART used as an M4 console (USART3 at 0x4000F000, UART7 at 0x40018000; RM0436 "USART", FIFO
 * mode off). Transmission is instantaneous: a byte written to TDR goes to the listeners and the output
 * buffer at once, so ISR.TXE and ISR.TC read 1 whenever the transmitter is enabled (TC can be cleared
 * through ICR.TCCF until the next byte). Reception: {@link #receive} queues bytes from a scenario; RXNE
 * is set while the queue is not empty, RDR pops it, a byte arriving while RXNE is set and the queue holds
 * {@value #RX_DEPTH} bytes sets ORE. TEACK/REACK follow TE/RE. The interrupt line is
 * (TXEIE and TXE) or (TCIE and TC) or (RXNEIE and (RXNE or ORE)). Not modelled: baud timing, FIFO mode,
 * parity/framing errors, hardware flow control, DMA, wake-up from stop.
 */
public final class Usart extends Peripheral {
    public static final long USART3_BASE = 0x4000_F000L;
    public static final long UART7_BASE = 0x4001_8000L;
    public static final long SIZE = 0x400;
    public static final long CR1 = 0x00, ISR = 0x1C, ICR = 0x20, RDR = 0x24, TDR = 0x28;
    static final int RX_DEPTH = 64;

    private static final long UE = 1, RE = 1 << 2, TE = 1 << 3, RXNEIE = 1 << 5, TCIE = 1 << 6, TXEIE = 1 << 7;
    private static final long ORE = 1 << 3, RXNE = 1 << 5, TC = 1 << 6, TXE = 1 << 7, TEACK = 1L << 21, REACK = 1L << 22;

    private final Register cr1, isr;
    private final ArrayDeque<Integer> rx = new ArrayDeque<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<IntConsumer> listeners = new ArrayList<>();
    private final IrqLine irq;
    private boolean tcCleared;
    private boolean overrun;

    public Usart(Scheduler scheduler, String name, long base) {
        super(scheduler, name, base, SIZE);
        irq = new IrqLine(scheduler, name + " global");
        cr1 = reg("CR1", CR1).rw().onWrite((o, n, w) -> update());
        reg("CR2", 0x04).rw();
        reg("CR3", 0x08).rw();
        reg("BRR", 0x0C).rw(0xFFFF);
        reg("GTPR", 0x10).rw(0xFFFF);
        reg("RTOR", 0x14).rw();
        reg("RQR", 0x18).field("ABRRQ", 0, 1, Access.WO).field("SBKRQ", 1, 1, Access.WO).field("MMRQ", 2, 1, Access.WO)
                .field("RXFRQ", 3, 1, Access.WO).field("TXFRQ", 4, 1, Access.WO).onWrite((o, n, w) -> {
                    if ((w & (1 << 3)) != 0) rx.clear(); // RXFRQ flushes the receive data
                    update();
                });
        isr = reg("ISR", ISR).onRead(this::isrValue);
        reg("ICR", ICR).wo().onWrite((o, n, w) -> {
            if ((w & TC) != 0) tcCleared = true;   // TCCF
            if ((w & ORE) != 0) overrun = false;   // ORECF
            update();
        });
        reg("RDR", RDR).onRead(this::readRdr);
        reg("TDR", TDR).rw(0x1FF).onWrite((o, n, w) -> transmit((int) (w & 0xFF)));
        reg("PRESC", 0x2C).rw(0xF);
        reg("HWCFGR2", 0x3EC).reset(0x14).ro();
        reg("HWCFGR1", 0x3F0).reset(0x0001_1111L).ro();
        reg("VERR", 0x3F4).reset(0x21).ro();
        reg("IPIDR", 0x3F8).reset(0x0013_0003L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
    }

    private boolean enabled(long bit) { return cr1.isSet(UE) && cr1.isSet(bit); }

    private long isrValue() {
        long v = 0;
        if (enabled(TE)) {
            v |= TXE | TEACK;
            if (!tcCleared) v |= TC;
        }
        if (enabled(RE)) {
            v |= REACK;
            if (!rx.isEmpty()) v |= RXNE;
            if (overrun) v |= ORE;
        }
        return v;
    }

    private long readRdr() {
        Integer b = rx.poll();
        update();
        return b == null ? 0 : b;
    }

    private void transmit(int b) {
        if (!enabled(TE)) return; // the shift register is off: the byte is lost, as on the wire
        out.write(b);
        tcCleared = false;
        trace("tx", b, 0);
        for (IntConsumer l : listeners) l.accept(b);
        update();
    }

    private void update() {
        long s = isrValue();
        long c = cr1.get();
        boolean level = ((c & TXEIE) != 0 && (s & TXE) != 0) || ((c & TCIE) != 0 && (s & TC) != 0)
                || ((c & RXNEIE) != 0 && (s & (RXNE | ORE)) != 0);
        irq.set(level);
    }

    /** A scenario (or a host terminal) sends bytes to the M4. */
    public void receive(byte[] data) {
        for (byte b : data) {
            if (rx.size() >= RX_DEPTH) {
                overrun = true;
                continue;
            }
            rx.add(b & 0xFF);
        }
        update();
    }

    /** Called for every byte the M4 transmits. */
    public void addListener(IntConsumer byteListener) { listeners.add(byteListener); }

    /** Everything transmitted so far. */
    public byte[] output() { return out.toByteArray(); }

    public String outputText() { return out.toString(StandardCharsets.UTF_8); }

    /** The USART global interrupt (USART3: NVIC 39; UART7: NVIC 82). */
    public IrqLine irq() { return irq; }

    @Override
    public void reset() {
        super.reset();
        rx.clear();
        overrun = false;
        tcCleared = false;
        update();
    }
}
