package org.mp15sim.linux.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.LinuxSystem;
import org.mp15sim.linux.board.TestBoard;
import org.mp15sim.linux.board.TestFirmware;
import org.mp15sim.linux.board.UBootRemoteproc;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.soc.dt.BoardDts;

/**
 * Real firmware on the simulated M4 (Unicorn core) talking rpmsg with the Linux model over the IPCC model:
 * the project's rpmsg_echo image and, when the shared folder is present, ST's OpenAMP_TTY_echo. (The no-ack,
 * TEE and watchdog paths with rpmsg_echo are covered by linux.board.RealFirmwareTest.)
 */
class RpmsgEchoOnM4Test {
    private final TestBoard board = TestBoard.withM4();
    private final Scheduler s = board.s;

    @AfterEach
    void close() { board.close(); }

    private void boot(byte[] elf) { board.boot("dk2", null, elf); }

    private LinuxSystem linux() { return board.linux(); }

    private int writeState(String cmd) { return board.state(cmd); }

    private boolean logged(String text) { return board.logged(text); }

    private String echo(String tty, String text) { return board.echo(tty, text, SimTime.ms(20)); }

    private void awaitPath(String path, long within) { board.awaitPath(path, within); }

    private String trace0() { return board.read("/sys/kernel/debug/remoteproc/remoteproc0/trace0"); }

    @Test
    void rpmsgEchoAnnouncesEchoesAndAcksTheShutdown() {
        boot(TestFirmware.rpmsgEcho("rpmsg_echo.elf"));
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x400"), linux().kernel().dmesg().text());
        assertEquals("Hello Virtual UART0", echo("/dev/ttyRPMSG0", "Hello Virtual UART0"));
        assertEquals("x".repeat(496), echo("/dev/ttyRPMSG0", "x".repeat(496)));
        String trace = trace0();
        assertTrue(trace.contains("rpmsg_echo: boot, acks shutdown"), trace);
        assertTrue(trace.contains("host ready, vring0 0x10040000 vring1 0x10041000"), trace);

        long t0 = s.now();
        assertEquals(0, writeState("stop"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "shutdown acked: " + SimTime.format(s.now() - t0));
        assertFalse(logged("remote FW shutdown without ack"));
        assertFalse(linux().kernel().vfs().exists("/dev/ttyRPMSG0"));

        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("again", echo("/dev/ttyRPMSG0", "again"));
    }

    @Test
    void anEarlyBootedRpmsgEchoSurvivesAttachDetachAndALinuxReboot() {
        byte[] elf = TestFirmware.rpmsgEcho("rpmsg_echo.elf");
        UBootRemoteproc.loadAndStart(board.soc.a7(), BoardDts.bundled("dk2").compatible("st,mlahb").get(0).dmaRanges(), elf);
        boot(elf);
        assertEquals(RprocState.DETACHED, linux().rproc().state());
        assertEquals(0, writeState("start"));
        assertEquals(RprocState.ATTACHED, linux().rproc().state());
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("ping", echo("/dev/ttyRPMSG0", "ping"));

        long t0 = s.now();
        assertEquals(0, writeState("detach"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "detach acked: " + SimTime.format(s.now() - t0));
        assertFalse(logged("remote FW detach without ack"));
        assertFalse(linux().kernel().vfs().exists("/dev/ttyRPMSG0"));

        board.rebootWithM4Running();
        assertEquals(RprocState.DETACHED, linux().rproc().state());
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("still alive", echo("/dev/ttyRPMSG0", "still alive"));
        assertTrue(trace0().contains("rpmsg_echo: detach request, IPC stopped"), trace0());
        assertEquals(1, board.soc.m4Subsystem().boots(), "the firmware never restarted");
    }

    @Test
    void stOpenAmpTtyEchoGetsTwoLegacyChannelsAndEchoes() {
        boot(TestFirmware.st("OpenAMP_TTY_echo.elf"));
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG1", SimTime.seconds(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty-channel addr 0x0"), linux().kernel().dmesg().text());
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty-channel addr 0x1"));
        assertEquals("Hello Virtual UART0", echo("/dev/ttyRPMSG0", "Hello Virtual UART0"));
        assertEquals("Hello Virtual UART1", echo("/dev/ttyRPMSG1", "Hello Virtual UART1"));
        // Not stopped here: the example polls for messages without sleeping, so the 500 ms shutdown time-out
        // would cost ~100 M emulated instructions; the no-ack stop is covered by rpmsg_echo_noack above.
    }
}
