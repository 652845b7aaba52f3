package org.mp15sim.tee.stm32mp;

import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.tee.client.TeeClient;
import org.mp15sim.tee.core.SecureClock;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeCore;
import org.mp15sim.tee.rproc.RemoteprocTa;
import org.mp15sim.tee.rproc.TaRemoteproc;

/**
 * OP-TEE on an STM32MP15 board with CFG_STM32MP_REMOTEPROC=y: the core, the stm32 remoteproc driver
 * (probed at construction: it forces the M4 into hold boot + reset through RCC), the STM32MP platform
 * PTA and the remoteproc TA as an early TA. The normal world talks to it only through {@link #client()}.
 */
public final class Stm32mpSecureWorld {
    private final TeeCore core;
    private final TeeClient client;
    private final Stm32Rproc rproc;
    private final Stm32RprocPta pta;
    private final RemoteprocTa ta;
    private final int track;

    private Stm32mpSecureWorld(Stm32RprocPlatform platform, TeeConfig config, AddressSpace secureBus,
                               SecureClock clock, Trace trace) {
        this.core = new TeeCore(config, clock, trace);
        this.track = core.trace().track("optee");
        this.rproc = new Stm32Rproc(platform, secureBus, config.isolation(),
                text -> core.trace().log(clock.now(), track, text));
        rproc.probe();
        this.pta = new Stm32RprocPta(rproc);
        this.ta = new RemoteprocTa();
        core.register(Stm32RprocPta.PROPERTIES, () -> pta);
        core.register(TaRemoteproc.PROPERTIES, () -> ta);
        this.client = new TeeClient(core);
    }

    /**
     * A secure world whose costs delay the calling simulation process.
     *
     * @param secureBus the A7 secure bus view (RCC at 0x50000000, RETRAM at 0x38000000, MCU SRAM at
     *                  0x10000000 and 0x30000000)
     */
    public static Stm32mpSecureWorld create(Stm32RprocPlatform platform, TeeConfig config, AddressSpace secureBus,
                                            Scheduler scheduler) {
        return new Stm32mpSecureWorld(platform, config, secureBus, SecureClock.scheduler(scheduler),
                new SchedulerTrace(scheduler));
    }

    /**
     * Follows whatever trace the scheduler has at the time of each record, so a trace installed after the
     * board was assembled still sees the secure world. Track ids are mapped by name.
     */
    private static final class SchedulerTrace extends Trace {
        private final Scheduler scheduler;
        private final java.util.List<String> names = new java.util.ArrayList<>();

        SchedulerTrace(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public boolean enabled() {
            return scheduler.trace().enabled();
        }

        @Override
        public int track(String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                names.add(name);
                i = names.size() - 1;
            }
            return i;
        }

        @Override
        public void record(byte kind, long time, int track, String name, long a, long b, String text) {
            Trace t = scheduler.trace();
            if (t.enabled()) {
                t.record(kind, time, t.track(names.get(track)), name, a, b, text);
            }
        }
    }

    /**
     * The secure world of an assembled SoC: its A7 secure bus and scheduler, regions from the board
     * device tree ({@link Stm32RprocDt}), the SoC's M4 master exempt from isolation, and {@code key} as
     * the embedded verification key (null: the project's default key).
     */
    public static Stm32mpSecureWorld forSoc(Stm32mp15 soc, DeviceTree boardTree, java.security.PublicKey key,
                                            TeeConfig config) {
        Stm32RprocPlatform platform = Stm32RprocDt.platform(boardTree).withRemoteMaster(Stm32mp15.M4::equals);
        if (key != null) {
            platform = platform.withKey(key);
        }
        return create(platform, config, soc.a7Secure(), soc.scheduler());
    }

    /** A secure world on any clock (offline tools, benchmarks, tests). */
    public static Stm32mpSecureWorld create(Stm32RprocPlatform platform, TeeConfig config, AddressSpace secureBus,
                                            SecureClock clock, Trace trace) {
        return new Stm32mpSecureWorld(platform, config, secureBus, clock, trace);
    }

    /**
     * Fault injection: replaces the verification public key embedded in this secure world, as if a new OP-TEE
     * built with another key had been flashed while the system runs. Open sessions, the TA's and the PTA's
     * state (a loaded or running firmware) are kept; the next LOAD_FW verifies its signature with
     * {@code key}, so an image signed with the old key fails with TEE_ERROR_SIGNATURE_INVALID. The change is
     * logged on the {@code optee} trace track.
     *
     * @throws IllegalArgumentException if {@code key} is not an RSA key the STM32MP PTA can embed
     */
    public void replaceVerificationKey(java.security.PublicKey key) {
        rproc.replaceVerificationKey(key);
        var k = rproc.platform().verificationKey();
        core.trace().log(core.clock().now(), track, "verification key replaced (RSA-" + k.getModulus().bitLength() + ")");
    }

    /** The verification public key embedded now (the platform's, or the last one {@link #replaceVerificationKey} set). */
    public java.security.interfaces.RSAPublicKey verificationKey() {
        return rproc.platform().verificationKey();
    }

    /** The normal world's entry point (the Linux TEE subsystem). */
    public TeeClient client() {
        return client;
    }

    public TeeCore core() {
        return core;
    }

    /** The driver, for inspection (isolation state); the normal world must not call it. */
    public Stm32Rproc rproc() {
        return rproc;
    }

    public Stm32RprocPta pta() {
        return pta;
    }

    public RemoteprocTa ta() {
        return ta;
    }
}
