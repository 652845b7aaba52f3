package org.mp15sim.linux.remoteproc;

import java.lang.foreign.MemorySegment;
import java.util.TreeMap;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.linux.virtio.DmaBuffer;

/**
 * A per-device coherent memory pool ({@code dma_declare_coherent_memory} / a "shared-dma-pool" reserved-memory
 * region): page-granular first-fit allocation over physical memory reached through the A7 bus. The device
 * address equals the physical address (no IOMMU on the MP15 M4 path).
 */
public final class DmaCoherentPool {
    private static final long PAGE = 4096;
    private final AddressSpace bus;
    private final long base;
    private final long size;
    private final String name;
    /** Allocated ranges: start → length (sorted, so allocation is deterministic). */
    private final TreeMap<Long, Long> used = new TreeMap<>();

    public DmaCoherentPool(AddressSpace bus, String name, long base, long size) {
        this.bus = bus;
        this.name = name;
        this.base = base;
        this.size = size;
    }

    public String name() { return name; }
    public long base() { return base; }
    public long size() { return size; }

    /** {@code dma_alloc_coherent()}: zeroed memory, or null when the pool has no room. */
    public DmaBuffer alloc(long len) {
        if (len <= 0) return null;
        long need = (len + PAGE - 1) & -PAGE;
        long cursor = base;
        for (var e : used.entrySet()) {
            if (e.getKey() - cursor >= need) break;
            cursor = Math.max(cursor, e.getKey() + e.getValue());
        }
        if (cursor + need > base + size) return null;
        used.put(cursor, need);
        MemorySegment va = bus.slice(cursor, len, true);
        va.fill((byte) 0);
        return new DmaBuffer(va, cursor);
    }

    /** {@code dma_free_coherent()}. */
    public void free(long dma) { used.remove(dma); }

    @Override public String toString() { return String.format("%s [0x%08x, +0x%x)", name, base, size); }
}
