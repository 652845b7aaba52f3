package org.mp15sim.tee.testing;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;
import org.mp15sim.tee.client.TeeContext;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.SecureClock;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;
import org.mp15sim.tee.tools.OfflineDk2;

/**
 * A DK2 secure world on an accounting clock, driven the way remoteproc_tee.c drives it: one context,
 * one session to the remoteproc TA for rproc 0, the firmware registered as kernel shared memory.
 */
public final class SecureWorldFixture implements AutoCloseable {
    public final OfflineDk2 board = new OfflineDk2();
    public final SecureClock.Accounting clock = new SecureClock.Accounting();
    public final List<String> log = new ArrayList<>();
    public final Stm32mpSecureWorld world;
    public final TeeContext context;
    private int session;

    /** Records LOG lines so a failing test can show the TA's reasons. */
    private final Trace trace = Trace.logs((time, text) -> log.add(text));

    public SecureWorldFixture(PublicKey key) {
        this(key, TeeConfig.defaults());
    }

    public SecureWorldFixture(PublicKey key, TeeConfig config) {
        world = Stm32mpSecureWorld.create(Stm32RprocPlatform.dk2().withKey(key), config, board.secureBus(), clock,
                trace);
        context = world.client().openContext();
    }

    /** Opens the remoteproc TA session for rproc id 0 (REE kernel login). */
    public TeeClientResult open() {
        return open(0);
    }

    public TeeClientResult open(long rprocId) {
        TeeClientResult r = context.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL,
                TeeClientParam.valueInput(rprocId));
        if (r.isSuccess()) {
            session = r.session();
        }
        return r;
    }

    public int session() {
        return session;
    }

    /** LOAD_FW with the whole image as one registered buffer; opens the session first if needed. */
    public TeeResult load(byte[] image) {
        if (session == 0) {
            TeeClientResult o = open();
            if (!o.isSuccess()) {
                throw new IllegalStateException("open session failed: " + o);
            }
        }
        TeeShm shm = context.registerKernelBuffer(image);
        TeeClientResult r = context.invokeFunc(session, TaRemoteproc.CMD_LOAD_FW, TeeClientParam.valueInput(0),
                TeeClientParam.memrefInput(shm, 0, image.length));
        context.freeShm(shm);
        return r.result();
    }

    /** A command taking only the rproc id (START_FW, STOP_FW, RELEASE_FW). */
    public TeeResult command(int cmd) {
        return context.invokeFunc(session, cmd, TeeClientParam.valueInput(0)).result();
    }

    /** GET_RSC_TABLE: {pa, size} or throws with the error. */
    public long[] rscTable() {
        TeeClientParam pa = TeeClientParam.valueOutput();
        TeeClientParam size = TeeClientParam.valueOutput();
        TeeClientResult r = context.invokeFunc(session, TaRemoteproc.CMD_GET_RSC_TABLE, TeeClientParam.valueInput(0),
                pa, size);
        if (!r.isSuccess()) {
            throw new IllegalStateException("GET_RSC_TABLE: " + r);
        }
        return new long[] {pa.b() << 32 | pa.a(), size.b() << 32 | size.a()};
    }

    public TeeResult getRscTableResult() {
        return context.invokeFunc(session, TaRemoteproc.CMD_GET_RSC_TABLE, TeeClientParam.valueInput(0),
                TeeClientParam.valueOutput(), TeeClientParam.valueOutput()).result();
    }

    /** Bytes at an A7 physical address (secure view). */
    public byte[] read(long pa, int len) {
        return board.secureBus().readBytes(pa, len);
    }

    public String logText() {
        return String.join("\n", log);
    }

    @Override
    public void close() {
        board.close();
    }
}
