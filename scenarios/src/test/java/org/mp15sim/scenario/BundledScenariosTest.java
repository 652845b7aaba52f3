package org.mp15sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.scenario.board.Assemblies;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.ScenarioRunner;

/**
 * Every bundled scenario (scenarios/examples) runs on the real board assembly and passes. Scenarios that
 * cannot pass yet are listed in {@link #PENDING} with the missing piece; they are reported as skipped with that
 * reason, never silently.
 */
class BundledScenariosTest {
    static final Map<String, String> PENDING = Map.of(
            "detach_attach_linux_reboot.scn", "PENDING: rpmsg_echo.elf does not acknowledge the detach channel (Linux logs "
                    + "'remote FW detach without ack' after 200 ms) and announces no rpmsg channel after Linux re-attaches",
            "coredump.scn", "PENDING: the devcoredump model names its first dump devcd0; the kernel's first is devcd1 "
                    + "(dev_set_name(\"devcd%d\", atomic_inc_return(&devcd_count)) from 0)");

    static Stream<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void bundledScenarioPasses(Path file) {
        String pending = PENDING.get(file.getFileName().toString());
        Assumptions.assumeTrue(pending == null, pending);
        ScenarioResult r = new ScenarioRunner(Assemblies.standard(), RunOptions.defaults()).run(file);
        Assumptions.assumeFalse(r.outcome() == ScenarioResult.Outcome.SKIPPED, r.message());
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
    }
}
