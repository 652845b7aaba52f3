package org.mp15sim.linux.stm32;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.mp15sim.linux.tee.RemoteprocTee;
import org.mp15sim.linux.tee.TeeContext;
import org.mp15sim.linux.tee.TeeParam;
import org.mp15sim.linux.tee.TeeShm;

/**
 * Test double of the TEE for remoteproc_tee unit tests: records the commands, answers GET_RSC_TABLE with a
 * configured address/size, and fails the commands it is told to fail with a TEE error code.
 */
final class FakeTeeContext implements TeeContext {
    static final int TEE_ERROR_SECURITY = 0xFFFF000F;

    final List<Integer> cmds = new ArrayList<>();
    final TreeMap<Integer, Integer> failures = new TreeMap<>();
    long rscPa;
    long rscSize;
    int openSessionRet;
    int sessions;
    int lastRprocId = -1;

    @Override public int implId() { return TEE_IMPL_ID_OPTEE; }

    @Override
    public int openSession(OpenSessionArg arg, TeeParam[] params) {
        if (!RemoteprocTee.UUID.equals(arg.uuid)) arg.ret = 0xFFFF0008;
        else arg.ret = openSessionRet;
        lastRprocId = (int) params[0].a;
        arg.session = ++sessions;
        return 0;
    }

    @Override public int closeSession(int session) { return 0; }

    @Override
    public int invokeFunc(InvokeArg arg, TeeParam[] params) {
        cmds.add(arg.func);
        arg.ret = failures.getOrDefault(arg.func, 0);
        if (arg.ret == 0 && arg.func == RemoteprocTee.TA_RPROC_CMD_GET_RSC_TABLE) {
            params[1].a = rscPa;
            params[2].a = rscSize;
        }
        return 0;
    }

    @Override
    public TeeShm registerKernelBuf(byte[] buf) {
        return new TeeShm() {
            @Override public byte[] buffer() { return buf; }

            @Override public void free() {}
        };
    }

    @Override public void close() {}
}
