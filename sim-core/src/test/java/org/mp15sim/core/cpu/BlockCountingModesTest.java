package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.unicorn.BlockCounter;

/** The native block counter and the all-Java one give the same run, instruction for instruction. */
class BlockCountingModesTest {
    private static long[] fingerprint(String program, boolean nativeHook) {
        String old = System.getProperty(BlockCounter.NATIVE_PROPERTY);
        System.setProperty(BlockCounter.NATIVE_PROPERTY, Boolean.toString(nativeHook));
        try (FirmwareRig rig = new FirmwareRig()) {
            if (!nativeHook) {
                assertEquals(false, rig.core().nativeBlockCounting());
            }
            return RunFingerprint.runToExit(rig, program);
        } finally {
            if (old == null) {
                System.clearProperty(BlockCounter.NATIVE_PROPERTY);
            } else {
                System.setProperty(BlockCounter.NATIVE_PROPERTY, old);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nested", "wfi", "pendsv", "systick", "bench_mix"})
    void nativeAndJavaCountingAgree(String program) {
        assertEquals(java.util.Arrays.toString(fingerprint(program, false)),
                java.util.Arrays.toString(fingerprint(program, true)));
    }

    @Test
    void nativeCountingIsUsedOnX8664Linux() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean expected = (arch.equals("amd64") || arch.equals("x86_64"))
                && System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && !"false".equals(System.getProperty(BlockCounter.NATIVE_PROPERTY));
        try (FirmwareRig rig = new FirmwareRig()) {
            assertEquals(expected, rig.core().nativeBlockCounting());
        }
    }
}
