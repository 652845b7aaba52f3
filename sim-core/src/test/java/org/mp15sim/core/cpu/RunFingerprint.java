package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.time.SimTime;

/** What a test program's run produced, for comparing two ways of running it. */
final class RunFingerprint {
    private RunFingerprint() {}

    /**
     * Boots {@code program} on {@code rig}, runs it to its exit (at most 100 ms) and returns instructions,
     * exceptions taken, exit time and code, the four results, and the slice count.
     */
    static long[] runToExit(FirmwareRig rig, String program) {
        rig.boot(FirmwareRig.firmware(program));
        assertTrue(rig.runUntilExit(SimTime.ms(100)), program);
        long[] f = new long[9];
        f[0] = rig.core().instructions();
        f[1] = rig.core().exceptionsTaken();
        f[2] = rig.testDevice().exitTime();
        f[3] = rig.testDevice().exitCode();
        for (int i = 0; i < 4; i++) {
            f[4 + i] = rig.testDevice().result(i);
        }
        f[8] = rig.core().slices();
        return f;
    }
}
