package org.mp15sim.tee.core;

/**
 * A TEE_Param: a value pair (u32 a, b) or a memref, interpreted by the parameter-types word that
 * travels with it. Mutable like the C union: output values are written in place.
 */
public final class TeeParam {
    private long a;
    private long b;
    private TeeMemref memref;

    public static TeeParam[] none() {
        return new TeeParam[] {new TeeParam(), new TeeParam(), new TeeParam(), new TeeParam()};
    }

    public static TeeParam value(long a, long b) {
        TeeParam p = new TeeParam();
        p.setValue(a, b);
        return p;
    }

    public static TeeParam memref(TeeMemref memref) {
        TeeParam p = new TeeParam();
        p.memref = memref;
        return p;
    }

    /** value.a as an unsigned 32-bit number. */
    public long a() {
        return a;
    }

    public long b() {
        return b;
    }

    /** Sets value.a/value.b; only the low 32 bits are kept, as in the u32 fields. */
    public void setValue(long a, long b) {
        this.a = a & 0xFFFF_FFFFL;
        this.b = b & 0xFFFF_FFFFL;
    }

    /** The memref, or {@code null} when none was passed (a NULL buffer). */
    public TeeMemref memref() {
        return memref;
    }

    public void setMemref(TeeMemref memref) {
        this.memref = memref;
    }
}
