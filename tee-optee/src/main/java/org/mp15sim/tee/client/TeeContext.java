package org.mp15sim.tee.client;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.mp15sim.tee.core.TeeIdentity;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeMemref;
import org.mp15sim.tee.core.TeeOrigin;
import org.mp15sim.tee.core.TeeOutcome;
import org.mp15sim.tee.core.TeeParam;
import org.mp15sim.tee.core.TeeParamType;
import org.mp15sim.tee.core.TeeResult;

/**
 * struct tee_context of a kernel client (tee_client_open_context): registers shared memory and opens,
 * invokes and closes sessions. Calls must come from the simulation process that models the calling
 * kernel thread when the secure world runs on a scheduler clock.
 */
public final class TeeContext {
    /** -EINVAL. */
    public static final int EINVAL = -22;

    private final TeeClient client;
    private final TreeSet<Integer> sessions = new TreeSet<>();
    private final List<TeeShm> shms = new ArrayList<>();
    private int nextShm = 1;
    private boolean closed;

    TeeContext(TeeClient client) {
        this.client = client;
    }

    /**
     * tee_shm_register_kernel_buf: shares {@code buffer} with the secure world. A heap segment's address
     * is its offset in its array (a fresh buffer is aligned, like vmalloc memory); a native segment keeps
     * its address.
     */
    public TeeShm registerKernelBuffer(MemorySegment buffer) {
        requireOpen();
        TeeShm shm = new TeeShm(this, nextShm++, buffer, buffer.address());
        shms.add(shm);
        return shm;
    }

    /** tee_shm_register_kernel_buf over a byte array (the kernel's firmware buffer). */
    public TeeShm registerKernelBuffer(byte[] buffer) {
        return registerKernelBuffer(MemorySegment.ofArray(buffer));
    }

    /** tee_shm_free. */
    public void freeShm(TeeShm shm) {
        if (shm.context() == this && !shm.isFreed()) {
            shm.markFreed();
            shms.remove(shm);
        }
    }

    /**
     * tee_client_open_session(ctx, arg{uuid, clnt_login}, params). The login is TEE_IOCTL_LOGIN_* (the
     * remoteproc_tee driver uses TEE_IOCTL_LOGIN_REE_KERNEL = {@link TeeLogin#REE_KERNEL}).
     */
    public TeeClientResult openSession(UUID uuid, int clntLogin, TeeClientParam... params) {
        requireOpen();
        TeeParam[] teeParams = TeeParam.none();
        int[] types = new int[1];
        TeeClientResult bad = convert(params, teeParams, types);
        if (bad != null) {
            return bad;
        }
        TeeOutcome o = client.call("open session " + uuid, () ->
                client.core().openSession(new TeeIdentity(clntLogin, TeeIdentity.NIL), uuid, types[0], teeParams));
        copyBack(params, teeParams);
        if (o.isSuccess()) {
            sessions.add(o.session());
        }
        return new TeeClientResult(0, o.result().code(), o.origin(), o.session());
    }

    /** tee_client_invoke_func(ctx, arg{func, session}, params). */
    public TeeClientResult invokeFunc(int session, int func, TeeClientParam... params) {
        requireOpen();
        TeeParam[] teeParams = TeeParam.none();
        int[] types = new int[1];
        TeeClientResult bad = convert(params, teeParams, types);
        if (bad != null) {
            return bad;
        }
        if (!sessions.contains(session)) {
            // The session does not belong to this context: OP-TEE does not find it.
            return new TeeClientResult(0, TeeResult.BAD_PARAMETERS.code(), TeeOrigin.TEE, 0);
        }
        TeeOutcome o = client.call("invoke session " + session + " func " + func, () ->
                client.core().invoke(session, func, types[0], teeParams));
        copyBack(params, teeParams);
        return new TeeClientResult(0, o.result().code(), o.origin(), 0);
    }

    /** tee_client_close_session: 0, or -EINVAL for a session this context does not hold. */
    public int closeSession(int session) {
        requireOpen();
        if (!sessions.remove(session)) {
            return EINVAL;
        }
        client.call("close session " + session, () -> {
            client.core().closeSession(session);
            return null;
        });
        return 0;
    }

    /** tee_client_close_context: closes the sessions still open and frees the shared memory. */
    public void close() {
        if (closed) {
            return;
        }
        for (int s : List.copyOf(sessions)) {
            closeSession(s);
        }
        for (TeeShm shm : List.copyOf(shms)) {
            freeShm(shm);
        }
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("TEE context used after tee_client_close_context");
        }
    }

    /** Builds the TA-side parameters; a bad parameter fails the call as the driver/core would. */
    private TeeClientResult convert(TeeClientParam[] params, TeeParam[] out, int[] types) {
        if (params.length > 4) {
            return new TeeClientResult(EINVAL, 0, 0, 0);
        }
        int t = 0;
        for (int i = 0; i < params.length; i++) {
            TeeClientParam p = params[i];
            t |= p.attr().code() << (4 * i);
            if (p.attr().isValue()) {
                // OP-TEE messages carry u64 values; the GP TA API sees the low 32 bits.
                out[i].setValue(p.a(), p.b());
            } else if (p.attr().isMemref()) {
                TeeShm shm = p.shm();
                if (shm == null) {
                    // A NULL memref: the TA sees buffer NULL, size as given.
                    if (p.size() != 0) {
                        return new TeeClientResult(0, TeeResult.BAD_PARAMETERS.code(), TeeOrigin.COMMS, 0);
                    }
                    continue;
                }
                if (shm.isFreed() || shm.context() != this) {
                    return new TeeClientResult(EINVAL, 0, 0, 0);
                }
                if (p.shmOffset() < 0 || p.size() < 0 || p.shmOffset() > shm.size()
                        || p.size() > shm.size() - p.shmOffset()) {
                    return new TeeClientResult(0, TeeResult.BAD_PARAMETERS.code(), TeeOrigin.COMMS, 0);
                }
                out[i].setMemref(new TeeMemref(shm.buffer().asSlice(p.shmOffset(), p.size()),
                        shm.address() + p.shmOffset()));
            }
        }
        types[0] = t;
        return null;
    }

    private static void copyBack(TeeClientParam[] params, TeeParam[] teeParams) {
        for (int i = 0; i < params.length; i++) {
            TeeClientParam p = params[i];
            if (p.attr() == TeeParamType.VALUE_OUTPUT || p.attr() == TeeParamType.VALUE_INOUT) {
                p.setValue(teeParams[i].a(), teeParams[i].b());
            }
        }
    }
}
