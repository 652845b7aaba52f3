package org.mp15sim.core.mem;

/**
 * A block of memory-mapped registers. Offsets are relative to the block's base; sizes are 1, 2 or 4
 * bytes as the bus delivers them. Values are zero-extended in a long.
 */
public interface MmioDevice {
    String name();

    long read(BusMaster master, long offset, int size);

    void write(BusMaster master, long offset, int size, long value);
}
