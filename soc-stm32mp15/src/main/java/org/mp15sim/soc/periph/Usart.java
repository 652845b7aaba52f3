package org.mp15sim.soc.periph;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.SimTime;

/**
 * A USART/UART used as an M4 console (USART3 at 0x4000F000, UART7 at 0x40018000; RM0436 "USART", FIFO
 * mode off). Transmission goes through TDR and a shift register: a byte leaves the shift register, and
 * reaches the listeners, one frame time after it entered it (start + M data bits + parity + STOP bits at
 * the baud rate BRR and PRESC give from the kernel clock, pclk1 by default), so a firmware that polls TXE
 * spends the time it would on the board. TXE reads 1 while TDR is empty, TC once the shift register has
 * drained (ICR.TCCF clears it). With BRR = 0 (never programmed) bytes go out at once. Reception:
 * {@link #receive} queues bytes from a scenario; RXNE
 * is set while the queue is not empty, RDR pops it, a byte arriving while RXNE is set and the queue holds
 * {@value #RX_DEPTH} bytes sets ORE. TEACK/REACK follow TE/RE. The interrupt line is
 * (TXEIE and TXE) or (TCIE and TC) or (RXNEIE and (RXNE or ORE)). Not modelled: receive timing, FIFO
 * mode, parity/framing errors, hardware flow control, DMA, wake-up from stop.
 */
public final class Usart extends Peripheral {
    public static final long USART3_BASE = 0x4000_F000L;
    public static final long UART7_BASE = 0x4001_8000L;
    public static final long SIZE = 0x400;
    public static final long CR1 = 0x00, ISR = 0x1C, ICR = 0x20, RDR = 0x24, TDR = 0x28;
    static final int RX_DEPTH = 64;

    private static final long UE = 1, RE = 1 << 2, TE = 1 << 3, RXNEIE = 1 << 5, TCIE = 1 << 6, TXEIE = 1 << 7;
    private static final long ORE = 1 << 3, RXNE = 1 << 5, TC = 1 << 6, TXE = 1 << 7, TEACK = 1L << 21, REACK = 1L << 22;

    private static final int[] PRESCALER = {1, 2, 4, 6, 8, 10, 12, 16, 32, 64, 128, 256};

    private final Register cr1, cr2, brr, presc, isr;
    private final LongSupplier kernelClockHz;
    private final Timer shiftDone;
    private int shifting = -1;   // byte in the shift register, or -1
    private int tdr = -1;        // byte waiting in TDR, or -1
    private final ArrayDeque<Integer> rx = new ArrayDeque<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<IntConsumer> listeners = new ArrayList<>();
    private final IrqLine irq;
    private boolean tcCleared;
    private boolean overrun;

    /** {@code kernelClockHz}: usart_ker_ck (pclk1 unless RCC UARTxxCKSELR picks another source). */
    public Usart(Scheduler scheduler, String name, long base, LongSupplier kernelClockHz) {
        super(scheduler, name, base, SIZE);
        this.kernelClockHz = kernelClockHz;
        irq = new IrqLine(scheduler, name + " global");
        shiftDone = scheduler.timer(name + " tx", Scheduler.PRIO_HW, this::frameSent);
        cr1 = reg("CR1", CR1).rw().onWrite((o, n, w) -> update());
        cr2 = reg("CR2", 0x04).rw();
        reg("CR3", 0x08).rw();
        brr = reg("BRR", 0x0C).rw(0xFFFF);
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
        presc = reg("PRESC", 0x2C).rw(0xF);
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
            v |= TEACK;
            if (tdr < 0) v |= TXE;
            if (tdr < 0 && shifting < 0 && !tcCleared) v |= TC;
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
        if (!enabled(TE)) return; // the transmitter is off: the byte is lost, as on the wire
        tcCleared = false;
        long frame = framePs();
        if (frame == 0) {
            emit(b);
        } else if (shifting < 0) {
            shifting = b;
            shiftDone.scheduleIn(frame);
        } else {
            tdr = b; // overwrites an unsent TDR, as a write while TXE = 0 does
        }
        update();
    }

    private void frameSent() {
        emit(shifting);
        shifting = -1;
        if (tdr >= 0) {
            shifting = tdr;
            tdr = -1;
            shiftDone.scheduleIn(framePs());
        }
        update();
    }

    private void emit(int b) {
        out.write(b);
        trace("tx", b, 0);
        for (IntConsumer l : listeners) l.accept(b);
    }

    /** Time of one frame on the wire, 0 while BRR is unprogrammed. */
    private long framePs() {
        long div = brr.get() & 0xFFFF;
        if (div < 16 && (cr1.get() & (1 << 15)) == 0) return 0; // BRR below 16 is invalid with OVER8 = 0
        if (div == 0) return 0;
        int p = (int) Math.min(presc.get() & 0xF, PRESCALER.length - 1);
        double fck = (double) kernelClockHz.getAsLong() / PRESCALER[p];
        boolean over8 = (cr1.get() & (1 << 15)) != 0;
        double usartdiv = over8 ? ((div & 0xFFF0) | ((div & 7) << 1)) : div;
        double baud = (over8 ? 2 * fck : fck) / usartdiv;
        long c = cr1.get();
        int dataBits = ((c >>> 28) & 1) != 0 ? 7 : ((c >>> 12) & 1) != 0 ? 9 : 8; // M1:M0 = 10 -> 7, 01 -> 9
        double stop = switch ((int) ((cr2.get() >>> 12) & 3)) {
            case 1 -> 0.5;
            case 2 -> 2;
            case 3 -> 1.5;
            default -> 1;
        };
        double bits = 1 + dataBits + stop; // the parity bit replaces the MSB of the data word
        return Math.round(bits / baud * SimTime.S);
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
        shiftDone.cancel();
        shifting = -1;
        tdr = -1;
        rx.clear();
        overrun = false;
        tcCleared = false;
        update();
    }
}
