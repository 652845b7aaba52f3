package org.mp15sim.linux.tee;

/**
 * An open {@code struct tee_context} as the in-kernel TEE client API exposes it (include/linux/tee_drv.h):
 * the only door from Linux drivers to the secure world. The OP-TEE driver model implements it over the
 * secure monitor; calls run in the caller's process and take the world-switch time.
 */
public interface TeeContext {
    /** TEE_IMPL_ID_OPTEE. */
    int TEE_IMPL_ID_OPTEE = 1;
    /** TEE_IOCTL_LOGIN_REE_KERNEL. */
    int TEE_IOCTL_LOGIN_REE_KERNEL = 0x80000000;
    /** TEEC_SUCCESS. */
    int TEEC_SUCCESS = 0;

    /** {@code struct tee_ioctl_open_session_arg}. */
    final class OpenSessionArg {
        public String uuid;
        public int clntLogin;
        public int numParams;
        /** out */
        public int session;
        /** out: TEEC result. */
        public int ret;
        /** out */
        public int retOrigin;
    }

    /** {@code struct tee_ioctl_invoke_arg}. */
    final class InvokeArg {
        public int func;
        public int session;
        public int numParams;
        /** out: TEEC result. */
        public int ret;
        /** out */
        public int retOrigin;
    }

    /** {@code tee_get_drv_version(ctx->teedev, &vers)}.impl_id. */
    int implId();

    /** {@code tee_client_open_session}: 0 or -errno; the TEE's verdict is in {@code arg.ret}. */
    int openSession(OpenSessionArg arg, TeeParam[] params);

    /** {@code tee_client_close_session}. */
    int closeSession(int session);

    /** {@code tee_client_invoke_func}: 0 or -errno; the TA's result is in {@code arg.ret}. */
    int invokeFunc(InvokeArg arg, TeeParam[] params);

    /** {@code tee_shm_register_kernel_buf}: throws for ERR_PTR. */
    TeeShm registerKernelBuf(byte[] buf) throws org.mp15sim.linux.kernel.ErrnoException;

    /** {@code tee_client_close_context}. */
    void close();
}
