package org.mp15sim.core.dt;

/**
 * One {@code ranges} or {@code dma-ranges} triple: an address in the node's (child bus) space, the
 * matching address in the parent bus space, and the window size.
 */
public record Range(long childAddress, long parentAddress, long size) {
    /** True if the parent-bus window [parentAddress, parentAddress + size) contains all of [address, address + length). */
    public boolean containsParent(long address, long length) {
        return contains(parentAddress, address, length);
    }

    /** True if the child-bus window contains all of [address, address + length). */
    public boolean containsChild(long address, long length) {
        return contains(childAddress, address, length);
    }

    /** Parent-bus address to child-bus address (no bounds check). */
    public long toChild(long parent) {
        return parent - parentAddress + childAddress;
    }

    /** Child-bus address to parent-bus address (no bounds check). */
    public long toParent(long child) {
        return child - childAddress + parentAddress;
    }

    private boolean contains(long base, long address, long length) {
        long offset = address - base;
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(length, size) <= 0
                && Long.compareUnsigned(offset, size - length) <= 0;
    }

    @Override
    public String toString() {
        return String.format("Range[child 0x%x, parent 0x%x, size 0x%x]", childAddress, parentAddress, size);
    }
}
