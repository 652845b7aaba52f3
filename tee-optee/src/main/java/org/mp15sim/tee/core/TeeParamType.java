package org.mp15sim.tee.core;

/** TEE_PARAM_TYPE_* (same numbers as the Linux TEE_IOCTL_PARAM_ATTR_TYPE_* of tee_param.attr). */
public enum TeeParamType {
    NONE(0),
    VALUE_INPUT(1),
    VALUE_OUTPUT(2),
    VALUE_INOUT(3),
    MEMREF_INPUT(5),
    MEMREF_OUTPUT(6),
    MEMREF_INOUT(7);

    private final int code;

    TeeParamType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isValue() {
        return code >= 1 && code <= 3;
    }

    public boolean isMemref() {
        return code >= 5;
    }

    /** Whether the TA may write the parameter back (OUTPUT or INOUT). */
    public boolean isOutput() {
        return (code & 2) != 0;
    }

    /** The type with this 4-bit code, or {@code null} (4 and 8..15 are not valid types). */
    public static TeeParamType of(int code) {
        for (TeeParamType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** TEE_PARAM_TYPES(t0, t1, t2, t3) = t0 | t1 << 4 | t2 << 8 | t3 << 12. */
    public static int types(TeeParamType t0, TeeParamType t1, TeeParamType t2, TeeParamType t3) {
        return t0.code | t1.code << 4 | t2.code << 8 | t3.code << 12;
    }

    /** TEE_PARAM_TYPE_GET(types, index) as a raw 4-bit code. */
    public static int codeAt(int types, int index) {
        return (types >>> (4 * index)) & 0xF;
    }
}
