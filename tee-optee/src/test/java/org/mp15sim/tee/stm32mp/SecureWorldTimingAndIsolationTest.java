package org.mp15sim.tee.stm32mp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;
import org.mp15sim.tee.client.TeeContext;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.IsolationPolicy;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;
import org.mp15sim.tee.tools.OfflineDk2;

/** Simulated time charged by the secure world, the world-switch cost, TOCTOU on the shared buffer, isolation. */
class SecureWorldTimingAndIsolationTest {

    private static byte[] image() {
        return ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf()).build();
    }

    private static long loadTime(TeeConfig config, byte[] image) {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic(), config)) {
            f.open();
            long before = f.clock.now();
            assertEquals(TeeResult.SUCCESS, f.load(image), f.logText());
            return f.clock.now() - before;
        }
    }

    @Test
    void loadFwTimeMovesExactlyWithTheSha256Rate() {
        byte[] image = image();
        TeeConfig base = TeeConfig.defaults();
        TeeConfig slow = base.withSha256Rate(base.sha256Rate() / 2);
        SignedImage s = SignedImage.parse(image);
        long signed = 20 + s.header().tlvLen();
        long[] hashed = {signed, 8, 0x100};
        long expected = 0;
        for (long n : hashed) {
            expected += slow.sha256Time(n) - base.sha256Time(n);
        }
        assertEquals(expected, loadTime(slow, image) - loadTime(base, image));
    }

    @Test
    void loadFwTimeIncludesTheRsaVerificationAndOneWorldSwitch() {
        TeeConfig c = TeeConfig.defaults();
        long t = loadTime(c, image());
        assertTrue(t > c.rsaVerifyTime(2048) + c.worldSwitch(), SimTime.format(t));
        long t2 = loadTime(c.withRsa4096Verify(c.rsa4096Verify() * 2), image());
        assertEquals(c.rsaVerifyTime(2048), t2 - t);
    }

    @Test
    void rsaVerifyDefaultIsSevenAndAHalfMillisecondsForRsa4096() {
        TeeConfig c = TeeConfig.defaults();
        assertEquals(SimTime.us(7_500), c.rsaVerifyTime(4096));
        assertEquals(SimTime.us(1_875), c.rsaVerifyTime(2048));
        assertEquals(SimTime.ms(1), c.sha256Time(20_000), "20 MB/s");
    }

    @Test
    void eachClientCallCostsOneWorldSwitch() {
        TeeConfig c = TeeConfig.defaults();
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic(), c)) {
            long t0 = f.clock.now();
            assertTrue(f.open().isSuccess());
            assertEquals(c.worldSwitch() + c.taCall(), f.clock.now() - t0, "open: SMC + TA opens the PTA");
            long t1 = f.clock.now();
            f.context.invokeFunc(f.session(), TaRemoteproc.CMD_GET_COREDUMP);
            assertEquals(c.worldSwitch(), f.clock.now() - t1);
            long t2 = f.clock.now();
            assertEquals(0, f.context.closeSession(f.session()));
            assertEquals(c.worldSwitch(), f.clock.now() - t2);
        }
    }

    /** remoteproc_tee's load on a simulation process, with another actor touching the shared buffer. */
    private static TeeResult loadWhileTampering(byte[] image, long at, int offset) {
        try (Scheduler s = new Scheduler(); OfflineDk2 board = new OfflineDk2()) {
            Stm32mpSecureWorld w = Stm32mpSecureWorld.create(
                    Stm32RprocPlatform.dk2().withKey(TestKeys.rsa2048().getPublic()), TeeConfig.defaults(),
                    board.secureBus(), s);
            TeeResult[] result = new TeeResult[1];
            s.spawn("rproc_tee", () -> {
                TeeContext ctx = w.client().openContext();
                TeeClientResult o = ctx.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0));
                TeeShm shm = ctx.registerKernelBuffer(image);
                result[0] = ctx.invokeFunc(o.session(), TaRemoteproc.CMD_LOAD_FW, TeeClientParam.valueInput(0),
                        TeeClientParam.memrefInput(shm, 0, image.length)).result();
            });
            s.schedule(at, () -> image[offset] ^= 0x40);
            s.runUntilIdle();
            return result[0];
        }
    }

    @Test
    void segmentChangedInSharedMemoryDuringVerificationIsCaughtByTheSegmentHash() {
        byte[] image = image();
        int segment = (int) SignedImage.parse(image).header().imageOffset()
                + TestFirmware.standard(0x100).segmentOffsets()[1] + 0x40;
        assertEquals(TeeResult.SECURITY, loadWhileTampering(image, SimTime.ms(1), segment));
    }

    @Test
    void tlvChangedInSharedMemoryAfterTheSecureCopyHasNoEffect() {
        byte[] image = image();
        int hashTableByte = 20 + 0x70;
        assertEquals(TeeResult.SUCCESS, loadWhileTampering(image, SimTime.ms(1), hashTableByte));
        // The same change before the copy breaks the signature.
        assertEquals(TeeResult.SIGNATURE_INVALID, loadWhileTampering(image(), 0, hashTableByte));
    }

    @Test
    void worldSwitchesAndTaStepsShowInATraceInstalledAfterAssembly() {
        byte[] image = image();
        java.util.List<String> records = new java.util.ArrayList<>();
        try (Scheduler s = new Scheduler(); OfflineDk2 board = new OfflineDk2()) {
            Stm32mpSecureWorld w = Stm32mpSecureWorld.create(
                    Stm32RprocPlatform.dk2().withKey(TestKeys.rsa2048().getPublic()), TeeConfig.defaults(),
                    board.secureBus(), s);
            s.setTrace(new org.mp15sim.core.trace.Trace() {
                private final java.util.List<String> tracks = new java.util.ArrayList<>();

                @Override
                public boolean enabled() {
                    return true;
                }

                @Override
                public int track(String name) {
                    if (!tracks.contains(name)) {
                        tracks.add(name);
                    }
                    return tracks.indexOf(name);
                }

                @Override
                public void record(byte kind, long time, int track, String name, long a, long b, String text) {
                    records.add(tracks.get(track) + " " + kind + " " + (kind == LOG ? text : name));
                }
            });
            s.spawn("rproc_tee", () -> {
                TeeContext ctx = w.client().openContext();
                TeeClientResult o = ctx.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0));
                TeeShm shm = ctx.registerKernelBuffer(image);
                ctx.invokeFunc(o.session(), TaRemoteproc.CMD_LOAD_FW, TeeClientParam.valueInput(0),
                        TeeClientParam.memrefInput(shm, 0, image.length));
            });
            s.runUntilIdle();
        }
        assertTrue(records.contains("optee 2 smc invoke session 1 func 1"), String.join("\n", records));
        assertTrue(records.contains("optee 3 smc invoke session 1 func 1"), String.join("\n", records));
        assertTrue(records.contains("optee 2 rsa verify"), String.join("\n", records));
        assertTrue(records.stream().anyMatch(r -> r.contains("LOAD_FW: loaded; resource table pa 0x10000020")),
                String.join("\n", records));
    }

    @Test
    void isolatePolicyClosesFirmwareRegionsToTheNormalWorldFromLoadToRelease() {
        TeeConfig c = TeeConfig.defaults().withIsolation(IsolationPolicy.ISOLATE);
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic(), c)) {
            var ns = f.board.nonSecureBus();
            assertDoesNotThrow(() -> ns.read32(0x10000000L));
            assertEquals(TeeResult.SUCCESS, f.load(image()), f.logText());
            assertTrue(f.world.rproc().isIsolated());
            BusErrorException e = assertThrows(BusErrorException.class, () -> ns.read32(0x10000000L));
            assertTrue(e.getMessage().contains("isolated"), e.getMessage());
            assertThrows(BusErrorException.class, () -> ns.write32(0x30000100L, 0));
            assertThrows(BusErrorException.class, () -> ns.read32(0x38000000L));
            assertDoesNotThrow(() -> ns.readBytes(0x10000020L, 0x38), "the resource table stays readable");
            assertThrows(BusErrorException.class, () -> ns.readBytes(0x10000020L, 0x40), "but not beyond it");
            assertDoesNotThrow(() -> ns.read32(0x10040000L), "vrings stay open");
            assertDoesNotThrow(() -> ns.read32(0x10048000L), "IPC shared memory stays open");
            assertDoesNotThrow(() -> f.board.m4Bus().read32(0x0), "the M4 keeps its memories");
            assertDoesNotThrow(() -> f.board.secureBus().read32(0x10000000L));

            assertEquals(TeeResult.SUCCESS, f.command(TaRemoteproc.CMD_START_FW));
            assertThrows(BusErrorException.class, () -> ns.read32(0x10000000L));
            assertEquals(TeeResult.SUCCESS, f.command(TaRemoteproc.CMD_STOP_FW));
            assertThrows(BusErrorException.class, () -> ns.read32(0x10000000L), "STOP keeps the isolation");
            assertEquals(TeeResult.SUCCESS, f.command(TaRemoteproc.CMD_RELEASE_FW));
            assertFalse(f.world.rproc().isIsolated());
            assertDoesNotThrow(() -> ns.read32(0x10000000L));
        }
    }

    @Test
    void defaultPolicyLeavesTheMemoriesOpenAsUpstream() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SUCCESS, f.load(image()));
            assertFalse(f.world.rproc().isIsolated());
            f.board.nonSecureBus().write32(0x10000000L, 0x12345678);
            assertEquals(0x12345678, f.board.secureBus().read32(0x10000000L));
        }
    }
}
