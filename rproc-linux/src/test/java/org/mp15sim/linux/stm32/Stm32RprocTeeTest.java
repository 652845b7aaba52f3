package org.mp15sim.linux.stm32;

import static org.junit.jupiter.api.Assertions.*;
import static org.mp15sim.linux.board.TestFirmware.*;
import static org.mp15sim.linux.stm32.Bench.*;
import static org.mp15sim.linux.tee.RemoteprocTee.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.linux.tee.RemoteprocTee;

/** remoteproc_tee + stm32 TEE ops against a scripted TEE double (the real TA is exercised in LinuxSystemTest). */
class Stm32RprocTeeTest {
    private final Bench b = new Bench();
    private final FakeTeeContext tee = new FakeTeeContext();

    @AfterEach
    void close() { b.close(); }

    private RemoteProc probedTee() {
        assertEquals(0, RemoteprocTee.of(b.k).probe(tee, "/firmware/optee-rproc"));
        b.installFirmware("rproc-m4-fw", new byte[] {1, 2, 3});
        // what the TA's LOAD_FW leaves in M4 memory: the table at RSC_DA
        b.bus.writeBytes(RSC_DA, resourceTable(), 0, 0x400);
        tee.rscPa = RSC_DA;
        tee.rscSize = 0x400;
        return b.probe(true, false).rproc();
    }

    @Test
    void bootSendsLoadGetRscLoadGetRscStartAndTheLiveTableIsInM4Memory() {
        RemoteProc r = probedTee();
        assertEquals(0, tee.lastRprocId, "session opened for rproc id 0 of <&tee_rproc 0>");
        assertEquals(0, b.state(r, "start"));
        assertEquals(List.of(TA_RPROC_CMD_LOAD_FW, TA_RPROC_CMD_GET_RSC_TABLE, TA_RPROC_CMD_LOAD_FW, TA_RPROC_CMD_GET_RSC_TABLE,
                TA_RPROC_CMD_START), tee.cmds);
        assertEquals(RprocState.RUNNING, r.state());
        assertEquals(1, b.bus.read32(RSC_DA + 28 + 24 + 20 + 12), "notify id of vring1 written in M4 memory");
        assertTrue(b.rcc.writesTo(RCC_MP_GCR).isEmpty(), "Linux leaves hold boot to the TA");
        assertEquals(0, b.state(r, "stop"));
        assertEquals(List.of(TA_RPROC_CMD_STOP, TA_RPROC_CMD_RELEASE_FW), tee.cmds.subList(5, 7));
        assertEquals(1, b.pwr.get(PWR_MCUCR), "PDDS set on stop");
        assertTrue(b.rcc.writesTo(RCC_MP_GRSTCSETR).isEmpty(), "no MCURST from Linux in TEE mode");
    }

    @Test
    void loadFailureIsEioAndReleasesOnceFromRprocBoot() {
        RemoteProc r = probedTee();
        tee.failures.put(TA_RPROC_CMD_LOAD_FW, FakeTeeContext.TEE_ERROR_SECURITY);
        assertEquals(-Errno.EIO, b.state(r, "start"));
        assertEquals(List.of(TA_RPROC_CMD_LOAD_FW, TA_RPROC_CMD_RELEASE_FW), tee.cmds);
        assertTrue(b.dmesg().contains("TA_RPROC_CMD_LOAD_FW invoke failed TEE err: 0xffff000f, ret:0"), b.dmesg());
        assertEquals(RprocState.OFFLINE, r.state());
        assertEquals(0, r.power());
    }

    @Test
    void getRscFailureInParseFwSendsReleaseTwice() {
        RemoteProc r = probedTee();
        tee.failures.put(TA_RPROC_CMD_GET_RSC_TABLE, 0xFFFF0000);
        assertEquals(-Errno.EIO, b.state(r, "start"));
        assertEquals(List.of(TA_RPROC_CMD_LOAD_FW, TA_RPROC_CMD_GET_RSC_TABLE, TA_RPROC_CMD_RELEASE_FW, TA_RPROC_CMD_RELEASE_FW), tee.cmds);
    }

    @Test
    void startFailureUnwindsAndReleases() {
        RemoteProc r = probedTee();
        tee.failures.put(TA_RPROC_CMD_START, 0xFFFF0000);
        assertEquals(-Errno.EIO, b.state(r, "start"));
        assertTrue(b.dmesg().contains("can't start rproc m4: -5"));
        assertEquals(TA_RPROC_CMD_RELEASE_FW, tee.cmds.get(tee.cmds.size() - 1));
        assertEquals(RprocState.OFFLINE, r.state());
        assertTrue(r.carveouts().isEmpty());
    }

    @Test
    void tableOutsideEveryCarveoutStaysCached() {
        RemoteProc r = probedTee();
        b.bus.writeBytes(0x1005_0000L, resourceTable(), 0, 0x400);
        tee.rscPa = 0x1005_0000L;
        assertEquals(0, b.state(r, "start"));
        assertSame(r.cachedTable(), r.tablePtr(), "rproc_pa_to_va found no carveout: the core keeps the cached copy");
        assertEquals(1, b.bus.read32(0x1005_0000L + 28 + 24 + 20 + 12), "M4 memory keeps the firmware's value");
    }

    @Test
    void zeroSizeTableMeansNoResources() {
        RemoteProc r = probedTee();
        tee.rscSize = 0;
        assertEquals(0, b.state(r, "start"));
        assertNull(r.tablePtr());
        assertTrue(b.k.virtioBus().devices().isEmpty());
    }

    @Test
    void anyAddressAndSizeFromTheTaEndsInAnErrnoOrABoot() {
        RemoteProc r = probedTee();
        long[][] cases = {{0, 0x400}, {0xFFFF_FFF0L, 0x400}, {RSC_DA, 0xFFFF_FFFFL}, {RSC_DA, 3}, {RSC_DA + 0x3FC, 0x400},
            {0x3800_0000L, 0x10000}, {0x5C00_A000L, 0x100}, {RSC_DA, 0x7FFF_FFFFL}};
        for (long[] c : cases) {
            tee.rscPa = c[0];
            tee.rscSize = c[1];
            int ret = b.state(r, "start");
            if (ret == 0) assertEquals(0, b.state(r, "stop"));
            assertEquals(RprocState.OFFLINE, r.state(), String.format("pa 0x%x size 0x%x: %d", c[0], c[1], ret));
            assertEquals(0, r.power());
        }
    }

    @Test
    void registerBeforeTheBackendProbedDefers() {
        assertEquals(Errno.EPROBE_DEFER, b.probeError(true, false).errno());
    }

    @Test
    void phandleToAnotherNodeIsEinval() {
        assertEquals(0, RemoteprocTee.of(b.k).probe(tee, "/firmware/other"));
        assertEquals(Errno.EINVAL, b.probeError(true, false).errno());
    }

    @Test
    void openSessionFailureIsEinval() {
        assertEquals(0, RemoteprocTee.of(b.k).probe(tee, "/firmware/optee-rproc"));
        tee.openSessionRet = 0xFFFF0008;
        assertEquals(Errno.EINVAL, b.probeError(true, false).errno());
    }

    @Test
    void teeNodeWithoutRemoteprocTeeBuiltInIsEnodev() {
        Bench nb = new Bench(KernelConfig.defaults().withRemoteprocTee(false));
        try {
            assertEquals(Errno.ENODEV, nb.probeError(true, false).errno());
        } finally {
            nb.close();
        }
    }

    @Test
    void teeModeRefusesCrun() {
        assertEquals(0, RemoteprocTee.of(b.k).probe(tee, "/firmware/optee-rproc"));
        b.tamp.set(TAMP_BKP18R, 2);
        assertEquals(Errno.EINVAL, b.probeError(true, false).errno());
        assertTrue(tee.cmds.isEmpty());
    }
}
