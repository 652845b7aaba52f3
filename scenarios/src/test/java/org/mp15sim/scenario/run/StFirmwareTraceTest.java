package org.mp15sim.scenario.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.scenario.board.Assemblies;

/**
 * Issue 8: ST's OpenAMP_TTY_echo scenario (boot, echo, stop without ack, start again) gives a byte-identical
 * Perfetto trace on every run, and the same with the M4's polling fast-forward switched off.
 */
class StFirmwareTraceTest {
    private static final String FAST_FORWARD = "mp15sim.m4.fastForward";

    @TempDir Path dir;

    private ScenarioResult run(String name, boolean fastForward) {
        String old = System.getProperty(FAST_FORWARD);
        System.setProperty(FAST_FORWARD, Boolean.toString(fastForward));
        try {
            return new ScenarioRunner(Assemblies.standard(), RunOptions.defaults().withTrace(s -> dir.resolve(name)))
                    .run(Path.of("examples/st_tty_echo_stop_restart.scn"));
        } finally {
            if (old == null) System.clearProperty(FAST_FORWARD);
            else System.setProperty(FAST_FORWARD, old);
        }
    }

    private String sha256(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(name))));
    }

    @Test
    void traceIsIdenticalAcrossRunsAndWithoutTheFastForward() throws Exception {
        ScenarioResult a = run("a.json", true);
        Assumptions.assumeFalse(a.outcome() == ScenarioResult.Outcome.SKIPPED, a.message());
        assertEquals(ScenarioResult.Outcome.PASSED, a.outcome(), a.message());
        ScenarioResult b = run("b.json", true);
        ScenarioResult plain = run("plain.json", false);
        assertEquals(ScenarioResult.Outcome.PASSED, plain.outcome(), plain.message());
        assertEquals(sha256("a.json"), sha256("b.json"), "two runs");
        assertEquals(sha256("a.json"), sha256("plain.json"), "with and without the polling fast-forward");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("plain.json")));
        assertEquals(a.dmesg(), plain.dmesg());
        assertEquals(java.util.List.of(), a.unmodelled(), "every MMIO access of the firmware hits a modelled register");
        assertEquals(a.steps().stream().map(StepResult::end).toList(), plain.steps().stream().map(StepResult::end).toList());
    }

    @Test
    void watchdogCrashReachesLinuxThroughExtiLine68() throws Exception {
        ScenarioResult r = new ScenarioRunner(Assemblies.standard(), RunOptions.defaults().withTrace(s -> dir.resolve("wd.json")))
                .run(Path.of("examples/st_tty_echo_watchdog_recovery.scn"));
        Assumptions.assumeFalse(r.outcome() == ScenarioResult.Outcome.SKIPPED, r.message());
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
        String trace = Files.readString(dir.resolve("wd.json"));
        org.junit.jupiter.api.Assertions.assertTrue(trace.contains("\"name\":\"EXTI 68 C1\",\"ph\":\"i\""),
                "the WWDG1 reset pulses EXTI 68 towards the A7 (GIC)");
    }
}
