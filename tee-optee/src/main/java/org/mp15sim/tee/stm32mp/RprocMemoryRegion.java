package org.mp15sim.tee.stm32mp;

/**
 * One reserved-memory region of the remote processor, as the driver builds it from the DT
 * {@code memory-region} phandles and the bus {@code dma-ranges}.
 *
 * @param name   reserved-memory node name (retram, mcuram, vdev0vring0, ...)
 * @param pa     base address in the A7 (CPU) physical space
 * @param da     base address as the remote processor sees it
 * @param size   size in bytes
 * @param shared an IPC region (vrings, rpmsg buffers, IPC shared memory) that the normal world must keep
 *               using while the firmware runs; the opt-in isolation policy never closes it
 */
public record RprocMemoryRegion(String name, long pa, long da, long size, boolean shared) {
    public RprocMemoryRegion {
        if (size < 0 || pa < 0 || da < 0) {
            throw new IllegalArgumentException("region " + name + ": negative address or size");
        }
    }

    /** Whether [da, da + len) lies in this region (core_is_buffer_inside on 32-bit addresses). */
    public boolean containsDa(long address, long len) {
        return inside(address, len, da, size);
    }

    public boolean containsPa(long address, long len) {
        return inside(address, len, pa, size);
    }

    static boolean inside(long b, long bl, long a, long al) {
        if (bl <= 0 || al <= 0) {
            return false;
        }
        long bEnd = b + bl - 1;
        long aEnd = a + al - 1;
        if (bEnd > 0xFFFF_FFFFL || aEnd > 0xFFFF_FFFFL) {
            return false; // wraps a 32-bit paddr_t
        }
        return b >= a && bEnd <= aEnd;
    }

    @Override
    public String toString() {
        return String.format("%s pa 0x%08x da 0x%08x size 0x%x%s", name, pa, da, size, shared ? " (shared)" : "");
    }
}
