package org.mp15sim.scenario.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.scenario.board.Assemblies;

/** The same scenario, firmware and seed give the same run: dmesg, step times and a byte-identical trace. */
class DeterminismTest {
    @TempDir Path dir;

    @Test
    void twoRunsOfTheNativeBootAreIdentical() throws Exception {
        Path scn = Path.of("examples/native_boot_echo_stop.scn");
        ScenarioResult a = new ScenarioRunner(Assemblies.standard(), RunOptions.defaults().withTrace(s -> dir.resolve("a.json"))).run(scn);
        ScenarioResult b = new ScenarioRunner(Assemblies.standard(), RunOptions.defaults().withTrace(s -> dir.resolve("b.json"))).run(scn);
        assertEquals(ScenarioResult.Outcome.PASSED, a.outcome(), a.message());
        assertEquals(a.dmesg(), b.dmesg());
        assertEquals(a.steps().stream().map(StepResult::end).toList(), b.steps().stream().map(StepResult::end).toList());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("b.json")));
    }
}
