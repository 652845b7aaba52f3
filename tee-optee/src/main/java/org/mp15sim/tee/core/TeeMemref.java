package org.mp15sim.tee.core;

import java.lang.foreign.MemorySegment;

/**
 * A memory reference as the TA sees it: the bytes (a view, never a copy — for shared memory the normal
 * world can change them while the TA reads) and the buffer's address, which alignment checks use.
 *
 * @param buffer  {@code size} bytes
 * @param address address of the first byte as mapped for the TA (its low bits are those of the
 *                registered buffer plus the memref offset)
 */
public record TeeMemref(MemorySegment buffer, long address) {
    public long size() {
        return buffer.byteSize();
    }

    /** A TA-private buffer (heap), 8-byte aligned like TEE_Malloc. */
    public static TeeMemref of(byte[] bytes) {
        return new TeeMemref(MemorySegment.ofArray(bytes), 0);
    }
}
