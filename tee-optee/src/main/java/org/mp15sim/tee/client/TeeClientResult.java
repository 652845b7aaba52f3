package org.mp15sim.tee.client;

import org.mp15sim.tee.core.TeeResult;

/**
 * What tee_client_open_session / tee_client_invoke_func leave behind: the function's return value
 * ({@code rc}: 0, or a negative errno when the call could not be made) and the {@code arg} fields
 * {@code ret}, {@code ret_origin} and, for an open, {@code session}.
 */
public record TeeClientResult(int rc, int ret, int retOrigin, int session) {
    /** The TEE_Result in {@code ret}, or {@code null} for a value no TEE_ERROR_* names. */
    public TeeResult result() {
        return TeeResult.of(ret);
    }

    /** rc == 0 and ret == TEE_SUCCESS: the test remoteproc_tee.c makes after every call. */
    public boolean isSuccess() {
        return rc == 0 && ret == 0;
    }

    @Override
    public String toString() {
        return "rc " + rc + ", ret " + TeeResult.describe(ret) + ", origin " + retOrigin
                + (session != 0 ? ", session " + session : "");
    }
}
