package org.mp15sim.core.cpu;

import org.mp15sim.core.unicorn.MmioHandler;

/**
 * The Private Peripheral Bus outside the SCS (0xE0000000-0xE00FFFFF): ITM, DWT, FPB, TPIU, ETM and
 * the ROM table. Only DWT_CTRL.CYCCNTENA and DWT_CYCCNT are modelled (firmware uses the cycle
 * counter for busy delays); everything else reads as zero and ignores writes, as a core with no
 * debugger attached mostly behaves.
 */
final class PrivatePeripheralBus {
    static final long DWT_CTRL = 0xE000_1000L;
    static final long DWT_CYCCNT = 0xE000_1004L;

    private final java.util.function.LongSupplier cycles;
    private int dwtCtrl;
    private long cyccntBase;
    private long cyccntAtBase;

    PrivatePeripheralBus(java.util.function.LongSupplier cycles) {
        this.cycles = cycles;
    }

    private boolean counting() {
        return (dwtCtrl & 1) != 0;
    }

    private int cyccnt() {
        return (int) (counting() ? cyccntAtBase + cycles.getAsLong() - cyccntBase : cyccntAtBase);
    }

    /** The handler for a window starting at {@code base}. */
    MmioHandler at(long base) {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                long a = base + offset;
                if (a == DWT_CTRL) {
                    return dwtCtrl & 0xFFFF_FFFFL;
                }
                if (a == DWT_CYCCNT) {
                    return cyccnt() & 0xFFFF_FFFFL;
                }
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                long a = base + offset;
                if (a == DWT_CTRL) {
                    int now = cyccnt();
                    dwtCtrl = (int) value;
                    cyccntAtBase = now & 0xFFFF_FFFFL;
                    cyccntBase = cycles.getAsLong();
                } else if (a == DWT_CYCCNT) {
                    cyccntAtBase = value & 0xFFFF_FFFFL;
                    cyccntBase = cycles.getAsLong();
                }
            }
        };
    }
}
