package org.mp15sim.scenario.report;

import java.util.List;
import java.util.Locale;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.StepResult;

/** The pass/fail table the CLI prints after a run, one row per scenario, then the reasons for the failures. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String render(List<ScenarioResult> results) {
        int w = "scenario".length();
        for (ScenarioResult r : results) w = Math.max(w, r.name().length());
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w + "s  %-7s  %5s  %12s  %9s%n";
        sb.append(String.format(Locale.ROOT, fmt, "scenario", "result", "steps", "sim time", "host"));
        sb.append("-".repeat(w + 2 + 7 + 2 + 5 + 2 + 12 + 2 + 9)).append('\n');
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (ScenarioResult r : results) {
            long ok = r.steps().stream().filter(s -> s.status() == StepResult.Status.PASSED).count();
            sb.append(String.format(Locale.ROOT, fmt, r.name(), r.outcome(), ok + "/" + r.steps().size(),
                    SimTime.format(r.simTime()), String.format(Locale.ROOT, "%.2fs", r.hostNanos() / 1e9)));
            switch (r.outcome()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                default -> failed++;
            }
        }
        for (ScenarioResult r : results) {
            if (r.outcome() != ScenarioResult.Outcome.PASSED) sb.append('\n').append(r.outcome()).append(' ').append(r.name()).append(": ").append(r.message()).append('\n');
        }
        for (ScenarioResult r : results) {
            for (String u : r.unmodelled()) sb.append("unmodelled MMIO in ").append(r.name()).append(": ").append(u).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%n%d passed, %d failed, %d skipped%n", passed, failed, skipped));
        return sb.toString();
    }

    /** Whether a run counts as a success for the exit code: nothing failed or erred (skips are fine). */
    public static boolean success(List<ScenarioResult> results) {
        return results.stream().allMatch(r -> r.outcome() == ScenarioResult.Outcome.PASSED || r.outcome() == ScenarioResult.Outcome.SKIPPED);
    }
}
