package org.mp15sim.scenario.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.scenario.lang.ScenarioParser;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.ScenarioRunner;

class Dk2AssemblyTest {
    @TempDir Path dir;

    @Test
    void theDefaultBoardProbesTheM4Offline() throws Exception {
        try (Board b = new Dk2Assembly().build(BoardSpec.dk2())) {
            assertEquals("/sys/class/remoteproc/remoteproc0", b.remoteprocSysfs());
            assertEquals("offline\n", b.linux().vfs().readText(b.remoteprocSysfs() + "/state"));
            assertTrue(b.linux().dmesg().text().contains("remoteproc remoteproc0: m4 is available"), b.linux().dmesg().text());
        }
    }

    @Test
    void theTeeBoardHasTheTeeBackend() throws Exception {
        try (Board b = new Dk2Assembly().build(BoardSpec.dk2Tee())) {
            assertEquals("offline\n", b.linux().vfs().readText(b.remoteprocSysfs() + "/state"));
            assertTrue(((Dk2Board) b).linuxSystem().tee() != null, "remoteproc_tee probed");
        }
    }

    @Test
    void unknownTimingParametersNameTheSetLine() throws Exception {
        ScenarioResult r = new ScenarioRunner(new Dk2Assembly(), RunOptions.defaults())
                .run(ScenarioParser.parse(dir.resolve("t.scn"), "board dk2\nset timing.warp-speed 9\nrun 1ms\n"));
        assertEquals(ScenarioResult.Outcome.ERROR, r.outcome());
        assertTrue(r.message().contains("t.scn:2: cannot build the board: unknown timing parameter 'timing.warp-speed': known are timing.m4.hz"), r.message());
    }

    @Test
    void aBrokenUserDeviceTreeIsABoardError() throws Exception {
        Path dts = dir.resolve("b.dts");
        Files.writeString(dts, "/dts-v1/;\n/ { x = <1;\n};\n");
        BoardException e = assertThrows(BoardException.class, () -> new Dk2Assembly().build(BoardSpec.dk2().withDeviceTree(BoardSpec.DeviceTree.DTS, dts)));
        assertEquals("deviceTree", e.parameter());
        assertTrue(e.getMessage().contains("b.dts"), e.getMessage());
    }

    @Test
    void earlyBootLeavesTheM4DetachedForLinux() throws Exception {
        Path fw = RunOptions.defaults().root().resolve("firmware/rpmsg_echo/rpmsg_echo.elf");
        try (Board b = new Dk2Assembly().build(BoardSpec.dk2().withEarlyBoot(fw))) {
            assertEquals("detached\n", b.linux().vfs().readText(b.remoteprocSysfs() + "/state"));
        } catch (ErrnoException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ecdsaSigningFollowsTheSeed() throws Exception {
        byte[] elf = Files.readAllBytes(RunOptions.defaults().root().resolve("firmware/rpmsg_echo/rpmsg_echo.elf"));
        var pair = org.mp15sim.tee.sign.PemKeys.generateP256(new java.security.SecureRandom());
        byte[] pem = org.mp15sim.tee.sign.PemKeys.writePkcs8(pair.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] a;
        byte[] b;
        byte[] c;
        try (Board x = new Dk2Assembly().build(BoardSpec.dk2().withSeed(7))) {
            a = x.sign(elf, pem);
            b = x.sign(elf, pem);
        }
        try (Board y = new Dk2Assembly().build(BoardSpec.dk2().withSeed(8))) {
            c = y.sign(elf, pem);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c), "another seed, another nonce");
    }
}
