package org.mp15sim.tee.core;

import java.util.TreeMap;

/**
 * The TA heap as a byte budget: TEE_Malloc succeeds while the live allocations, each rounded up to 8
 * bytes plus a 16-byte allocator header (an estimate of bget's overhead, unconfirmed), fit the heap.
 * This reproduces OUT_OF_MEMORY for images with many program headers without modelling addresses.
 */
public final class TaHeap {
    /** Per-allocation overhead assumed for the allocator's bookkeeping. */
    public static final long OVERHEAD = 16;

    private final long capacity;
    private final TreeMap<Long, Long> live = new TreeMap<>();
    private long used;
    private long nextHandle = 1;
    private long peak;

    public TaHeap(long capacity) {
        this.capacity = capacity;
    }

    /** TEE_Malloc: a handle, or 0 when the heap cannot hold {@code size} more bytes. */
    public long malloc(long size) {
        long cost = ((size + 7) & ~7L) + OVERHEAD;
        if (size < 0 || cost > capacity - used) {
            return 0;
        }
        used += cost;
        peak = Math.max(peak, used);
        long handle = nextHandle++;
        live.put(handle, cost);
        return handle;
    }

    /** TEE_Free; freeing 0 does nothing, like TEE_Free(NULL). */
    public void free(long handle) {
        if (handle == 0) {
            return;
        }
        Long cost = live.remove(handle);
        if (cost == null) {
            throw new IllegalStateException("TEE_Free of a handle that is not allocated: " + handle);
        }
        used -= cost;
    }

    public long used() {
        return used;
    }

    public long peak() {
        return peak;
    }

    public long capacity() {
        return capacity;
    }
}
