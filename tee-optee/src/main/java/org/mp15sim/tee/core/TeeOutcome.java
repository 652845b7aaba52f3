package org.mp15sim.tee.core;

/**
 * What an open/invoke returns: the TEE_Result, the layer that produced it (TEEC_ORIGIN_*) and, for an
 * open, the new session id (0 when the open failed).
 */
public record TeeOutcome(TeeResult result, int origin, int session) {
    public static TeeOutcome of(TeeResult result, int origin) {
        return new TeeOutcome(result, origin, 0);
    }

    public boolean isSuccess() {
        return result.isSuccess();
    }
}
