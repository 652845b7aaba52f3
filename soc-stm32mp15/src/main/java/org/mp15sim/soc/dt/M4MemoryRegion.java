package org.mp15sim.soc.dt;

/**
 * One M4 carve-out from {@code memory-region}: the reserved-memory node's base name (what Linux
 * names the carveout, e.g. {@code "vdev0vring0"}), its A7 physical address, the M4 device address
 * through the mlahb dma-ranges, and its size.
 */
public record M4MemoryRegion(String name, String nodePath, long pa, long da, long size, boolean noMap) {
    public boolean containsPa(long address) {
        return Long.compareUnsigned(address - pa, size) < 0;
    }

    public boolean containsDa(long address) {
        return Long.compareUnsigned(address - da, size) < 0;
    }

    @Override
    public String toString() {
        return String.format("%s pa 0x%x da 0x%x size 0x%x", name, pa, da, size);
    }
}
