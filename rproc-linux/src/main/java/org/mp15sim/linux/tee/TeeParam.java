package org.mp15sim.linux.tee;

/**
 * {@code struct tee_param} of the in-kernel TEE client API: a value (a, b, c) or a memory reference
 * (shm, offset, size). Output parameters are written back by the TEE driver after the call.
 */
public final class TeeParam {
    public static final int ATTR_TYPE_NONE = 0;
    public static final int ATTR_TYPE_VALUE_INPUT = 1;
    public static final int ATTR_TYPE_VALUE_OUTPUT = 2;
    public static final int ATTR_TYPE_VALUE_INOUT = 3;
    public static final int ATTR_TYPE_MEMREF_INPUT = 5;
    public static final int ATTR_TYPE_MEMREF_OUTPUT = 6;
    public static final int ATTR_TYPE_MEMREF_INOUT = 7;

    public int attr;
    public long a;
    public long b;
    public long c;
    public TeeShm shm;
    public long shmOffs;
    public long size;

    public static TeeParam valueInput(long a) {
        TeeParam p = new TeeParam();
        p.attr = ATTR_TYPE_VALUE_INPUT;
        p.a = a;
        return p;
    }

    public static TeeParam valueOutput() {
        TeeParam p = new TeeParam();
        p.attr = ATTR_TYPE_VALUE_OUTPUT;
        return p;
    }

    public static TeeParam memrefInput(TeeShm shm, long offset, long size) {
        TeeParam p = new TeeParam();
        p.attr = ATTR_TYPE_MEMREF_INPUT;
        p.shm = shm;
        p.shmOffs = offset;
        p.size = size;
        return p;
    }

    /** An unused slot. */
    public static TeeParam none() { return new TeeParam(); }

    @Override
    public String toString() {
        return switch (attr) {
            case ATTR_TYPE_NONE -> "NONE";
            case ATTR_TYPE_VALUE_INPUT, ATTR_TYPE_VALUE_OUTPUT, ATTR_TYPE_VALUE_INOUT -> "VALUE(" + attr + ": a=0x" + Long.toHexString(a) + " b=0x" + Long.toHexString(b) + ")";
            default -> "MEMREF(" + attr + ": " + size + " bytes)";
        };
    }
}
