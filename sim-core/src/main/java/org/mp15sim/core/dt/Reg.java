package org.mp15sim.core.dt;

/**
 * One {@code reg} entry decoded with the parent's {@code #address-cells} / {@code #size-cells}.
 * With {@code #size-cells = <0>} the size is 0.
 */
public record Reg(long address, long size) {
    /** The first address after the region. */
    public long end() {
        return address + size;
    }

    @Override
    public String toString() {
        return String.format("Reg[0x%x, size 0x%x]", address, size);
    }
}
