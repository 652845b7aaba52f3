package org.mp15sim.tee.core;

/** TEE_LOGIN_* connection methods. */
public final class TeeLogin {
    private TeeLogin() {}

    public static final int PUBLIC = 0x0;
    public static final int USER = 0x1;
    public static final int GROUP = 0x2;
    public static final int APPLICATION = 0x4;
    /** Linux kernel clients (tee_client_open_session with TEE_IOCTL_LOGIN_REE_KERNEL). */
    public static final int REE_KERNEL = 0x80000000;
    /** A trusted application calling another TA/PTA (TEE_OpenTASession). */
    public static final int TRUSTED_APP = 0xF0000000;
}
