package org.mp15sim.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.board.BoardException;

/** {@code inject key} and {@code inject ipcc-noack} on the real DK2 assembly, through the fluent API. */
class Dk2FaultInjectionTest {
    static final String ECHO = "${root}/firmware/rpmsg_echo/rpmsg_echo.elf";
    static final String OTHER_PUB = "${root}/scenarios/examples/keys/other_rsa4096_pub.pem";
    static final String OTHER_KEY = "${root}/scenarios/examples/keys/other_rsa4096.pem";

    @Test
    @Mp15Board(firmware = ECHO)
    void withoutTheFaultTheStopIsAckedQuickly(BoardDriver board) {
        board.waitFor("exists /dev/ttyRPMSG0", "100ms");
        long before = board.now();
        board.stop().expectNoDmesg("remote FW shutdown without ack");
        assertTrue(board.now() - before < SimTime.ms(500), () -> "stop took " + SimTime.format(board.now() - before));
    }

    @Test
    @Mp15Board(firmware = ECHO)
    void aLostShutdownAckMakesTheStopWaitTheMailboxTimeout(BoardDriver board) {
        board.waitFor("exists /dev/ttyRPMSG0", "100ms").injectIpccNoAck("2"); // channel 2 = "shutdown" on the DK2
        long before = board.now();
        board.stop().expectDmesg("remote FW shutdown without ack").expectState("offline");
        assertTrue(board.now() - before >= SimTime.ms(500), () -> "stop took " + SimTime.format(board.now() - before));
    }

    @Test
    @Mp15Board(firmware = ECHO, start = false)
    void channelNamesComeFromTheBoardsMboxNames(BoardDriver board) throws BoardException {
        assertEquals(0, board.board().ipccChannel("vq0"));
        assertEquals(1, board.board().ipccChannel("vq1"));
        assertEquals(2, board.board().ipccChannel("shutdown"));
        assertEquals(3, board.board().ipccChannel("detach"));
        BoardException e = assertThrows(BoardException.class, () -> board.board().ipccChannel("wdg"));
        assertTrue(e.getMessage().contains("has no \"wdg\""), e.getMessage());
    }

    @Test
    @Mp15Board(dt = "dk2-tee", firmware = ECHO, signed = true, start = false)
    void aReplacedKeyRejectsTheOldSignatureAndAcceptsTheNewOne(BoardDriver board) {
        board.injectKey(OTHER_PUB)
                .echoExpectingError("start", "state", "EIO")
                .expectDmesg("TEE err: 0xffff3072")
                .installSigned(ECHO, "rpmsg_echo.sig", OTHER_KEY)
                .start()
                .expectState("running");
    }

    @Test
    @Mp15Board(firmware = ECHO, start = false)
    void aBoardWithoutSecureWorldRefusesAKey(BoardDriver board) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> board.injectKey(OTHER_PUB));
        assertTrue(e.getMessage().contains("no secure world"), e.getMessage());
    }
}
