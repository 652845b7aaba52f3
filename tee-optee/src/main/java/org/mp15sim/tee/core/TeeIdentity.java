package org.mp15sim.tee.core;

import java.util.UUID;

/**
 * TEE_Identity of a session's client: the login method and, for a TA caller, the TA's UUID (nil for
 * normal-world logins).
 */
public record TeeIdentity(int login, UUID uuid) {
    public static final UUID NIL = new UUID(0, 0);

    public static TeeIdentity reeKernel() {
        return new TeeIdentity(TeeLogin.REE_KERNEL, NIL);
    }

    public static TeeIdentity trustedApp(UUID ta) {
        return new TeeIdentity(TeeLogin.TRUSTED_APP, ta);
    }

    /** Whether the client is a user TA (OP-TEE's is_user_ta_ctx on the calling session). */
    public boolean isTrustedApp() {
        return login == TeeLogin.TRUSTED_APP;
    }
}
