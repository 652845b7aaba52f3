package org.mp15sim.scenario.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.Timeline;

/** The run summary lists the MMIO accesses that hit no modelled register, and nothing when there are none. */
class SummaryUnmodelledTest {
    private static ScenarioResult result(String name, List<String> unmodelled) {
        return new ScenarioResult(Path.of(name), name, ScenarioResult.Outcome.PASSED, "", List.of(), 0, 0, List.of(), "",
                new Timeline(), unmodelled);
    }

    @Test
    void unmodelledAccessesAreListedUnderTheTable() {
        String s = SummaryTable.render(List.of(result("a.scn", List.of("m4 0x40010000 R: 3 access(es), unmodelled")),
                result("b.scn", List.of())));
        assertTrue(s.contains("unmodelled MMIO in a.scn: m4 0x40010000 R: 3 access(es), unmodelled"), s);
        assertFalse(s.contains("unmodelled MMIO in b.scn"), s);
    }

    @Test
    void aCleanRunPrintsNoUnmodelledLine() {
        assertFalse(SummaryTable.render(List.of(result("b.scn", List.of()))).contains("unmodelled"));
    }
}
