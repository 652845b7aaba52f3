package org.mp15sim.linux.tee;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.sched.SimMutex;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Firmware;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.remoteproc.RprocState;

/**
 * drivers/remoteproc/remoteproc_tee.c (v22 5/7): the TEE bus client for the remoteproc TA
 * (UUID {@value #UUID}). One backend per kernel ({@code rproc_tee_ctx}, protected by {@code ctx_lock}), one TA
 * session per registered processor, and the rproc ops the stm32 driver plugs in for the TEE path. Every call
 * reaches the secure world only through {@link TeeContext}.
 */
public final class RemoteprocTee {
    public static final String UUID = "80a4c275-0a47-4905-8285-1486a9771a08";

    public static final int TA_RPROC_CMD_LOAD_FW = 1;
    public static final int TA_RPROC_CMD_START = 2;
    public static final int TA_RPROC_CMD_STOP = 3;
    public static final int TA_RPROC_CMD_GET_RSC_TABLE = 4;
    public static final int TA_RPROC_CMD_GET_COREDUMP = 5;
    public static final int TA_RPROC_CMD_RELEASE_FW = 6;

    private static final int MAX_TEE_PARAM_ARRAY_MEMBER = 4;
    private static final Map<Kernel, RemoteprocTee> CTX = new WeakHashMap<>();

    /** A {@code <&tee_rproc ID>} reference: the backend's DT node and the processor id for the TA. */
    public record Phandle(String node, int rprocId) {}

    /** {@code struct rproc_tee}. */
    private static final class Trproc {
        RemoteProc rproc;
        int rprocId;
        int sessionId;
    }

    private final Kernel kernel;
    private final SimMutex ctxLock;
    private final List<Trproc> rprocList = new ArrayList<>();
    private TeeContext teeCtx;
    private Device dev;
    private String ofNode;
    /** The TA calls made, in order ("LOAD_FW", "GET_RSC_TABLE", ...), for scenarios and tests. */
    private final List<String> calls = new ArrayList<>();

    private RemoteprocTee(Kernel kernel) {
        this.kernel = kernel;
        this.ctxLock = new SimMutex(kernel.scheduler(), "rproc_tee_ctx.lock");
    }

    /** The kernel's backend ({@code rproc_tee_ctx}); exists even before probe (then it is not bound). */
    public static synchronized RemoteprocTee of(Kernel kernel) {
        return CTX.computeIfAbsent(kernel, RemoteprocTee::new);
    }

    /**
     * {@code rproc_tee_probe} on the TEE bus: {@code ofNode} is the DT node whose compatible is the UUID (null
     * when the DT has none → -ENODEV). Only an OP-TEE context is accepted.
     */
    public int probe(TeeContext ctx, String ofNode) {
        Device tdev = new Device(kernel, "remoteproc-tee", "optee-ta-" + UUID);
        if (ofNode == null) {
            tdev.err("device tree node not found for compatible \"" + UUID + "\"");
            return -Errno.ENODEV;
        }
        if (ctx == null || ctx.implId() != TeeContext.TEE_IMPL_ID_OPTEE) return -Errno.ENODEV;
        this.ofNode = ofNode;
        this.dev = tdev;
        this.teeCtx = ctx;
        return 0;
    }

    /** {@code rproc_tee_remove}. */
    public void remove() {
        dev = null;
        ofNode = null;
        if (teeCtx != null) teeCtx.close();
        teeCtx = null;
    }

    public boolean isProbed() { return dev != null && ofNode != null; }

    /** The TEE client device ({@code rproc_tee_ctx.dev}), or null before probe. */
    public Device device() { return dev; }

    /** Every TA command sent so far, by name, in order. */
    public List<String> calls() { return List.copyOf(calls); }

    private Trproc toTrproc(RemoteProc rproc) {
        for (Trproc t : rprocList) if (t.rproc == rproc) return t;
        return null;
    }

    private static TeeParam[] params(int rprocId) {
        TeeParam[] p = new TeeParam[MAX_TEE_PARAM_ARRAY_MEMBER];
        for (int i = 0; i < p.length; i++) p[i] = TeeParam.none();
        p[0] = TeeParam.valueInput(rprocId);
        return p;
    }

    private static String cmdName(int cmd) {
        return switch (cmd) {
            case TA_RPROC_CMD_LOAD_FW -> "LOAD_FW";
            case TA_RPROC_CMD_START -> "START";
            case TA_RPROC_CMD_STOP -> "STOP";
            case TA_RPROC_CMD_GET_RSC_TABLE -> "GET_RSC_TABLE";
            case TA_RPROC_CMD_RELEASE_FW -> "RELEASE_FW";
            default -> "CMD_" + cmd;
        };
    }

    // rproc_tee_prepare_args + tee_client_invoke_func
    private TeeContext.InvokeArg invoke(Trproc t, int cmd, TeeParam[] p, int numParams) {
        TeeContext.InvokeArg arg = new TeeContext.InvokeArg();
        arg.func = cmd;
        arg.session = t.sessionId;
        arg.numParams = numParams;
        calls.add(cmdName(cmd));
        int ret = teeCtx.invokeFunc(arg, p);
        if (ret < 0 || arg.ret != 0) {
            dev.err(String.format("TA_RPROC_CMD_%s invoke failed TEE err: %#x, ret:%d", cmdName(cmd), arg.ret, ret));
            arg.retOrigin = ret < 0 ? ret : -Errno.EIO; // carries the errno to the caller
        } else {
            arg.retOrigin = 0;
        }
        return arg;
    }

    // ------------------------------------------------------------------ register / unregister

    /** {@code rproc_tee_register(dev, rproc, tee_phandle)}: one TA session, then rproc_add under ctx_lock. */
    public int register(Device rdev, RemoteProc rproc, Phandle phandle) {
        if (rdev == null || rproc == null || phandle == null || phandle.node() == null) return -Errno.EINVAL;
        ctxLock.lock();
        try {
            if (!isProbed()) return -Errno.EPROBE_DEFER;
            if (!phandle.node().equals(ofNode)) return -Errno.EINVAL;
            Trproc t = new Trproc();
            TeeContext.OpenSessionArg sa = new TeeContext.OpenSessionArg();
            sa.uuid = UUID;
            sa.clntLogin = TeeContext.TEE_IOCTL_LOGIN_REE_KERNEL;
            sa.numParams = 1;
            TeeParam[] p = params(phandle.rprocId());
            int ret = teeCtx.openSession(sa, p);
            if (ret < 0 || sa.ret != 0) {
                dev.err(String.format("tee_client_open_session failed, err: %#x", sa.ret));
                return -Errno.EINVAL;
            }
            t.rprocId = phandle.rprocId();
            t.sessionId = sa.session;
            ret = rproc.add();
            if (ret != 0) {
                teeCtx.closeSession(t.sessionId);
                return ret;
            }
            t.rproc = rproc;
            // device_link_add(dev, rproc_tee_ctx.dev, DL_FLAG_AUTOREMOVE_CONSUMER): the model has no driver core
            // unbinding, so the link cannot fail here and only documents the supplier order
            rprocList.add(t);
            return 0;
        } finally {
            ctxLock.unlock();
        }
    }

    /** {@code rproc_tee_unregister}: rproc_del (which may shut the M4 down) outside the lock, then close the session. */
    public int unregister(RemoteProc rproc) {
        ctxLock.lock();
        if (!isProbed()) {
            ctxLock.unlock();
            return -Errno.ENODEV;
        }
        Trproc t = toTrproc(rproc);
        ctxLock.unlock();
        if (t == null) return -Errno.EINVAL;
        rproc.del();
        ctxLock.lock();
        try {
            int ret = teeCtx.closeSession(t.sessionId);
            if (ret < 0) dev.err("tee_client_close_session failed, err: " + ret);
            rprocList.remove(t);
            return ret < 0 ? ret : 0;
        } finally {
            ctxLock.unlock();
        }
    }

    // ------------------------------------------------------------------ rproc ops

    /** {@code rproc_tee_load_fw}: LOAD_FW with the image registered as kernel shared memory. */
    public int loadFw(RemoteProc rproc, Firmware fw) {
        ctxLock.lock();
        try {
            return loadFwLocked(rproc, fw);
        } finally {
            ctxLock.unlock();
        }
    }

    private int loadFwLocked(RemoteProc rproc, Firmware fw) {
        if (!isProbed()) return -Errno.ENODEV;
        Trproc t = toTrproc(rproc);
        if (t == null) return -Errno.EINVAL;
        TeeShm shm;
        try {
            shm = teeCtx.registerKernelBuf(fw.data());
        } catch (ErrnoException e) {
            return -e.errno();
        }
        try {
            TeeParam[] p = params(t.rprocId);
            p[1] = TeeParam.memrefInput(shm, 0, fw.size());
            return invoke(t, TA_RPROC_CMD_LOAD_FW, p, 2).retOrigin;
        } finally {
            shm.free();
        }
    }

    /** GET_RSC_TABLE result: physical address and size (pa 0 when size is 0). */
    private record Rsc(int err, long pa, long size) {}

    // rproc_tee_get_loaded_rsc_table (static in the driver): any failure is -EIO
    private Rsc getRsc(Trproc t) {
        TeeParam[] p = params(t.rprocId);
        p[1] = TeeParam.valueOutput();
        p[2] = TeeParam.valueOutput();
        TeeContext.InvokeArg a = invoke(t, TA_RPROC_CMD_GET_RSC_TABLE, p, 3);
        if (a.retOrigin != 0) return new Rsc(-Errno.EIO, 0, 0);
        // a 32-bit STM32MP15 kernel without LPAE only uses the LSB halves
        long size = p[2].a & 0xFFFF_FFFFL;
        long pa = size == 0 ? 0 : p[1].a & 0xFFFF_FFFFL;
        return new Rsc(0, pa, size);
    }

    /**
     * {@code rproc_tee_parse_fw}: LOAD_FW (an error returns WITHOUT release), then GET_RSC_TABLE (an error
     * releases), then memremap the table by PA and copy it into the cached table.
     */
    public int parseFw(RemoteProc rproc, Firmware fw) {
        if (rproc == null) return -Errno.EINVAL;
        int ret = loadFw(rproc, fw);
        if (ret != 0) return ret;
        ctxLock.lock();
        Rsc r;
        try {
            Trproc t = toTrproc(rproc);
            r = t == null ? new Rsc(-Errno.EINVAL, 0, 0) : getRsc(t);
        } finally {
            ctxLock.unlock();
        }
        if (r.err() != 0) {
            releaseFw(rproc);
            return r.err();
        }
        if (r.size() == 0) {
            rproc.setCachedTable(null);
            return 0;
        }
        byte[] table;
        try {
            // memremap(pa, size, MEMREMAP_WC): assumes the TEE and Linux share the physical mapping
            MemorySegment m = kernel.bus().slice(r.pa(), r.size(), false);
            table = m.toArray(ValueLayout.JAVA_BYTE);
        } catch (BusErrorException e) {
            dev.err(String.format("Unable to map memory region: %#x+%x", r.pa(), r.size()));
            releaseFw(rproc);
            return -Errno.ENOMEM;
        }
        kernel.scheduler().delay(org.mp15sim.core.time.SimTime.transferTime(table.length, kernel.config().memcpyRate()));
        rproc.setCachedTable(table);
        return 0;
    }

    /**
     * {@code rproc_tee_find_loaded_rsc_table}: GET_RSC_TABLE, table_sz = size, then rproc_pa_to_va over the
     * carveouts (null when no carveout covers it: the core then keeps using the cached table).
     */
    public MemorySegment findLoadedRscTable(RemoteProc rproc, Firmware fw) {
        ctxLock.lock();
        Rsc r;
        try {
            if (!isProbed()) return null;
            Trproc t = toTrproc(rproc);
            if (t == null) return null;
            r = getRsc(t);
        } finally {
            ctxLock.unlock();
        }
        if (r.err() != 0) return null;
        rproc.setTableSz((int) r.size());
        if (r.size() == 0) return null;
        return rproc.paToVa(r.pa(), r.size());
    }

    /** {@code rproc_tee_start}. */
    public int start(RemoteProc rproc) { return simpleCmd(rproc, TA_RPROC_CMD_START); }

    /** {@code rproc_tee_stop}. */
    public int stop(RemoteProc rproc) { return simpleCmd(rproc, TA_RPROC_CMD_STOP); }

    private int simpleCmd(RemoteProc rproc, int cmd) {
        ctxLock.lock();
        try {
            if (!isProbed()) return -Errno.ENODEV;
            Trproc t = toTrproc(rproc);
            if (t == null) return -Errno.EINVAL;
            return invoke(t, cmd, params(t.rprocId), 1).retOrigin;
        } finally {
            ctxLock.unlock();
        }
    }

    /**
     * {@code rproc_tee_release_fw} (void): silently nothing without backend or for an unknown rproc; ignored in
     * DETACHED; only in OFFLINE does it send RELEASE_FW (a failure is only logged).
     */
    public void releaseFw(RemoteProc rproc) {
        ctxLock.lock();
        try {
            if (!isProbed()) return;
            Trproc t = toTrproc(rproc);
            if (t == null) return;
            if (rproc.state() == RprocState.DETACHED) return;
            if (rproc.state() != RprocState.OFFLINE) {
                dev.err("unexpected rproc state: " + rproc.state().sysfsName());
                return;
            }
            invoke(t, TA_RPROC_CMD_RELEASE_FW, params(t.rprocId), 1);
        } finally {
            ctxLock.unlock();
        }
    }
}
