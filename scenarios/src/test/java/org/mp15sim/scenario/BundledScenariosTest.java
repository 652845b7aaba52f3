package org.mp15sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.scenario.board.Assemblies;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.ScenarioRunner;

/**
 * Every bundled scenario (scenarios/examples) runs on the real board assembly and passes. One that needs an
 * absent shared input (ST's firmware) is skipped with a message naming the file.
 */
class BundledScenariosTest {
    static Stream<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void bundledScenarioPasses(Path file) {
        ScenarioResult r = new ScenarioRunner(Assemblies.standard(), RunOptions.defaults()).run(file);
        Assumptions.assumeFalse(r.outcome() == ScenarioResult.Outcome.SKIPPED, r.message());
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
    }
}
