package org.mp15sim.tee.client;

import java.lang.foreign.MemorySegment;

/**
 * struct tee_shm: a normal-world buffer registered with the TEE. The secure world reads the same bytes
 * (no copy), so changes the normal world makes after registration are visible to the TA.
 */
public final class TeeShm {
    private final TeeContext context;
    private final int id;
    private final MemorySegment buffer;
    private final long address;
    private boolean freed;

    TeeShm(TeeContext context, int id, MemorySegment buffer, long address) {
        this.context = context;
        this.id = id;
        this.buffer = buffer;
        this.address = address;
    }

    public int id() {
        return id;
    }

    /** The registered bytes (shared, not a copy). */
    public MemorySegment buffer() {
        return buffer;
    }

    /** Address of the first byte (its alignment is what the TA checks). */
    public long address() {
        return address;
    }

    public long size() {
        return buffer.byteSize();
    }

    public boolean isFreed() {
        return freed;
    }

    TeeContext context() {
        return context;
    }

    void markFreed() {
        freed = true;
    }
}
