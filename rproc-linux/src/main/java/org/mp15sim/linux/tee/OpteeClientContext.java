package org.mp15sim.linux.tee;

import java.util.UUID;
import org.mp15sim.tee.client.TeeClient;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;

/**
 * The OP-TEE driver side of {@link TeeContext}: {@code tee_client_open_context} on the tee-optee client API,
 * translating the kernel's tee_param arrays to and from it. Values travel as the OP-TEE message ABI carries
 * them; output values are copied back after the call.
 */
public final class OpteeClientContext implements TeeContext {
    private final org.mp15sim.tee.client.TeeContext ctx;

    private OpteeClientContext(org.mp15sim.tee.client.TeeContext ctx) { this.ctx = ctx; }

    /** {@code tee_client_open_context(NULL, optee_ctx_match, ...)} on the secure world's client. */
    public static OpteeClientContext open(TeeClient client) { return new OpteeClientContext(client.openContext()); }

    @Override public int implId() { return TEE_IMPL_ID_OPTEE; }

    /** Shared memory handed out by this context. */
    private record Shm(org.mp15sim.tee.client.TeeShm shm, byte[] buffer, org.mp15sim.tee.client.TeeContext ctx) implements TeeShm {
        @Override public void free() { ctx.freeShm(shm); }
    }

    private static TeeClientParam[] convert(TeeParam[] params, int numParams) {
        TeeClientParam[] out = new TeeClientParam[Math.min(numParams, params.length)];
        for (int i = 0; i < out.length; i++) {
            TeeParam p = params[i];
            out[i] = switch (p.attr) {
                case TeeParam.ATTR_TYPE_VALUE_INPUT -> TeeClientParam.valueInput(p.a, p.b, p.c);
                case TeeParam.ATTR_TYPE_VALUE_OUTPUT -> TeeClientParam.valueOutput();
                case TeeParam.ATTR_TYPE_VALUE_INOUT -> TeeClientParam.valueInout(p.a, p.b, p.c);
                case TeeParam.ATTR_TYPE_MEMREF_INPUT -> TeeClientParam.memrefInput(((Shm) p.shm).shm(), p.shmOffs, p.size);
                case TeeParam.ATTR_TYPE_MEMREF_OUTPUT -> TeeClientParam.memrefOutput(((Shm) p.shm).shm(), p.shmOffs, p.size);
                case TeeParam.ATTR_TYPE_MEMREF_INOUT -> TeeClientParam.memrefInout(((Shm) p.shm).shm(), p.shmOffs, p.size);
                default -> TeeClientParam.none();
            };
        }
        return out;
    }

    private static void copyBack(TeeParam[] params, TeeClientParam[] cp) {
        for (int i = 0; i < cp.length; i++) {
            if (params[i].attr == TeeParam.ATTR_TYPE_VALUE_OUTPUT || params[i].attr == TeeParam.ATTR_TYPE_VALUE_INOUT) {
                params[i].a = cp[i].a();
                params[i].b = cp[i].b();
                params[i].c = cp[i].c();
            }
        }
    }

    @Override
    public int openSession(OpenSessionArg arg, TeeParam[] params) {
        TeeClientParam[] cp = convert(params, arg.numParams);
        TeeClientResult r = ctx.openSession(UUID.fromString(arg.uuid), arg.clntLogin, cp);
        copyBack(params, cp);
        arg.ret = r.ret();
        arg.retOrigin = r.retOrigin();
        arg.session = r.session();
        return r.rc();
    }

    @Override public int closeSession(int session) { return ctx.closeSession(session); }

    @Override
    public int invokeFunc(InvokeArg arg, TeeParam[] params) {
        TeeClientParam[] cp = convert(params, arg.numParams);
        TeeClientResult r = ctx.invokeFunc(arg.session, arg.func, cp);
        copyBack(params, cp);
        arg.ret = r.ret();
        arg.retOrigin = r.retOrigin();
        return r.rc();
    }

    @Override
    public TeeShm registerKernelBuf(byte[] buf) {
        return new Shm(ctx.registerKernelBuffer(buf), buf, ctx);
    }

    @Override public void close() { ctx.close(); }
}
