package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * IPCC, the inter-processor doorbell (RM0436 "IPCC"; spec stm32mp15-hardware.md §1). Six channels, one
 * occupied flag per channel and direction; processor 1 is the A7 (C1 bank at 0x00), processor 2 the M4
 * (C2 bank at 0x10). A processor sets its own flag with CHnS in its xSCR and clears the other side's flag
 * with CHnC. Four level outputs, recomputed after every change:
 * <pre>
 *   RXO(P) = P.CR.RXOIE and (otherSR  &amp; ~P.MR[5:0])   != 0
 *   TXF(P) = P.CR.TXFIE and (~P.SR    &amp; ~P.MR[21:16]) != 0   (over the 6 channels)
 * </pre>
 * Not modelled: the IPCC clock gate (RCC IPCCEN) — accesses work whether or not a core enabled it.
 * <p>
 * Fault injection: {@link #dropM4Acks(int)} makes the M4's acknowledgements of a channel (CHnC in C2SCR, which
 * clears the A7's flag and is what Linux's mailbox sees as "tx done") get lost from then on.
 */
public final class Ipcc extends Peripheral {
    public static final long BASE = 0x4C00_1000L;
    public static final long SIZE = 0x400;
    public static final int CHANNELS = 6;
    private static final long CH_MASK = (1L << CHANNELS) - 1;

    // Register offsets (RM0436 / CMSIS IPCC_TypeDef).
    public static final long C1CR = 0x000, C1MR = 0x004, C1SCR = 0x008, C1TOC2SR = 0x00C;
    public static final long C2CR = 0x010, C2MR = 0x014, C2SCR = 0x018, C2TOC1SR = 0x01C;
    public static final long HWCFGR = 0x3F0, VER = 0x3F4, ID = 0x3F8, SID = 0x3FC;

    public static final long RXOIE = 1L, TXFIE = 1L << 16;

    private final Register c1cr, c1mr, c1toc2sr, c2cr, c2mr, c2toc1sr;
    private final IrqLine c1Rxo, c1Txf, c2Rxo, c2Txf;
    /** Fault injection: channels whose M4-side clear (C2SCR CHnC) is lost; survives the block's reset. */
    private long droppedAckChannels;
    private long droppedAcks;

    public Ipcc(Scheduler scheduler) {
        super(scheduler, "IPCC", BASE, SIZE);
        c1Rxo = new IrqLine(scheduler, "IPCC_RX0 (C1 RX occupied)");
        c1Txf = new IrqLine(scheduler, "IPCC_TX0 (C1 TX free)");
        c2Rxo = new IrqLine(scheduler, "IPCC_RX1 (C2 RX occupied)");
        c2Txf = new IrqLine(scheduler, "IPCC_TX1 (C2 TX free)");
        c1cr = control("C1CR", C1CR);
        c1mr = mask("C1MR", C1MR);
        setClear("C1SCR", C1SCR, 1);
        c1toc2sr = status("C1TOC2SR", C1TOC2SR);
        c2cr = control("C2CR", C2CR);
        c2mr = mask("C2MR", C2MR);
        setClear("C2SCR", C2SCR, 2);
        c2toc1sr = status("C2TOC1SR", C2TOC1SR);
        // CHANNELS = 6 is what Linux sizes its mailbox from; the other identification values are not in
        // the sources we read (spec §1.1 marks them unconfirmed) and nothing depends on them.
        reg("HWCFGR", HWCFGR).reset(CHANNELS).field("CHANNELS", 0, 8, Access.RO);
        reg("VER", VER).reset(0x10).field("MINREV", 0, 4, Access.RO).field("MAJREV", 4, 4, Access.RO);
        reg("ID", ID).reset(0x0010_0071L).ro();
        reg("SID", SID).reset(0xA3C5_DD01L).ro();
    }

    private Register control(String name, long off) {
        return reg(name, off).field("RXOIE", 0, 1, Access.RW).field("TXFIE", 16, 1, Access.RW)
                .onWrite((o, n, w) -> update());
    }

    private Register mask(String name, long off) {
        // Both drivers program MR before use; all-masked is the state they leave it in (spec §1.1).
        Register r = reg(name, off).reset(0x003F_003FL);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            r.field("CH" + ch + "OM", ch - 1, 1, Access.RW).field("CH" + ch + "FM", 15 + ch, 1, Access.RW);
        }
        return r.onWrite((o, n, w) -> update());
    }

    private void setClear(String name, long off, int proc) {
        // Write-only: it reads 0, which the HAL's "SCR |= x" relies on (spec §1.4 note).
        Register r = reg(name, off);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            r.field("CH" + ch + "C", ch - 1, 1, Access.WO).field("CH" + ch + "S", 15 + ch, 1, Access.WO);
        }
        r.onWrite((o, n, w) -> {
            long clear = w & CH_MASK;
            long set = (w >>> 16) & CH_MASK;
            Register own = proc == 1 ? c1toc2sr : c2toc1sr;
            Register other = proc == 1 ? c2toc1sr : c1toc2sr;
            if (proc == 2 && (clear & droppedAckChannels) != 0) {
                long lost = clear & droppedAckChannels;
                droppedAcks += Long.bitCount(lost & other.get()); // acks of a posted message, not idle clears
                trace("C2SCR ack dropped (fault)", lost, other.get() & lost);
                clear &= ~lost;
            }
            other.clearBits(clear);
            own.setBits(set);
            if (clear != 0 || set != 0) trace(proc == 1 ? "C1SCR" : "C2SCR", set, clear);
            update();
        });
    }

    private Register status(String name, long off) {
        Register r = reg(name, off);
        for (int ch = 1; ch <= CHANNELS; ch++) r.field("CH" + ch + "F", ch - 1, 1, Access.RO);
        return r;
    }

    private void update() {
        c1Rxo.set(rxo(c1cr, c1mr, c2toc1sr));
        c1Txf.set(txf(c1cr, c1mr, c1toc2sr));
        c2Rxo.set(rxo(c2cr, c2mr, c1toc2sr));
        c2Txf.set(txf(c2cr, c2mr, c2toc1sr));
    }

    /** RX occupied of a processor: a channel the other side posted is unmasked. */
    static boolean rxo(long cr, long mr, long otherSr) {
        return (cr & RXOIE) != 0 && (otherSr & ~mr & CH_MASK) != 0;
    }

    /** TX free of a processor: a channel of its own is free and its free-mask bit is clear. */
    static boolean txf(long cr, long mr, long ownSr) {
        return (cr & TXFIE) != 0 && (~ownSr & ~(mr >>> 16) & CH_MASK) != 0;
    }

    private static boolean rxo(Register cr, Register mr, Register otherSr) { return rxo(cr.get(), mr.get(), otherSr.get()); }
    private static boolean txf(Register cr, Register mr, Register ownSr) { return txf(cr.get(), mr.get(), ownSr.get()); }

    /** A7 "RX occupied": to EXTI line 61 (direct) and on to GIC SPI 100. */
    public IrqLine c1RxOccupied() { return c1Rxo; }
    /** A7 "TX free": GIC SPI 101. */
    public IrqLine c1TxFree() { return c1Txf; }
    /** M4 "RX occupied": NVIC IRQ 103 (IPCC_RX1_IRQn). */
    public IrqLine c2RxOccupied() { return c2Rxo; }
    /** M4 "TX free": NVIC IRQ 104 (IPCC_TX1_IRQn). */
    public IrqLine c2TxFree() { return c2Txf; }

    /** C1TOC2SR: channels the A7 posted that the M4 has not yet cleared (bit n = channel index n). */
    public int a7ToM4Occupied() { return c1toc2sr.getInt(); }
    /** C2TOC1SR: channels the M4 posted that the A7 has not yet cleared. */
    public int m4ToA7Occupied() { return c2toc1sr.getInt(); }

    /**
     * Fault injection: from now on the M4's writes of CHnC to C2SCR for {@code channel} (0-based, Linux's
     * channel number; bit n = CH(n+1)) are lost, as if the firmware never acknowledged: the A7's flag stays
     * occupied, so C1's TX-free output never rises for it and a message Linux posts there is never "tx done".
     * Other bits of the same write (other channels, CHnS) act normally. The M4 still sees the flag in
     * C1TOC2SR and its RX-occupied output stays high while the channel is unmasked. Cumulative, and kept
     * across the block's reset (it models a fault of the firmware side, not a register state).
     */
    public void dropM4Acks(int channel) {
        if (channel < 0 || channel >= CHANNELS) {
            throw new IllegalArgumentException("IPCC channel " + channel + " does not exist (channels 0.." + (CHANNELS - 1) + ")");
        }
        droppedAckChannels |= 1L << channel;
        trace("fault: M4 acks dropped", channel, droppedAckChannels);
    }

    /** Channels {@link #dropM4Acks} applies to (bit n = channel n); 0 without the fault. */
    public int m4AcksDroppedChannels() { return (int) droppedAckChannels; }

    /** How many M4 acknowledgements of a posted message (flag set) were lost to {@link #dropM4Acks}. */
    public long droppedM4Acks() { return droppedAcks; }

    /** Hardware reset of the block (both banks): flags clear, everything masked, lines low. */
    @Override
    public void reset() {
        super.reset();
        update();
    }
}
