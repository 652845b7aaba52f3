package org.mp15sim.linux.rpmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.LinuxSystem;
import org.mp15sim.linux.firmware.RpmsgEchoElfTest;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;

/**
 * The rpmsg path end to end on the SoC model: Linux (stm32-ipcc over the real IPCC registers, remoteproc,
 * virtio_rpmsg_bus, rpmsg tty) loads firmware/rpmsg_echo.elf; the M4 side is {@link M4EchoStandIn}, which plays
 * the firmware's algorithm through the M4 bus.
 */
class RpmsgOnSocTest {
    private final Scheduler s = new Scheduler();
    private final Stm32mp15 soc = new Stm32mp15(s, Stm32mp15Config.dk2());
    private LinuxSystem linux;

    @AfterEach
    void close() {
        s.close();
        soc.close();
    }

    private static byte[] image(String name) {
        try {
            return Files.readAllBytes(RpmsgEchoElfTest.image(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long rscAddr(byte[] elf) { return Elf32File.parse(elf).section(".resource_table").orElseThrow().addr(); }

    private M4EchoStandIn bootWith(String elfName, boolean ack) {
        linux = LinuxSystem.boot(s, soc, BoardDts.bundled("dk2"), null, KernelConfig.defaults());
        assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)), "kernel_init finished");
        byte[] elf = image(elfName);
        linux.kernel().firmware().install("rproc-m4-fw", elf);
        return new M4EchoStandIn(soc, rscAddr(elf), ack);
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

    private String echo(String text) {
        return inProcess(() -> {
            try {
                RpmsgTtyPort tty = (RpmsgTtyPort) linux.kernel().vfs().lookup("/dev/ttyRPMSG0");
                tty.write(text.getBytes(StandardCharsets.US_ASCII));
                return new String(tty.read(4096, SimTime.ms(10)), StandardCharsets.US_ASCII);
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        });
    }

    private void awaitTty() {
        assertTrue(s.runUntil(() -> linux.kernel().vfs().exists("/dev/ttyRPMSG0"), s.now() + SimTime.ms(100)),
                linux.kernel().dmesg().text());
    }

    @Test
    void startAnnouncesTheTtyEchoesAndStopsWithTheShutdownAck() {
        M4EchoStandIn m4 = bootWith("rpmsg_echo.elf", true);
        assertTrue(logged("stm32-ipcc 4c001000.mailbox: ipcc rev:1.0 enabled, 6 chans, proc 0"), linux.kernel().dmesg().text());
        assertEquals(0, writeState("start"));
        awaitTty();
        assertTrue(logged("virtio_rpmsg_bus virtio0: rpmsg host is online"));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x400"));
        assertEquals("host ready, vring0 0x10040000 vring1 0x10041000", m4.log.get(1));
        assertEquals("Hello Virtual UART0", echo("Hello Virtual UART0"));
        assertEquals("again", echo("again"));

        long t0 = s.now();
        assertEquals(0, writeState("stop"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "acked at once: " + SimTime.format(s.now() - t0));
        assertFalse(logged("remote FW shutdown without ack"));
        assertFalse(linux.kernel().vfs().exists("/dev/ttyRPMSG0"), "the tty goes with the virtio device");
        assertEquals("shutdown after 2 echoes", m4.log.get(m4.log.size() - 1));

        assertEquals(0, writeState("start"));
        awaitTty();
        assertEquals("after restart", echo("after restart"));
    }

    @Test
    void aFirmwareThatNeverAcksMakesStopWaitTheShutdownTimeout() {
        bootWith("rpmsg_echo_noack.elf", false);
        assertEquals(0, writeState("start"));
        awaitTty();
        assertEquals("ping", echo("ping"));
        long t0 = s.now();
        assertEquals(0, writeState("stop"));
        assertTrue(s.now() - t0 >= SimTime.ms(500), SimTime.format(s.now() - t0));
        assertTrue(logged("remote FW shutdown without ack"));
    }

    @Test
    void manyMessagesKeepTheirOrderThroughTheRings() {
        bootWith("rpmsg_echo.elf", true);
        assertEquals(0, writeState("start"));
        awaitTty();
        String got = inProcess(() -> {
            try {
                RpmsgTtyPort tty = (RpmsgTtyPort) linux.kernel().vfs().lookup("/dev/ttyRPMSG0");
                StringBuilder sb = new StringBuilder();
                StringBuilder expect = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    String m = "m" + i + ";";
                    expect.append(m);
                    tty.write(m.getBytes(StandardCharsets.US_ASCII));
                    if (i % 10 == 9) {
                        while (sb.length() < expect.length()) {
                            byte[] b = tty.read(4096, SimTime.ms(10));
                            if (b.length == 0) break;
                            sb.append(new String(b, StandardCharsets.US_ASCII));
                        }
                    }
                }
                return sb.toString().equals(expect.toString()) ? "ok" : sb.toString();
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        });
        assertEquals("ok", got);
    }
}
