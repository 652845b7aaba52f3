package org.mp15sim.core.reg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One 32-bit register declared fluently: offset, reset value, per-bit access kinds, named fields and
 * side-effect callbacks. Bits not covered by any field or access declaration are reserved: read as stored
 * (the reset value) and not writable.
 */
public final class Register {
    /** Side effect of a write, after the stored value was updated. {@code written} is the raw bus value. */
    @FunctionalInterface
    public interface WriteHook {
        void onWrite(long oldValue, long newValue, long written);
    }

    private final RegisterBlock block;
    private final String name;
    private final long offset;
    private long reset;
    long value;
    private long rw, w1s, w1c, wo;
    private LongSupplier reader;
    private WriteHook writeHook;
    private final List<Field> fields = new ArrayList<>();

    Register(RegisterBlock block, String name, long offset) {
        this.block = block;
        this.name = name;
        this.offset = offset;
    }

    public String name() { return name; }
    public long offset() { return offset; }
    public List<Field> fields() { return Collections.unmodifiableList(fields); }

    // ----------------------------------------------------------- declaration

    public Register reset(long v) {
        reset = v & 0xFFFF_FFFFL;
        value = reset;
        return this;
    }

    /** Declares the access kind of the bits in {@code mask}. */
    public Register access(Access a, long mask) {
        rw &= ~mask; w1s &= ~mask; w1c &= ~mask; wo &= ~mask;
        switch (a) {
            case RW -> rw |= mask;
            case W1S -> w1s |= mask;
            case W1C -> w1c |= mask;
            case WO -> wo |= mask;
            case RO -> { }
        }
        return this;
    }

    public Register rw(long mask) { return access(Access.RW, mask); }
    public Register rw() { return rw(0xFFFF_FFFFL); }
    public Register ro() { return access(Access.RO, 0xFFFF_FFFFL); }
    public Register w1c(long mask) { return access(Access.W1C, mask); }
    public Register w1s(long mask) { return access(Access.W1S, mask); }
    public Register wo(long mask) { return access(Access.WO, mask); }
    public Register wo() { return wo(0xFFFF_FFFFL); }

    /** A named field; its access kind applies to its bits. */
    public Register field(String fieldName, int lsb, int width, Access a) {
        Field f = new Field(this, fieldName, lsb, width);
        fields.add(f);
        access(a, f.mask());
        return this;
    }

    /** The value is computed on every read (status registers derived from other state). */
    public Register onRead(LongSupplier supplier) {
        this.reader = supplier;
        return this;
    }

    public Register onWrite(WriteHook hook) {
        this.writeHook = hook;
        return this;
    }

    /** Ends the declaration of this register and returns the block for the next one. */
    public RegisterBlock end() { return block; }

    // ----------------------------------------------------------- model-side access

    /** The stored value (models use this; it ignores access kinds and hooks). */
    public long get() { return value; }
    public int getInt() { return (int) value; }
    /** Sets the stored value directly (hardware updating its own status bits). */
    public void set(long v) { value = v & 0xFFFF_FFFFL; }
    public void setBits(long mask) { value |= mask; }
    public void clearBits(long mask) { value &= ~mask; }
    public boolean isSet(long mask) { return (value & mask) != 0; }

    public Field field(String fieldName) {
        for (Field f : fields) if (f.name().equals(fieldName)) return f;
        throw new IllegalArgumentException(block.name() + "." + name + ": no field " + fieldName);
    }

    void resetValue() { value = reset; }

    // ----------------------------------------------------------- bus-side access

    long busRead() {
        long v = reader != null ? reader.getAsLong() & 0xFFFF_FFFFL : value;
        return v & ~wo;
    }

    /** Applies a write of {@code v} restricted to byte lanes {@code lanes}. */
    void busWrite(long v, long lanes) {
        long old = value;
        long nv = (old & ~(rw & lanes)) | (v & rw & lanes);
        nv |= v & w1s & lanes;
        nv &= ~(v & w1c & lanes);
        nv = (nv & ~(wo & lanes)) | (v & wo & lanes);
        value = nv;
        if (writeHook != null) writeHook.onWrite(old, nv, v & lanes);
    }

    @Override public String toString() { return String.format("%s.%s@0x%03x=0x%08x", block.name(), name, offset, value); }
}
