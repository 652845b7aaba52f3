package org.mp15sim.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a firmware developer writes: JUnit tests against a booted simulated DK2 (the real assembly). */
class Dk2FirmwareTest {
    static final String ECHO = "${root}/firmware/rpmsg_echo/rpmsg_echo.elf";

    @Test
    @Mp15Board(firmware = ECHO)
    void nativeFirmwareEchoesAndStops(BoardDriver board) {
        board.expectState("running")
                .waitFor("exists /dev/ttyRPMSG0", "100ms")
                .send("/dev/ttyRPMSG0", "hello\n")
                .expectReply("/dev/ttyRPMSG0", "hello", "10ms")
                .stop()
                .expectState("offline")
                .expectNoDmesg("remote FW shutdown without ack");
    }

    @Test
    @Mp15Board(dt = "dk2-tee", firmware = ECHO, signed = true)
    void signedFirmwareBootsThroughOpTee(BoardDriver board) {
        board.expectState("running").expect("firmware == rpmsg_echo.sig").waitDmesg("creating channel", "100ms");
        assertTrue(board.now() > 0);
    }

    @Test
    @Mp15Board(firmware = ECHO, start = false)
    void refusalsAreErrnos(BoardDriver board) {
        board.echoExpectingError("stop", "state", "EINVAL")
                .start()
                .echoExpectingError("start", "state", "EBUSY")
                .echoExpectingError("other.elf", "firmware", "EBUSY");
    }
}
