package org.mp15sim.linux.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.LinuxSystem;
import org.mp15sim.linux.board.UBootRemoteproc;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.linux.rpmsg.RpmsgTtyPort;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/**
 * Real firmware on the simulated M4 (Unicorn core) talking rpmsg with the Linux model over the IPCC model:
 * the project's rpmsg_echo image and, when the shared folder is present, ST's OpenAMP_TTY_echo. (The no-ack,
 * TEE and watchdog paths with rpmsg_echo are covered by linux.board.RealFirmwareTest.)
 */
class RpmsgEchoOnM4Test {
    private final Scheduler s = new Scheduler();
    private final Stm32mp15 soc = new Stm32mp15(s, Stm32mp15Config.dk2());
    private final ArmV7mCore core = soc.createM4Core().core();
    private LinuxSystem linux;

    @AfterEach
    void close() {
        s.close();
        soc.close();
    }

    private void boot(byte[] elf) { boot("dk2", null, elf); }

    private void boot(String board, Stm32mpSecureWorld secure, byte[] elf) {
        linux = LinuxSystem.boot(s, soc, BoardDts.bundled(board), secure, KernelConfig.defaults());
        assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)), "kernel_init finished");
        linux.kernel().firmware().install("rproc-m4-fw", elf);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private <T> T inProcess(Supplier<T> body) {
        Object[] out = new Object[1];
        boolean[] done = {false};
        s.spawn("shell", () -> {
            out[0] = body.get();
            done[0] = true;
        });
        assertTrue(s.runUntil(() -> done[0], s.now() + SimTime.seconds(100)));
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    private int writeState(String cmd) {
        return inProcess(() -> {
            try {
                linux.kernel().vfs().writeText("/sys/class/remoteproc/remoteproc0/state", cmd);
                return 0;
            } catch (ErrnoException e) {
                return -e.errno();
            }
        });
    }

    private boolean logged(String text) { return linux.kernel().dmesg().find(text, 0) >= 0; }

    private String echo(String tty, String text) {
        return inProcess(() -> {
            try {
                RpmsgTtyPort port = (RpmsgTtyPort) linux.kernel().vfs().lookup(tty);
                port.write(text.getBytes(StandardCharsets.US_ASCII));
                return new String(port.read(4096, SimTime.ms(20)), StandardCharsets.US_ASCII);
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        });
    }

    private void awaitPath(String path, long within) {
        assertTrue(s.runUntil(() -> linux.kernel().vfs().exists(path), s.now() + within),
                path + " within " + SimTime.format(within) + "\n" + linux.kernel().dmesg().text() + "\nM4: " + core.state() + " "
                        + core.faults());
    }

    private String trace0() {
        try {
            return linux.kernel().vfs().readText("/sys/kernel/debug/remoteproc/remoteproc0/trace0");
        } catch (ErrnoException e) {
            return e.getMessage();
        }
    }

    @Test
    void rpmsgEchoAnnouncesEchoesAndAcksTheShutdown() {
        boot(read(RpmsgEchoElfTest.image("rpmsg_echo.elf")));
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x400"), linux.kernel().dmesg().text());
        assertEquals("Hello Virtual UART0", echo("/dev/ttyRPMSG0", "Hello Virtual UART0"));
        assertEquals("x".repeat(496), echo("/dev/ttyRPMSG0", "x".repeat(496)));
        String trace = trace0();
        assertTrue(trace.contains("rpmsg_echo: boot, acks shutdown"), trace);
        assertTrue(trace.contains("host ready, vring0 0x10040000 vring1 0x10041000"), trace);

        long t0 = s.now();
        assertEquals(0, writeState("stop"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "shutdown acked: " + SimTime.format(s.now() - t0));
        assertFalse(logged("remote FW shutdown without ack"));
        assertFalse(linux.kernel().vfs().exists("/dev/ttyRPMSG0"));

        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("again", echo("/dev/ttyRPMSG0", "again"));
    }

    @Test
    void anEarlyBootedRpmsgEchoSurvivesAttachDetachAndALinuxReboot() {
        byte[] elf = read(RpmsgEchoElfTest.image("rpmsg_echo.elf"));
        UBootRemoteproc.loadAndStart(soc.a7(), BoardDts.bundled("dk2").compatible("st,mlahb").get(0).dmaRanges(), elf);
        boot(elf);
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, writeState("start"));
        assertEquals(RprocState.ATTACHED, linux.rproc().state());
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("ping", echo("/dev/ttyRPMSG0", "ping"));

        long t0 = s.now();
        assertEquals(0, writeState("detach"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "detach acked: " + SimTime.format(s.now() - t0));
        assertFalse(logged("remote FW detach without ack"));
        assertFalse(linux.kernel().vfs().exists("/dev/ttyRPMSG0"));

        linux = linux.rebootWithM4Running();
        assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)));
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG0", SimTime.ms(100));
        assertEquals("still alive", echo("/dev/ttyRPMSG0", "still alive"));
        assertTrue(trace0().contains("rpmsg_echo: detach request, IPC stopped"), trace0());
        assertEquals(1, soc.m4Subsystem().boots(), "the firmware never restarted");
    }

    @Test
    void stOpenAmpTtyEchoGetsTwoLegacyChannelsAndEchoes() {
        String shared = System.getProperty("mp15sim.shared");
        Path fw = shared == null ? null : Path.of(shared, "firmware", "st", "OpenAMP_TTY_echo.elf");
        assumeTrue(fw != null && Files.isRegularFile(fw), "ST's OpenAMP_TTY_echo.elf not found under mp15sim.shared=" + shared);
        boot(read(fw));
        assertEquals(0, writeState("start"));
        awaitPath("/dev/ttyRPMSG1", SimTime.seconds(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty-channel addr 0x0"), linux.kernel().dmesg().text());
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty-channel addr 0x1"));
        assertEquals("Hello Virtual UART0", echo("/dev/ttyRPMSG0", "Hello Virtual UART0"));
        assertEquals("Hello Virtual UART1", echo("/dev/ttyRPMSG1", "Hello Virtual UART1"));
        // Not stopped here: the example polls for messages without sleeping, so the 500 ms shutdown time-out
        // would cost ~100 M emulated instructions; the no-ack stop is covered by rpmsg_echo_noack above.
    }
}
