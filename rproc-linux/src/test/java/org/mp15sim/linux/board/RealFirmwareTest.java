package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/** The whole stack with the project's rpmsg_echo firmware executing on the Unicorn M4. */
class RealFirmwareTest {
    private final TestBoard board = TestBoard.withM4();
    private final Scheduler s = board.s;
    private final Stm32mp15 soc = board.soc;

    @AfterEach
    void close() { board.close(); }

    private LinuxSystem linux() { return board.linux(); }

    private void boot(String dt, Stm32mpSecureWorld sw, byte[] fw) { board.boot(dt, sw, fw); }

    private int state(String word) { return board.state(word); }

    private String echo(String text) {
        board.awaitPath("/dev/ttyRPMSG0", SimTime.ms(200));
        return board.echo("/dev/ttyRPMSG0", text, SimTime.ms(50));
    }

    @Test
    void nativeBootEchoesAndStopsWithTheFirmwaresAck() {
        boot("dk2", null, TestFirmware.rpmsgEcho("rpmsg_echo.elf"));
        assertEquals(0, state("start"));
        assertEquals("Hello Virtual UART0", echo("Hello Virtual UART0"));
        long t0 = s.now();
        assertEquals(0, state("stop"));
        assertTrue(s.now() - t0 < SimTime.ms(10), SimTime.format(s.now() - t0));
        assertFalse(board.dmesg().contains("shutdown without ack"));
        assertEquals(RprocState.OFFLINE, linux().rproc().state());
    }

    @Test
    void noAckFirmwareMakesStopWait500ms() {
        boot("dk2", null, TestFirmware.rpmsgEcho("rpmsg_echo_noack.elf"));
        assertEquals(0, state("start"));
        assertEquals("ping", echo("ping"));
        long t0 = s.now();
        assertEquals(0, state("stop"));
        assertTrue(s.now() - t0 >= SimTime.ms(500));
        assertTrue(board.dmesg().contains("remoteproc remoteproc0: warning: remote FW shutdown without ack"));
    }

    @Test
    void watchdogRecoveryBringsTheEchoBack() {
        boot("dk2", null, TestFirmware.rpmsgEcho("rpmsg_echo.elf"));
        assertEquals(0, state("start"));
        assertEquals("one", echo("one"));
        soc.injectWatchdogExpiry();
        s.runFor(SimTime.ms(100));
        assertEquals(RprocState.RUNNING, linux().rproc().state(), board.dmesg());
        assertEquals("two", echo("two"));
    }

    @Test
    void teeBootEchoes() {
        Stm32mpSecureWorld sw = board.secureWorld();
        boot("dk2-tee", sw, TestFirmware.signed(TestFirmware.rpmsgEcho("rpmsg_echo.elf")));
        assertEquals(0, state("start"), board.dmesg());
        assertEquals(List.of("LOAD_FW", "GET_RSC_TABLE", "LOAD_FW", "GET_RSC_TABLE", "START"), linux().tee().calls());
        assertEquals("over the TA", echo("over the TA"));
        assertEquals(0, state("stop"));
        assertEquals("RELEASE_FW", linux().tee().calls().get(linux().tee().calls().size() - 1));
    }

    @Test
    void detachKeepsTheM4RunningAndALinuxRebootReattaches() {
        byte[] elf = TestFirmware.rpmsgEcho("rpmsg_echo.elf");
        var ranges = BoardDts.bundled("dk2").compatible("st,mlahb").get(0).dmaRanges();
        UBootRemoteproc.loadAndStart(soc.a7(), ranges, elf);
        boot("dk2", null, elf);
        assertEquals(RprocState.DETACHED, linux().rproc().state());
        assertEquals(0, state("start"));
        assertEquals(RprocState.ATTACHED, linux().rproc().state());
        assertEquals("attached", echo("attached"));
        long t0 = s.now();
        assertEquals(0, state("detach"));
        assertTrue(s.now() - t0 < SimTime.ms(5), "rpmsg_echo.elf frees the detach channel at once");
        assertFalse(board.dmesg().contains("detach without ack"));
        assertEquals(RprocState.DETACHED, linux().rproc().state());
        assertEquals(org.mp15sim.soc.m4.M4Subsystem.State.RUNNING, soc.m4Subsystem().state(), "detach leaves the M4 running");
        board.rebootWithM4Running();
        assertEquals(RprocState.DETACHED, linux().rproc().state());
        assertEquals(0, state("start"));
        assertEquals(RprocState.ATTACHED, linux().rproc().state());
        // rpmsg_echo.elf reserves the whole RSC_TBL_SIZE window, so the kernel's 1 KiB restore on detach rewinds
        // nothing but the table, and the firmware announces its channel again
        assertEquals("again", echo("again"), board.dmesg());
    }
}
