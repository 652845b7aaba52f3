package org.mp15sim.core.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A fixed set of 32-bit registers read or written with one native call
 * ({@code uc_reg_read_batch}/{@code uc_reg_write_batch}); buffers are allocated once.
 */
public final class RegisterBatch {
    private final Unicorn engine;
    private final int[] ids;
    private final MemorySegment idSeg;
    private final MemorySegment values;
    private final MemorySegment pointers;

    RegisterBatch(Unicorn engine, Arena arena, int[] ids) {
        this.engine = engine;
        this.ids = ids.clone();
        this.idSeg = arena.allocate(JAVA_INT, Math.max(1, ids.length));
        this.values = arena.allocate(JAVA_LONG, Math.max(1, ids.length));
        this.pointers = arena.allocate(ADDRESS, Math.max(1, ids.length));
        for (int i = 0; i < ids.length; i++) {
            idSeg.setAtIndex(JAVA_INT, i, ids[i]);
            pointers.setAtIndex(ADDRESS, i, values.asSlice(8L * i, 8));
        }
    }

    public int size() {
        return ids.length;
    }

    /**
     * Replaces the register at {@code index}: one batch object then serves sequences that differ per
     * call (e.g. mode switches whose order matters; Unicorn applies a batch write in order).
     */
    public RegisterBatch id(int index, int regId) {
        ids[index] = regId;
        idSeg.setAtIndex(JAVA_INT, index, regId);
        return this;
    }

    /** Writes the first {@code count} entries, in order. */
    public void write(int count) {
        if (count < 0 || count > ids.length) {
            throw new IllegalArgumentException("batch of " + ids.length + " registers, asked to write " + count);
        }
        int err;
        try {
            err = engine.writeBatch(idSeg, pointers, count);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException("uc_reg_write_batch", err, engine.safePc(), count + " registers");
        }
    }

    /** Read every register into this batch's buffer. */
    public RegisterBatch read() {
        values.fill((byte) 0);
        int err;
        try {
            err = engine.readBatch(idSeg, pointers, ids.length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException("uc_reg_read_batch", err, engine.safePc(), ids.length + " registers");
        }
        return this;
    }

    /** Write every buffered value to its register, in order. */
    public void write() {
        write(ids.length);
    }

    public int get(int index) {
        return values.getAtIndex(JAVA_INT, 2L * index);
    }

    public RegisterBatch set(int index, int value) {
        values.setAtIndex(JAVA_LONG, index, value & 0xffffffffL);
        return this;
    }
}
