package org.mp15sim.scenario.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one scenario run.
 *
 * @param message   why it failed, erred or was skipped (file:line first), or ""
 * @param simTime   simulated time at the end (ps)
 * @param hostNanos host time the run took (reported, never asserted)
 * @param dmesg     the kernel log of every Linux boot of the run, as printed by dmesg
 * @param console   the M4 console output
 * @param unmodelled MMIO accesses that hit no modelled register (the run summary lists them)
 */
public record ScenarioResult(Path file, String title, Outcome outcome, String message, List<StepResult> steps,
        long simTime, long hostNanos, List<String> dmesg, String console, Timeline timeline, List<String> unmodelled) {

    public ScenarioResult(Path file, String title, Outcome outcome, String message, List<StepResult> steps,
            long simTime, long hostNanos, List<String> dmesg, String console, Timeline timeline) {
        this(file, title, outcome, message, steps, simTime, hostNanos, dmesg, console, timeline, List.of());
    }

    public enum Outcome {
        PASSED, FAILED,
        /** The scenario could not run: a syntax error, a board that cannot be built, a simulator failure. */
        ERROR,
        /** A shared input it needs is absent. */
        SKIPPED
    }

    public ScenarioResult {
        steps = List.copyOf(steps);
        dmesg = List.copyOf(dmesg);
        unmodelled = List.copyOf(unmodelled);
    }

    public String name() { return file == null ? title : file.getFileName().toString(); }
}
