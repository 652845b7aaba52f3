package org.mp15sim.tee.rproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.core.TeeOrigin;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.stm32mp.Stm32Rproc;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/** The TA's per-rproc state machine (spec §3.3, §3.4), its sessions and the RCC side effects. */
class RemoteprocTaStateTest {
    private static final int START = TaRemoteproc.CMD_START_FW;
    private static final int STOP = TaRemoteproc.CMD_STOP_FW;
    private static final int RELEASE = TaRemoteproc.CMD_RELEASE_FW;

    private static byte[] image() {
        return ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf()).build();
    }

    private static SecureWorldFixture fixture() {
        return new SecureWorldFixture(TestKeys.rsa2048().getPublic());
    }

    @Test
    void commandsForAnIdNeverLoadedReturnBadParameters() {
        try (SecureWorldFixture f = fixture()) {
            assertTrue(f.open().isSuccess());
            assertEquals(TeeResult.BAD_PARAMETERS, f.command(START));
            assertEquals(TeeResult.BAD_PARAMETERS, f.command(STOP));
            assertEquals(TeeResult.BAD_PARAMETERS, f.command(RELEASE));
            assertEquals(TeeResult.BAD_PARAMETERS, f.getRscTableResult());
        }
    }

    @Test
    void afterAFailedLoadTheContextExistsInStateOff() {
        try (SecureWorldFixture f = fixture()) {
            assertEquals(TeeResult.BAD_PARAMETERS, f.load(new byte[] {1, 2, 3, 4}));
            assertEquals(RemoteprocTa.State.OFF, f.world.ta().state(0));
            assertEquals(TeeResult.BAD_STATE, f.command(START));
            assertEquals(TeeResult.SUCCESS, f.command(STOP));
            assertEquals(TeeResult.BAD_STATE, f.getRscTableResult());
            assertEquals(TeeResult.SUCCESS, f.command(RELEASE));
        }
    }

    @Test
    void fullLifecycleFollowsTheStateTableAndDrivesRcc() {
        try (SecureWorldFixture f = fixture()) {
            var rcc = f.board.rcc();
            assertEquals(1, rcc.mcuResets(), "probe holds and resets the M4");
            assertEquals(Stm32Rproc.TZCR_TZEN | Stm32Rproc.TZCR_MCKPROT, rcc.register(Stm32Rproc.RCC_TZCR));

            assertEquals(TeeResult.SUCCESS, f.load(image()), f.logText());
            assertEquals(TeeResult.BAD_STATE, f.command(STOP), "STOP while LOADED");
            assertEquals(TeeResult.SUCCESS, f.command(START));
            assertEquals(RemoteprocTa.State.STARTED, f.world.ta().state(0));
            assertEquals(1, rcc.bootMcuReleases(), "BOOT_MCU released once");
            assertEquals(0, rcc.register(Stm32Rproc.RCC_MP_GCR) & 1, "hold boot re-asserted right away");
            assertTrue(f.world.pta().isOn());

            assertEquals(TeeResult.SUCCESS, f.command(START), "START while STARTED is a no-op");
            assertEquals(1, rcc.bootMcuReleases());
            assertEquals(TeeResult.BAD_STATE, f.load(image()), "LOAD while STARTED");
            assertEquals(TeeResult.BAD_STATE, f.command(RELEASE), "RELEASE while STARTED");
            assertArrayEquals(new long[] {0x10000020L, 0x38}, f.rscTable());

            byte[] loaded = f.read(0x10000000L, 0x100);
            assertEquals(TeeResult.SUCCESS, f.command(STOP));
            assertEquals(RemoteprocTa.State.OFF, f.world.ta().state(0));
            assertEquals(2, rcc.mcuResets(), "STOP asserts MCURST");
            assertFalse(f.world.pta().isOn());
            assertArrayEquals(loaded, f.read(0x10000000L, 0x100), "STOP does not wipe memory");
            assertEquals(TeeResult.BAD_STATE, f.command(START), "a restart needs a new LOAD_FW");
            assertEquals(TeeResult.BAD_STATE, f.getRscTableResult());

            f.board.secureBus().fill(0x10048000L, 16, (byte) 0x5A);
            assertEquals(TeeResult.SUCCESS, f.command(RELEASE));
            assertArrayEquals(new byte[0x100], f.read(0x10000000L, 0x100));
            assertArrayEquals(new byte[8], f.read(0x38000000L, 8));
            assertArrayEquals(new byte[16], f.read(0x10048000L, 16), "RELEASE wipes the IPC regions too");

            assertEquals(TeeResult.SUCCESS, f.load(image()), f.logText());
            assertEquals(RemoteprocTa.State.LOADED, f.world.ta().state(0));
        }
    }

    @ParameterizedTest(name = "command {0}")
    @ValueSource(ints = {TaRemoteproc.CMD_LOAD_FW, TaRemoteproc.CMD_START_FW, TaRemoteproc.CMD_STOP_FW,
            TaRemoteproc.CMD_GET_RSC_TABLE, TaRemoteproc.CMD_RELEASE_FW})
    void wrongParamTypesReturnBadParameters(int command) {
        try (SecureWorldFixture f = fixture()) {
            assertEquals(TeeResult.SUCCESS, f.load(image()));
            TeeClientResult r = f.context.invokeFunc(f.session(), command, TeeClientParam.valueInput(0),
                    TeeClientParam.valueInput(0));
            assertEquals(TeeResult.BAD_PARAMETERS, r.result());
            assertEquals(TeeOrigin.TRUSTED_APP, r.retOrigin());
        }
    }

    @Test
    void getCoredumpIsNotImplementedAndUnknownCommandsAreBadParameters() {
        try (SecureWorldFixture f = fixture()) {
            f.open();
            assertEquals(TeeResult.NOT_IMPLEMENTED, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_GET_COREDUMP,
                    TeeClientParam.valueOutput(), TeeClientParam.valueOutput()).result());
            assertEquals(TeeResult.BAD_PARAMETERS, f.command(7));
        }
    }

    @Test
    void loadFwWithoutBufferOrEmptyBufferIsBadParameters() {
        try (SecureWorldFixture f = fixture()) {
            f.open();
            assertEquals(TeeResult.BAD_PARAMETERS, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(null, 0, 0)).result());
            TeeShm shm = f.context.registerKernelBuffer(new byte[64]);
            assertEquals(TeeResult.BAD_PARAMETERS, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(shm, 0, 0)).result());
        }
    }

    @Test
    void bufferNotFourByteAlignedIsBadParameters() {
        byte[] image = image();
        byte[] shifted = new byte[image.length + 2];
        System.arraycopy(image, 0, shifted, 2, image.length);
        try (SecureWorldFixture f = fixture()) {
            f.open();
            TeeShm shm = f.context.registerKernelBuffer(
                    java.lang.foreign.MemorySegment.ofArray(shifted).asSlice(2));
            assertEquals(2, shm.address() & 3);
            assertEquals(TeeResult.BAD_PARAMETERS, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(shm, 0, image.length)).result());
            // The same bytes at an aligned address load.
            TeeShm aligned = f.context.registerKernelBuffer(java.lang.foreign.MemorySegment.ofArray(image));
            assertEquals(TeeResult.SUCCESS, f.context.invokeFunc(f.session(), TaRemoteproc.CMD_LOAD_FW,
                    TeeClientParam.valueInput(0), TeeClientParam.memrefInput(aligned, 0, image.length)).result());
        }
    }

    @Test
    void openSessionChecksParamsAndRprocId() {
        try (SecureWorldFixture f = fixture()) {
            assertEquals(TeeResult.BAD_PARAMETERS, f.context.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL,
                    TeeClientParam.valueInput(0), TeeClientParam.valueInput(0)).result());
            TeeClientResult r = f.open(1);
            assertEquals(TeeResult.NOT_SUPPORTED, r.result(), "only rproc id 0 exists on STM32MP15");
            assertEquals(TeeOrigin.TRUSTED_APP, r.retOrigin());
            assertTrue(f.open(0).isSuccess());
        }
    }

    @Test
    void secondConcurrentSessionIsBusyAndStateSurvivesClose() {
        try (SecureWorldFixture f = fixture()) {
            assertEquals(TeeResult.SUCCESS, f.load(image()));
            TeeClientResult second = f.context.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL,
                    TeeClientParam.valueInput(0));
            assertEquals(TeeResult.BUSY, second.result());
            assertEquals(TeeOrigin.TEE, second.retOrigin());

            assertEquals(0, f.context.closeSession(f.session()));
            assertEquals(0, f.world.core().openSessions(RprocPta.UUID), "last close closes the PTA session");
            assertTrue(f.open().isSuccess(), "the session can be opened again");
            assertEquals(RemoteprocTa.State.LOADED, f.world.ta().state(0), "keep-alive instance kept its state");
            assertArrayEquals(new long[] {0x10000020L, 0x38}, f.rscTable());
        }
    }

    @Test
    void theNormalWorldCannotOpenThePlatformPta() {
        try (SecureWorldFixture f = fixture()) {
            TeeClientResult r = f.context.openSession(RprocPta.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0));
            assertEquals(TeeResult.ACCESS_DENIED, r.result());
        }
    }

    @Test
    void onlyTheRemoteprocTaIsEnumeratedOnTheTeeBus() {
        try (SecureWorldFixture f = fixture()) {
            assertEquals(java.util.List.of(TaRemoteproc.UUID), f.world.client().enumerateDevices());
        }
    }
}
