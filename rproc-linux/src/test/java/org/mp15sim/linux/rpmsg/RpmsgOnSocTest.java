package org.mp15sim.linux.rpmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.TestBoard;
import org.mp15sim.linux.board.TestFirmware;
import org.mp15sim.linux.kernel.ErrnoException;

/**
 * The rpmsg path end to end on the SoC model: Linux (stm32-ipcc over the real IPCC registers, remoteproc,
 * virtio_rpmsg_bus, rpmsg tty) loads firmware/rpmsg_echo.elf; the M4 side is {@link M4EchoStandIn}, which plays
 * the firmware's algorithm through the M4 bus.
 */
class RpmsgOnSocTest {
    private final TestBoard board = TestBoard.withoutM4();
    private final Scheduler s = board.s;

    @AfterEach
    void close() { board.close(); }

    private static long rscAddr(byte[] elf) { return Elf32File.parse(elf).section(".resource_table").orElseThrow().addr(); }

    private M4EchoStandIn bootWith(String elfName, boolean ack) {
        byte[] elf = TestFirmware.rpmsgEcho(elfName);
        board.boot("dk2", null, elf);
        return new M4EchoStandIn(board.soc, rscAddr(elf), ack);
    }

    private int writeState(String cmd) { return board.state(cmd); }

    private boolean logged(String text) { return board.logged(text); }

    private String echo(String text) { return board.echo("/dev/ttyRPMSG0", text, SimTime.ms(10)); }

    private void awaitTty() { board.awaitPath("/dev/ttyRPMSG0", SimTime.ms(100)); }

    @Test
    void startAnnouncesTheTtyEchoesAndStopsWithTheShutdownAck() {
        M4EchoStandIn m4 = bootWith("rpmsg_echo.elf", true);
        assertTrue(logged("stm32-ipcc 4c001000.mailbox: ipcc rev:1.0 enabled, 6 chans, proc 0"), board.dmesg());
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
        assertFalse(board.linux().kernel().vfs().exists("/dev/ttyRPMSG0"), "the tty goes with the virtio device");
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
        String got = board.inProcess(() -> {
            try {
                RpmsgTtyPort tty = (RpmsgTtyPort) board.linux().kernel().vfs().lookup("/dev/ttyRPMSG0");
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
