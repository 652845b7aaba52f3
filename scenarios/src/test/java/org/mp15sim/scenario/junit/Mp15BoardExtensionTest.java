package org.mp15sim.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.run.ToyBoard;
import org.mp15sim.scenario.run.ToyFactory;
import org.opentest4j.AssertionFailedError;

/** The extension and the fluent API, on the toy board (the real board runs in BundledScenariosTest). */
@Mp15Board(factory = ToyFactory.class)
class Mp15BoardExtensionTest {
    static final String FW = "${root}/scenarios/examples/keys/README.md";

    @Test
    void anUnannotatedMethodGetsTheClassBoardOffline(BoardDriver board) {
        board.expectState("offline").expect("firmware == rproc-m4-fw");
        assertEquals(BoardSpec.DeviceTree.DK2, board.board().spec().deviceTree());
    }

    @Test
    @Mp15Board(factory = ToyFactory.class, dt = "dk2-tee", firmware = FW, firmwareName = "fw.elf", seed = 9, set = "linux.irq-latency=3us")
    void theAnnotationInstallsSelectsAndStartsTheFirmware(BoardDriver board) {
        board.expectState("running").expect("firmware == fw.elf").expectDmesg("is now up");
        BoardSpec s = board.board().spec();
        assertEquals(BoardSpec.DeviceTree.DK2_TEE, s.deviceTree());
        assertEquals(9, s.seed());
        assertEquals(SimTime.us(3), s.kernel().irqLatency());
    }

    @Test
    @Mp15Board(factory = ToyFactory.class, firmware = FW, signed = true)
    void signedFirmwareIsNamedSigByDefault(BoardDriver board) {
        board.expect("firmware == README.md.sig");
        assertEquals(((ToyBoard) board.board()).linux().firmware().installedBytes("README.md.sig").length,
                board.linux().firmware().installedBytes("README.md.sig").length);
    }

    @Test
    @Mp15Board(factory = ToyFactory.class, firmware = FW)
    void theFluentApiTalksToTheTtyAndRefusalsAreChecked(BoardDriver board) {
        board.waitFor("exists /dev/ttyRPMSG0", "1ms")
                .send("/dev/ttyRPMSG0", "héllo \"q\"\n")
                .expectReply("/dev/ttyRPMSG0", "héllo \"q\"", "1ms")
                .echoExpectingError("start", "state", "EBUSY")
                .clearDmesg();
        board.injectWatchdog().waitDmesg("is now up", "5ms").expectState("running");
        assertEquals("running\n", board.cat("state"));
        board.stop().expectState("offline");
    }

    @Test
    @Mp15Board(factory = ToyFactory.class, firmware = FW, start = false)
    void aFailedCheckIsAnAssertionErrorAtTheCallersLine(BoardDriver board) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> board.waitState("running", "2ms"));
        assertTrue(e.getMessage().startsWith("Mp15BoardExtensionTest.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("wait state == running within 2ms: still not true after 2ms: expected state == \"running\" — actual \"offline\" (t=2ms)"),
                e.getMessage());
        IllegalStateException err = assertThrows(IllegalStateException.class, () -> board.inject("corrupt nothing.elf at 0"));
        assertTrue(err.getMessage().contains("no /lib/firmware/nothing.elf"), err.getMessage());
        assertThrows(IllegalArgumentException.class, () -> board.step("wait state == running"));
    }

    @Test
    @Mp15Board(factory = ToyFactory.class, firmware = "${shared}/no/such/firmware.elf")
    void aMissingSharedFirmwareSkipsTheTest(BoardDriver board) {
        throw new AssertionError("not reached: the test is skipped");
    }
}
