package org.mp15sim.tee.client;

import org.mp15sim.tee.core.TeeParamType;

/**
 * struct tee_param as a kernel client fills it: an attribute (TEE_IOCTL_PARAM_ATTR_TYPE_*) and either a
 * value (u64 a, b, c) or a memref (shm, shm_offs, size). Output values are written back after the call.
 */
public final class TeeClientParam {
    private final TeeParamType attr;
    private long a;
    private long b;
    private long c;
    private final TeeShm shm;
    private final long shmOffset;
    private long size;

    private TeeClientParam(TeeParamType attr, long a, long b, long c, TeeShm shm, long shmOffset, long size) {
        this.attr = attr;
        this.a = a;
        this.b = b;
        this.c = c;
        this.shm = shm;
        this.shmOffset = shmOffset;
        this.size = size;
    }

    public static TeeClientParam none() {
        return new TeeClientParam(TeeParamType.NONE, 0, 0, 0, null, 0, 0);
    }

    public static TeeClientParam valueInput(long a, long b, long c) {
        return new TeeClientParam(TeeParamType.VALUE_INPUT, a, b, c, null, 0, 0);
    }

    public static TeeClientParam valueInput(long a) {
        return valueInput(a, 0, 0);
    }

    public static TeeClientParam valueOutput() {
        return new TeeClientParam(TeeParamType.VALUE_OUTPUT, 0, 0, 0, null, 0, 0);
    }

    public static TeeClientParam valueInout(long a, long b, long c) {
        return new TeeClientParam(TeeParamType.VALUE_INOUT, a, b, c, null, 0, 0);
    }

    public static TeeClientParam memrefInput(TeeShm shm, long offset, long size) {
        return new TeeClientParam(TeeParamType.MEMREF_INPUT, 0, 0, 0, shm, offset, size);
    }

    public static TeeClientParam memrefOutput(TeeShm shm, long offset, long size) {
        return new TeeClientParam(TeeParamType.MEMREF_OUTPUT, 0, 0, 0, shm, offset, size);
    }

    public static TeeClientParam memrefInout(TeeShm shm, long offset, long size) {
        return new TeeClientParam(TeeParamType.MEMREF_INOUT, 0, 0, 0, shm, offset, size);
    }

    public TeeParamType attr() {
        return attr;
    }

    public long a() {
        return a;
    }

    public long b() {
        return b;
    }

    public long c() {
        return c;
    }

    public TeeShm shm() {
        return shm;
    }

    public long shmOffset() {
        return shmOffset;
    }

    public long size() {
        return size;
    }

    void setValue(long a, long b) {
        this.a = a;
        this.b = b;
    }
}
