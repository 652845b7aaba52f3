package org.mp15sim.tee.core;

/** TEEC_ORIGIN_*: which layer produced a result the normal world receives ({@code ret_origin}). */
public final class TeeOrigin {
    private TeeOrigin() {}

    public static final int API = 1;
    public static final int COMMS = 2;
    public static final int TEE = 3;
    public static final int TRUSTED_APP = 4;

    public static String name(int origin) {
        return switch (origin) {
            case API -> "TEEC_ORIGIN_API";
            case COMMS -> "TEEC_ORIGIN_COMMS";
            case TEE -> "TEEC_ORIGIN_TEE";
            case TRUSTED_APP -> "TEEC_ORIGIN_TRUSTED_APP";
            default -> "origin " + origin;
        };
    }
}
