package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.m4.M4Subsystem;
import org.mp15sim.soc.periph.Tamp;

/**
 * Issue 8: ST's prebuilt OpenAMP_TTY_echo.elf (read from {@code mp15sim.shared}, skipped when absent) on the
 * whole machine: native boot, echo on both ttys, the stop without ack (full 500 ms), TAMP OFF and a held M4,
 * start again; no MMIO access outside the modelled registers; the polling fast-forward changes nothing.
 */
class StTtyEchoAcceptanceTest {
    private static byte[] stFirmware() { return TestFirmware.st("OpenAMP_TTY_echo.elf"); }

    /** What one native boot → echo → stop → start → echo → stop run observes. */
    record Run(String dmesg, List<String> replies, long nsAnnounce, long stopTook, int tampAfterStop,
            M4Subsystem.State m4AfterStop, long instructions, List<String> unmodelled, long ffSkips) {
    }

    static Run run(byte[] elf, boolean fastForward) {
        try (TestBoard b = TestBoard.withM4()) {
            b.m4().core().setPollingFastForward(fastForward);
            b.boot("dk2", null);
            b.installFirmware(elf);
            long t0 = b.s.now();
            assertEquals(0, b.state("start"), b.dmesg());
            b.awaitPath("/dev/ttyRPMSG1", SimTime.ms(100));
            long ns = b.linux().kernel().dmesg().lines().stream()
                    .filter(l -> l.text().contains("creating channel rpmsg-tty-channel addr 0x0"))
                    .findFirst().orElseThrow().time() - t0;
            String r0 = b.echo("/dev/ttyRPMSG0", "Hello Virtual UART0", SimTime.ms(10));
            String r1 = b.echo("/dev/ttyRPMSG1", "Hello Virtual UART1", SimTime.ms(10));
            long s0 = b.s.now();
            assertEquals(0, b.state("stop"), b.dmesg());
            long stopTook = b.s.now() - s0;
            int tamp = b.soc.tamp().m4State();
            M4Subsystem.State m4 = b.soc.m4Subsystem().state();
            assertEquals(0, b.state("start"), b.dmesg());
            b.awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
            String r2 = b.echo("/dev/ttyRPMSG0", "again", SimTime.ms(10));
            assertEquals(0, b.state("stop"), b.dmesg());
            long[] ff = b.m4().core().pollingFastForwardStats();
            return new Run(b.dmesg(), List.of(r0, r1, r2), ns, stopTook, tamp, m4, b.m4().core().instructions(),
                    b.soc.unmodelledAccesses().summary(), ff[0]);
        }
    }

    @Test
    void nativeBootEchoesOnBothTtysAndStopTakesTheFullShutdownTimeout() throws Exception {
        Run r = run(stFirmware(), true);
        assertEquals(List.of("Hello Virtual UART0", "Hello Virtual UART1", "again"), r.replies(), r.dmesg());
        assertTrue(r.dmesg().contains("powering up m4"), r.dmesg());
        assertTrue(r.dmesg().contains("registered virtio0 (type 7)"), r.dmesg());
        assertTrue(r.dmesg().contains("creating channel rpmsg-tty-channel addr 0x1"), r.dmesg());
        assertTrue(r.dmesg().contains("remote FW shutdown without ack"), r.dmesg());
        assertTrue(r.stopTook() >= SimTime.ms(500), "stop took " + SimTime.format(r.stopTook()));
        assertEquals(Tamp.M4_STATE_OFF, r.tampAfterStop());
        assertEquals(M4Subsystem.State.HELD, r.m4AfterStop());
        assertTrue(r.nsAnnounce() > 0 && r.nsAnnounce() < SimTime.ms(200), SimTime.format(r.nsAnnounce()));
    }

    @Test
    void everyMmioAccessOfTheFirmwareHitsAModelledRegister() throws Exception {
        Run r = run(stFirmware(), true);
        assertEquals(List.of(), r.unmodelled());
    }

    @Test
    void pollingFastForwardSkipsLoopsAndChangesNothingObservable() throws Exception {
        byte[] elf = stFirmware();
        Run on = run(elf, true);
        Run off = run(elf, false);
        assertTrue(on.ffSkips() > 100, "the firmware's poll loops were fast-forwarded: " + on.ffSkips());
        assertEquals(0, off.ffSkips());
        assertEquals(off.dmesg(), on.dmesg());
        assertEquals(off.instructions(), on.instructions(), "same instruction count");
        assertEquals(off.nsAnnounce(), on.nsAnnounce());
        assertEquals(off.replies(), on.replies());
        assertFalse(on.dmesg().isEmpty());
    }

    @Test
    void inspectExplainsWhyTheTaPathReadsAZeroTable() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        new org.mp15sim.tee.tools.InspectCommand().inspect("OpenAMP_TTY_echo.elf", stFirmware(), out, out);
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("warning: .resource_table runs at 0x10020118 (VMA) but loads at 0x10004a4c"), text);
        assertTrue(text.contains("linker script"), text);
    }

    @Test
    void signedThroughTheTaLinuxReadsAZeroTableAndTheFirmwareWaitsForDriverOk() throws Exception {
        byte[] elf = stFirmware();
        try (TestBoard b = TestBoard.withM4()) {
            b.boot("dk2-tee", b.secureWorld());
            b.installFirmware(TestFirmware.signed(elf));
            assertEquals(0, b.state("start"), b.dmesg());
            b.s.runFor(SimTime.ms(50));
            // The TA reports the table at its section address 0x10020118, which it never loaded: zeros.
            assertEquals(0, b.soc.a7().read32(0x1002_0118L), "ver 0 at the section address");
            assertTrue(b.logged("remote processor m4 is now up"), b.dmesg());
            assertTrue(b.linux().kernel().virtioBus().devices().isEmpty(), "no vdev from a zero table");
            assertFalse(b.linux().kernel().vfs().exists("/sys/kernel/debug/remoteproc/remoteproc0/trace0"));
            // The firmware runs (no fault) and spins in OpenAMP's wait for DRIVER_OK (rproc_virtio_get_status /
            // rproc_virtio_wait_remote_ready, 0x10002650..0x100028bc), reading the vdev status of its zeroed table.
            var core = b.m4().core();
            assertTrue(core.faults().isEmpty(), core.faults().toString());
            long pc = core.register(org.mp15sim.core.unicorn.ArmReg.PC) & 0xFFFF_FFFFL;
            assertTrue(pc >= 0x1000_2650L && pc < 0x1000_28BCL, String.format("M4 PC 0x%08x", pc));
        }
    }

    @Test
    void verifyWarnsThatLinuxWouldReadAZeroTableAtTheReportedAddress(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path sig = dir.resolve("st.sig");
        Files.write(sig, TestFirmware.signed(stFirmware()));
        Path pub = dir.resolve("pub.pem");
        try (var in = StTtyEchoAcceptanceTest.class.getResourceAsStream("/org/mp15sim/tee/keys/mp15sim-default_pub.pem")) {
            Files.write(pub, in.readAllBytes());
        }
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        int rc = new org.mp15sim.tee.tools.VerifyCommand().run(new String[] {"--key", pub.toString(), sig.toString()},
                out, out);
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, rc, text); // the TA accepts the image: the problem is what Linux reads afterwards
        assertTrue(text.contains("warning: the resource table reported at pa 0x10020118 reads ver 0"), text);
    }
}
