package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assertions.*;
import static org.mp15sim.linux.board.TestFirmware.RSC_DA;
import static org.mp15sim.linux.board.TestFirmware.TRACE_DA;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.soc.m4.M4Subsystem;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/** End-to-end: the Linux remoteproc stack on the real SoC model (and the real OP-TEE secure world for TEE). */
class LinuxSystemTest {
    private final TestBoard board = TestBoard.withoutM4();
    private final Scheduler s = board.s;
    private final Stm32mp15 soc = board.soc;
    private LinuxSystem linux;

    @AfterEach
    void close() { board.close(); }

    // ------------------------------------------------------------------ helpers

    private LinuxSystem boot(String dt, Stm32mpSecureWorld secure) {
        linux = board.boot(dt, secure);
        return linux;
    }

    private <T> T inProcess(Supplier<T> body) { return board.inProcess(body); }

    private int write(String attr, String text) { return board.write(board.sysfs(attr), text); }

    private String dmesg() { return board.dmesg(); }

    private Stm32mpSecureWorld secureWorld() { return board.secureWorld(); }

    private static int indexOf(byte[] h, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= h.length; i++) {
            for (int j = 0; j < n.length; j++) if (h[i + j] != n[j]) continue outer;
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ native

    @Test
    void nativeBootStartsTheM4AndStopsWithShutdownAck() {
        boot("dk2", null);
        M4MailboxResponder m4 = new M4MailboxResponder(soc);
        board.installFirmware(TestFirmware.firmware());
        assertEquals("offline\n", inProcess(() -> {
            try {
                return linux.kernel().vfs().readText("/sys/class/remoteproc/remoteproc0/state");
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        }));
        assertEquals(0, write("state", "start"));
        assertEquals(RprocState.RUNNING, linux.rproc().state());
        assertEquals(M4Subsystem.State.RUNNING, soc.m4Subsystem().state(), "BOOT_MCU pulse started the M4");
        assertEquals(0x10040000, soc.m4().read32(0x0), "vector table in RETRAM at M4 address 0");
        long t0 = s.now();
        assertEquals(0, write("state", "stop"));
        assertTrue(s.now() - t0 < SimTime.ms(5));
        assertEquals(1, m4.acksPerChannel[2], "shutdown handshake on channel 2");
        assertFalse(dmesg().contains("shutdown without ack"));
        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state());
        assertEquals(0, soc.tamp().m4State());
    }

    @Test
    void nativeStopWithoutAckWarnsAfter500ms() {
        boot("dk2", null);
        board.installFirmware(TestFirmware.firmware());
        assertEquals(0, write("state", "start"));
        long t0 = s.now();
        assertEquals(0, write("state", "stop"));
        assertTrue(s.now() - t0 >= SimTime.ms(500), SimTime.format(s.now() - t0));
        assertTrue(dmesg().contains("remoteproc remoteproc0: warning: remote FW shutdown without ack"));
        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state());
    }

    @Test
    void watchdogExpiryCrashesAndRecoversNatively() {
        boot("dk2", null);
        board.installFirmware(TestFirmware.firmware());
        assertEquals(0, write("state", "start"));
        long boots = soc.m4Subsystem().boots();
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(50));
        assertTrue(dmesg().contains("Watchdog expired"), dmesg());
        assertTrue(dmesg().contains("crash detected in m4: type watchdog"));
        assertEquals(RprocState.RUNNING, linux.rproc().state());
        assertEquals(1, linux.rproc().crashCount());
        assertTrue(soc.m4Subsystem().boots() > boots, "the M4 was started again");
    }

    @Test
    void recoveryDisabledStaysCrashed() {
        boot("dk2", null);
        board.installFirmware(TestFirmware.firmware());
        assertEquals(0, write("state", "start"));
        assertEquals(0, write("recovery", "disabled"));
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(50));
        assertEquals(RprocState.CRASHED, linux.rproc().state());
        assertEquals(-Errno.EINVAL, write("state", "stop"));
    }

    @Test
    void coredumpProducesACoreFileOnRecovery() throws Exception {
        boot("dk2", null);
        board.installFirmware(TestFirmware.firmware());
        assertEquals(0, write("state", "start"));
        assertEquals(0, write("coredump", "enabled"));
        soc.a7().write32(TRACE_DA, 0x2121_4d34);
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(50));
        var dumps = linux.rproc().coredumps();
        assertEquals(1, dumps.size());
        byte[] core = dumps.get(0).bytes();
        assertEquals(0x7f, core[0]);
        assertEquals(4, core[16], "ET_CORE");
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("m4", ".core");
        dumps.get(0).saveTo(tmp);
        assertArrayEquals(core, java.nio.file.Files.readAllBytes(tmp));
        java.nio.file.Files.delete(tmp);
    }

    @Test
    void stTtyEchoFirmwareLoadsByPaddrAndGetsItsTableAtTheSectionAddress() throws Exception {
        byte[] elf = TestFirmware.st("OpenAMP_TTY_echo.elf");
        boot("dk2", null);
        board.installFirmware(elf);
        assertEquals(0, write("state", "start"), dmesg());
        assertTrue(dmesg().contains("Booting fw image rproc-m4-fw, size 1990936"), dmesg());
        // segment 2 is placed at its LMA 0x10004934 (.data image), zero-filled up to memsz 0x1580
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = b.getInt(28);
        int off2 = b.getInt(phoff + 64 + 4);
        assertEquals(b.getInt(off2), soc.a7().read32(0x1000_4934L));
        assertEquals(0, soc.a7().read32(0x1000_4934L + 0x1580 - 4));
        // the live table sits at sh_addr 0x10020118 with the notify ids Linux assigned, and the trace is exposed
        long vdev = 0x1002_0118L + soc.a7().read32(0x1002_0118L + 16) + 4;
        assertEquals(7, soc.a7().read32(vdev), "virtio id of the vdev entry");
        assertEquals(1, soc.a7().read32(vdev + 24 + 20 + 12), "vring1 notify id");
        assertTrue(linux.kernel().vfs().exists("/sys/kernel/debug/remoteproc/remoteproc0/trace0"));
        assertEquals(1, linux.kernel().virtioBus().devices().size());
    }

    @Test
    void stTtyEchoFirmwareSignedBootsThroughTheTa() throws Exception {
        byte[] elf = TestFirmware.st("OpenAMP_TTY_echo.elf");
        boot("dk2-tee", secureWorld());
        board.installFirmware(TestFirmware.signed(elf));
        assertEquals(0, write("state", "start"), dmesg());
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START"), linux.tee().calls());
        // The TA loads segments by p_paddr and reports the table at its section address (sh_addr 0x10020118,
        // a VMA in .bss): this firmware keeps the table's bytes at the LMA, so the table Linux reads is zeroed and
        // the boot goes on without resources (no check on the TEE path), as it would on the board.
        assertEquals(0, soc.a7().read32(0x1002_0118L), "ver 0 at the section address");
        assertTrue(linux.kernel().virtioBus().devices().isEmpty());
    }

    // ------------------------------------------------------------------ attach / detach / reboot

    @Test
    void detachAndReattachAcrossLinuxRebootWithM4Running() {
        DeviceTree dt = BoardDts.bundled("dk2");
        var ranges = dt.compatible("st,mlahb").get(0).dmaRanges();
        long rsc = UBootRemoteproc.loadAndStart(soc.a7(), ranges, TestFirmware.firmware());
        assertEquals(RSC_DA, rsc);
        assertEquals(2, soc.tamp().m4State());
        boot("dk2", null);
        M4MailboxResponder m4 = new M4MailboxResponder(soc);
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, write("state", "start"));
        assertEquals(RprocState.ATTACHED, linux.rproc().state());
        assertTrue(dmesg().contains("attaching to m4") && dmesg().contains("remote processor m4 is now attached"), dmesg());
        assertEquals(-Errno.EBUSY, write("state", "start"));
        assertEquals(1, linux.kernel().virtioBus().devices().size());
        // Linux wrote its vring addresses into the M4's table
        var vdev = linux.kernel().virtioBus().devices().get(0);
        vdev.vring(0);
        assertEquals(0x1004_0000, soc.a7().read32(RSC_DA + 28 + 24));
        assertEquals(0, write("state", "detach"));
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(1, m4.acksPerChannel[3], "detach handshake on channel 3");
        assertEquals(1, soc.a7().read32(0x5000_010CL) & 1, "hold boot released: the M4 may reboot on its own");
        assertEquals(-1, soc.a7().read32(RSC_DA + 28 + 24), "the table the M4 published is restored on detach");
        assertEquals(M4Subsystem.State.RUNNING, soc.m4Subsystem().state());

        linux = board.rebootWithM4Running();
        assertEquals("remoteproc0", linux.rproc().dev().name());
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, write("state", "start"));
        assertEquals(RprocState.ATTACHED, linux.rproc().state());
        assertEquals("unknown\n", inProcess(() -> {
            try {
                return linux.kernel().vfs().readText("/sys/class/remoteproc/remoteproc0/firmware");
            } catch (ErrnoException e) {
                return null;
            }
        }));
        // stop from ATTACHED really stops the M4
        assertEquals(0, write("state", "stop"));
        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state());
        assertEquals(0, soc.tamp().m4State());
    }

    @Test
    void attachWithoutPublishedTableFailsWithEnoent() {
        soc.a7().write32(UBootRemoteproc.TAMP_BKP18R, 2);
        boot("dk2", null);
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(-Errno.ENOENT, write("state", "start"));
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, linux.rproc().power());
    }

    // ------------------------------------------------------------------ TEE

    @Test
    void teeBootMakesFiveTaCallsAndShutdownStopsThenReleases() {
        Stm32mpSecureWorld sw = secureWorld();
        boot("dk2-tee", sw);
        assertTrue(linux.probeErrors().isEmpty(), linux.probeErrors().toString());
        board.installFirmware(TestFirmware.signed(TestFirmware.firmware()));
        assertEquals(0, write("state", "start"), dmesg());
        assertEquals(RprocState.RUNNING, linux.rproc().state());
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START"), linux.tee().calls());
        assertEquals(M4Subsystem.State.RUNNING, soc.m4Subsystem().state());
        // the live table is the one in M4 memory (pa_to_va over the carveouts): Linux's notify ids are there
        assertEquals(1, soc.a7().read32(RSC_DA + 28 + 24 + 20 + 12));
        new M4MailboxResponder(soc);
        assertEquals(0, write("state", "stop"));
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START", "STOP", "RELEASE_FW"), linux.tee().calls());
        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state());
    }

    @Test
    void teeBootWorksWhileTheSecureWorldIsolatesTheFirmwareRegions() {
        Stm32mpSecureWorld sw = board.secureWorld(TeeConfig.defaults().withIsolation(org.mp15sim.tee.core.IsolationPolicy.ISOLATE));
        boot("dk2-tee", sw);
        board.installFirmware(TestFirmware.signed(TestFirmware.firmware()));
        assertEquals(0, write("state", "start"), dmesg());
        assertEquals(RprocState.RUNNING, linux.rproc().state());
        assertThrows(org.mp15sim.core.mem.BusErrorException.class, () -> soc.a7().read32(0x1000_0000L),
                "the A7 non-secure master is denied the loaded code");
        new M4MailboxResponder(soc);
        assertEquals(0, write("state", "stop"));
        assertEquals(RprocState.OFFLINE, linux.rproc().state());
    }

    @Test
    void tamperedSignedImageFailsWithEioAndReleases() {
        Stm32mpSecureWorld sw = secureWorld();
        boot("dk2-tee", sw);
        byte[] img = TestFirmware.signed(TestFirmware.firmware());
        int code = indexOf(img, new byte[] {(byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5});
        assertTrue(code > 0);
        img[code + 16] ^= 0x40; // one bit of the code segment
        board.installFirmware(img);
        assertEquals(-Errno.EIO, write("state", "start"));
        assertEquals(RprocState.OFFLINE, linux.rproc().state());
        assertEquals(0, linux.rproc().power());
        assertEquals(List.of("LOAD_FW", "RELEASE_FW"), linux.tee().calls(), "parse_fw returns without release; rproc_boot releases");
        assertEquals(0, soc.a7Secure().read32(0x1000_0000L), "the TA wiped what it loaded");
        assertNotEquals(M4Subsystem.State.RUNNING, soc.m4Subsystem().state());
    }

    @Test
    void teeLinuxRebootProbesAgainAndBoots() {
        Stm32mpSecureWorld sw = secureWorld();
        boot("dk2-tee", sw);
        board.installFirmware(TestFirmware.signed(TestFirmware.firmware()));
        assertEquals(0, write("state", "start"));
        new M4MailboxResponder(soc);
        assertEquals(0, write("state", "stop"));
        linux = board.rebootWithM4Running();
        assertTrue(linux.probeErrors().isEmpty(), linux.probeErrors().toString());
        board.installFirmware(TestFirmware.signed(TestFirmware.firmware()));
        assertEquals(0, write("state", "start"), dmesg());
        assertEquals(RprocState.RUNNING, linux.rproc().state());
    }

    @Test
    void aGoodImageBootsAfterATamperedOneDespiteTheLeakedCarveouts() {
        boot("dk2-tee", secureWorld());
        byte[] good = TestFirmware.signed(TestFirmware.firmware());
        byte[] bad = good.clone();
        int code = indexOf(bad, new byte[] {(byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5, (byte) 0xA5});
        bad[code + 16] ^= 0x40;
        board.installFirmware(bad);
        assertEquals(-Errno.EIO, write("state", "start"));
        // rproc_fw_boot unwinds a parse_fw failure with unprepare only: what stm32 prepare registered stays listed
        assertEquals(6, linux.rproc().carveouts().size());
        board.installFirmware(good);
        assertEquals(0, write("state", "start"), dmesg());
        assertEquals(RprocState.RUNNING, linux.rproc().state());
        assertEquals(12, linux.rproc().carveouts().size(), "prepare registered its regions a second time");
        new M4MailboxResponder(soc);
        assertEquals(0, write("state", "stop"));
        assertTrue(linux.rproc().carveouts().isEmpty(), "rproc_resource_cleanup releases them all");
    }

    @Test
    void teeRefusesAnM4AlreadyRunningAtProbe() {
        soc.a7().write32(UBootRemoteproc.TAMP_BKP18R, 2);
        boot("dk2-tee", secureWorld());
        assertNull(linux.stm32());
        assertTrue(linux.probeErrors().get(0).contains("EINVAL"), linux.probeErrors().toString());
        assertTrue(dmesg().contains("TEE support not yet compatible with attached state"));
    }

    @Test
    void teeWatchdogRecoveryReloadsThroughTheTa() {
        boot("dk2-tee", secureWorld());
        board.installFirmware(TestFirmware.signed(TestFirmware.firmware()));
        assertEquals(0, write("state", "start"));
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(200));
        assertEquals(RprocState.RUNNING, linux.rproc().state(), dmesg());
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START", "STOP", "LOAD_FW", "GET_RSC_TABLE", "START"),
                linux.tee().calls());
    }
}
