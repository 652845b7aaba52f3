package org.mp15sim.core.unicorn;

/**
 * The Java side of a {@code uc_mmio_map} region. Offsets are relative to the region's base.
 * Implementations must not call {@code uc_emu_stop} to change control flow: the guest PC seen after
 * such a stop is not the next instruction (see spec unicorn-cortex-m.md §5).
 */
public interface MmioHandler {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
