package org.mp15sim.linux.stm32;

import static org.junit.jupiter.api.Assertions.*;
import static org.mp15sim.linux.board.TestFirmware.*;
import static org.mp15sim.linux.stm32.Bench.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.remoteproc.RprocState;

/**
 * Corrupted resource tables and ELF headers must end in a kernel errno (or a boot), never in a simulator
 * exception, and leave the rproc consistent: OFFLINE with power 0 after a failure, stoppable after a success.
 */
class HostileFirmwareTest {
    private int booted;
    private int refused;

    private void bootAndStop(Bench b, RemoteProc r, byte[] fw) {
        b.installFirmware("rproc-m4-fw", fw);
        int ret = b.state(r, "start");
        if (ret == 0) booted++;
        else refused++;
        if (ret == 0) {
            assertEquals(RprocState.RUNNING, r.state());
            assertEquals(0, b.state(r, "stop"));
        }
        assertEquals(RprocState.OFFLINE, r.state(), "ret " + ret);
        assertEquals(0, r.power());
        assertTrue(r.carveouts().size() % 6 == 0, "only whole sets of prepare's carveouts can stay listed");
    }

    @Test
    void mutatedResourceTablesNeverEscapeAsExceptions() {
        Random rnd = new Random(20260414);
        try (Bench b = new Bench()) {
            RemoteProc r = b.probe(false, false).rproc();
            for (int i = 0; i < 150; i++) {
                byte[] t = resourceTable();
                int n = 1 + rnd.nextInt(4);
                for (int j = 0; j < n; j++) {
                    int at = rnd.nextInt(0x90);
                    t[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : (rnd.nextBoolean() ? 0xFF : 0));
                }
                bootAndStop(b, r, firmware(t));
            }
            assertTrue(booted > 0 && refused > 0, "both outcomes explored: " + booted + " booted, " + refused + " refused");
        }
    }

    @Test
    void mutatedElfHeadersNeverEscapeAsExceptions() {
        Random rnd = new Random(7);
        try (Bench b = new Bench()) {
            RemoteProc r = b.probe(false, false).rproc();
            byte[] good = firmware();
            for (int i = 0; i < 150; i++) {
                byte[] fw = good.clone();
                int n = 1 + rnd.nextInt(3);
                for (int j = 0; j < n; j++) {
                    int at = rnd.nextInt(52 + 3 * 32);
                    fw[at] = (byte) rnd.nextInt(256);
                }
                bootAndStop(b, r, fw);
            }
            assertTrue(booted > 0 && refused > 0, "both outcomes explored: " + booted + " booted, " + refused + " refused");
        }
    }

    @Test
    void truncatedImagesNeverEscapeAsExceptions() {
        try (Bench b = new Bench()) {
            RemoteProc r = b.probe(false, false).rproc();
            byte[] good = firmware();
            for (int len = 0; len < good.length; len += 97) bootAndStop(b, r, java.util.Arrays.copyOf(good, len));
        }
    }
}
