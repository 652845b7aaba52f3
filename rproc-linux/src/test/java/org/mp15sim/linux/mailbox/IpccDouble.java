package org.mp15sim.linux.mailbox;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.MmioDevice;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * A test double of the IPCC register block (stm32mp15-hardware.md §1): both processor banks, SCR set/clear
 * semantics, level interrupt lines per processor, and a log of every access so tests can check the driver's
 * register sequence. The M4 side is driven by {@link #m4Post} / {@link #m4Ack}.
 */
final class IpccDouble implements MmioDevice {
    static final int C1CR = 0x00, C1MR = 0x04, C1SCR = 0x08, C1TOC2SR = 0x0C;
    static final int C2CR = 0x10, C2MR = 0x14, C2SCR = 0x18, C2TOC1SR = 0x1C;
    static final int HWCFGR = 0x3F0, VER = 0x3F4;

    final IrqLine a7Rx;
    final IrqLine a7Tx;
    final IrqLine m4Rx;
    final List<String> log = new ArrayList<>();
    int c1cr, c1mr, c2cr, c2mr, c1toc2sr, c2toc1sr;

    IpccDouble(Scheduler s) {
        a7Rx = new IrqLine(s, "ipcc_rx0");
        a7Tx = new IrqLine(s, "ipcc_tx0");
        m4Rx = new IrqLine(s, "ipcc_rx1");
    }

    @Override public String name() { return "ipcc-double"; }

    private static String reg(long off) {
        return switch ((int) off) {
            case C1CR -> "C1CR"; case C1MR -> "C1MR"; case C1SCR -> "C1SCR"; case C1TOC2SR -> "C1TOC2SR";
            case C2CR -> "C2CR"; case C2MR -> "C2MR"; case C2SCR -> "C2SCR"; case C2TOC1SR -> "C2TOC1SR";
            case HWCFGR -> "HWCFGR"; case VER -> "VER";
            default -> String.format("0x%03x", off);
        };
    }

    @Override
    public long read(BusMaster master, long offset, int size) {
        long v = switch ((int) offset) {
            case C1CR -> c1cr; case C1MR -> c1mr; case C1TOC2SR -> c1toc2sr;
            case C2CR -> c2cr; case C2MR -> c2mr; case C2TOC1SR -> c2toc1sr;
            case HWCFGR -> 6; case VER -> 0x10;
            default -> 0;
        };
        log.add("R " + reg(offset));
        return v & 0xFFFF_FFFFL;
    }

    @Override
    public void write(BusMaster master, long offset, int size, long value) {
        int v = (int) value;
        log.add(String.format("W %s 0x%08x", reg(offset), v));
        switch ((int) offset) {
            case C1CR -> c1cr = v & 0x0001_0001;
            case C1MR -> c1mr = v & 0x003F_003F;
            case C1SCR -> { c2toc1sr &= ~(v & 0x3F); c1toc2sr |= (v >>> 16) & 0x3F; }
            case C2CR -> c2cr = v & 0x0001_0001;
            case C2MR -> c2mr = v & 0x003F_003F;
            case C2SCR -> { c1toc2sr &= ~(v & 0x3F); c2toc1sr |= (v >>> 16) & 0x3F; }
            default -> { }
        }
        update();
    }

    void m4Post(int ch) { write(null, C2SCR, 4, 1L << (16 + ch)); }

    void m4Ack(int ch) { write(null, C2SCR, 4, 1L << ch); }

    private void update() {
        a7Rx.set((c1cr & 1) != 0 && (c2toc1sr & ~c1mr & 0x3F) != 0);
        a7Tx.set((c1cr & 0x10000) != 0 && (~c1toc2sr & ~(c1mr >>> 16) & 0x3F) != 0);
        m4Rx.set((c2cr & 1) != 0 && (c1toc2sr & ~c2mr & 0x3F) != 0);
    }

    /** Log entries that the A7 made (the double's own M4 writes carry master null and are filtered by tests). */
    List<String> takeLog() {
        List<String> l = new ArrayList<>(log);
        log.clear();
        return l;
    }
}
