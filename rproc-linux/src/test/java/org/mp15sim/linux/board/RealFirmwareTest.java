package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.linux.rpmsg.RpmsgTtyPort;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/** The whole stack with the project's rpmsg_echo firmware executing on the Unicorn M4. */
class RealFirmwareTest {
    private final Scheduler s = new Scheduler();
    private final Stm32mp15 soc = new Stm32mp15(s, Stm32mp15Config.dk2());
    private LinuxSystem linux;

    RealFirmwareTest() { soc.createM4Core(); }

    @AfterEach
    void close() {
        s.close();
        soc.close();
    }

    static byte[] image(String name) throws Exception {
        String dir = System.getProperty("mp15sim.firmware");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.dir")).resolveSibling("firmware");
        return Files.readAllBytes(base.resolve("rpmsg_echo").resolve(name));
    }

    private void boot(String board, Stm32mpSecureWorld sw, byte[] fw) {
        linux = LinuxSystem.boot(s, soc, BoardDts.bundled(board), sw, KernelConfig.defaults());
        assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)));
        linux.kernel().firmware().install("rproc-m4-fw", fw);
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

    private int state(String word) {
        return inProcess(() -> {
            try {
                linux.kernel().vfs().writeText("/sys/class/remoteproc/remoteproc0/state", word);
                return 0;
            } catch (ErrnoException e) {
                return -e.errno();
            }
        });
    }

    private String echo(String text) {
        assertTrue(s.runUntil(() -> linux.kernel().vfs().exists("/dev/ttyRPMSG0"), s.now() + SimTime.ms(200)), linux.kernel().dmesg().text());
        return inProcess(() -> {
            try {
                RpmsgTtyPort tty = (RpmsgTtyPort) linux.kernel().vfs().lookup("/dev/ttyRPMSG0");
                tty.write(text.getBytes(StandardCharsets.US_ASCII));
                return new String(tty.read(4096, SimTime.ms(50)), StandardCharsets.US_ASCII);
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        });
    }

    @Test
    void nativeBootEchoesAndStopsWithTheFirmwaresAck() throws Exception {
        boot("dk2", null, image("rpmsg_echo.elf"));
        assertEquals(0, state("start"));
        assertEquals("Hello Virtual UART0", echo("Hello Virtual UART0"));
        long t0 = s.now();
        assertEquals(0, state("stop"));
        assertTrue(s.now() - t0 < SimTime.ms(10), SimTime.format(s.now() - t0));
        assertFalse(linux.kernel().dmesg().text().contains("shutdown without ack"));
        assertEquals(RprocState.OFFLINE, linux.rproc().state());
    }

    @Test
    void noAckFirmwareMakesStopWait500ms() throws Exception {
        boot("dk2", null, image("rpmsg_echo_noack.elf"));
        assertEquals(0, state("start"));
        assertEquals("ping", echo("ping"));
        long t0 = s.now();
        assertEquals(0, state("stop"));
        assertTrue(s.now() - t0 >= SimTime.ms(500));
        assertTrue(linux.kernel().dmesg().text().contains("remoteproc remoteproc0: warning: remote FW shutdown without ack"));
    }

    @Test
    void watchdogRecoveryBringsTheEchoBack() throws Exception {
        boot("dk2", null, image("rpmsg_echo.elf"));
        assertEquals(0, state("start"));
        assertEquals("one", echo("one"));
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(100));
        assertEquals(RprocState.RUNNING, linux.rproc().state(), linux.kernel().dmesg().text());
        assertEquals("two", echo("two"));
    }

    @Test
    void teeBootEchoes() throws Exception {
        Stm32mpSecureWorld sw = Stm32mpSecureWorld.create(Stm32RprocPlatform.dk2(), TeeConfig.defaults(), soc.a7Secure(), s);
        String pem;
        try (var in = Stm32RprocPlatform.class.getResourceAsStream("/org/mp15sim/tee/keys/mp15sim-default.pem")) {
            pem = new String(in.readAllBytes());
        }
        byte[] signed = new FirmwareSigner(PemKeys.readPrivateKey(pem, null), KeyType.RSA).addImage("m4", image("rpmsg_echo.elf")).sign();
        boot("dk2-tee", sw, signed);
        assertEquals(0, state("start"), linux.kernel().dmesg().text());
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START"), linux.tee().calls());
        assertEquals("over the TA", echo("over the TA"));
        assertEquals(0, state("stop"));
        assertEquals("RELEASE_FW", linux.tee().calls().get(linux.tee().calls().size() - 1));
    }

    @Test
    void detachKeepsTheM4RunningAndALinuxRebootReattaches() throws Exception {
        byte[] elf = image("rpmsg_echo.elf");
        var ranges = BoardDts.bundled("dk2").compatible("st,mlahb").get(0).dmaRanges();
        UBootRemoteproc.loadAndStart(soc.a7(), ranges, elf);
        boot("dk2", null, elf);
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, state("start"));
        assertEquals(RprocState.ATTACHED, linux.rproc().state());
        assertEquals("attached", echo("attached"));
        long t0 = s.now();
        assertEquals(0, state("detach"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "rpmsg_echo.elf frees the detach channel at once");
        assertFalse(linux.kernel().dmesg().text().contains("detach without ack"));
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(org.mp15sim.soc.m4.M4Subsystem.State.RUNNING, soc.m4Subsystem().state(), "detach leaves the M4 running");
        linux = linux.rebootWithM4Running();
        assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)));
        assertEquals(RprocState.DETACHED, linux.rproc().state());
        assertEquals(0, state("start"));
        assertEquals(RprocState.ATTACHED, linux.rproc().state());
        // rpmsg_echo.elf reserves the whole RSC_TBL_SIZE window, so the kernel's 1 KiB restore on detach rewinds
        // nothing but the table, and the firmware announces its channel again
        assertEquals("again", echo("again"), linux.kernel().dmesg().text());
    }
}
