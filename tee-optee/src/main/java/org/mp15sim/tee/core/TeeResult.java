package org.mp15sim.tee.core;

/**
 * TEE_Result values (GlobalPlatform TEE Internal Core API, optee_os lib/libutee/include/tee_api_defines.h).
 * {@link #code()} is the 32-bit value the normal world sees in {@code ret}.
 */
public enum TeeResult {
    SUCCESS(0x00000000),
    CORRUPT_OBJECT(0xF0100001),
    CORRUPT_OBJECT_2(0xF0100002),
    STORAGE_NOT_AVAILABLE(0xF0100003),
    STORAGE_NOT_AVAILABLE_2(0xF0100004),
    GENERIC(0xFFFF0000),
    ACCESS_DENIED(0xFFFF0001),
    CANCEL(0xFFFF0002),
    ACCESS_CONFLICT(0xFFFF0003),
    EXCESS_DATA(0xFFFF0004),
    BAD_FORMAT(0xFFFF0005),
    BAD_PARAMETERS(0xFFFF0006),
    BAD_STATE(0xFFFF0007),
    ITEM_NOT_FOUND(0xFFFF0008),
    NOT_IMPLEMENTED(0xFFFF0009),
    NOT_SUPPORTED(0xFFFF000A),
    NO_DATA(0xFFFF000B),
    OUT_OF_MEMORY(0xFFFF000C),
    BUSY(0xFFFF000D),
    COMMUNICATION(0xFFFF000E),
    SECURITY(0xFFFF000F),
    SHORT_BUFFER(0xFFFF0010),
    EXTERNAL_CANCEL(0xFFFF0011),
    OVERFLOW(0xFFFF300F),
    TARGET_DEAD(0xFFFF3024),
    STORAGE_NO_SPACE(0xFFFF3041),
    MAC_INVALID(0xFFFF3071),
    SIGNATURE_INVALID(0xFFFF3072),
    TIME_NOT_SET(0xFFFF5000),
    TIME_NEEDS_RESET(0xFFFF5001);

    private final int code;

    TeeResult(int code) {
        this.code = code;
    }

    /** The TEE_Result as a 32-bit value. */
    public int code() {
        return code;
    }

    public boolean isSuccess() {
        return this == SUCCESS;
    }

    /** The C name: {@code TEE_SUCCESS}, {@code TEE_ERROR_BAD_PARAMETERS}, ... */
    public String teeName() {
        return this == SUCCESS ? "TEE_SUCCESS" : "TEE_ERROR_" + name();
    }

    /** The constant with this code, or {@code null} for a value no TEE_ERROR_* names. */
    public static TeeResult of(int code) {
        for (TeeResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }

    /** {@code TEE_ERROR_BAD_FORMAT (0xffff0005)}, or the hex value for an unnamed code. */
    public static String describe(int code) {
        TeeResult r = of(code);
        return r == null ? String.format("0x%08x", code) : String.format("%s (0x%08x)", r.teeName(), code);
    }

    @Override
    public String toString() {
        return teeName();
    }
}
