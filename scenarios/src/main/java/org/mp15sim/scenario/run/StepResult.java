package org.mp15sim.scenario.run;

import org.mp15sim.scenario.lang.SourceLine;

/**
 * What one step did.
 *
 * @param start   simulated time the step began (ps)
 * @param end     simulated time it ended (ps)
 * @param output  what the step showed (cat, dmesg, console), or ""
 * @param message why it failed, or ""
 */
public record StepResult(SourceLine at, Status status, long start, long end, String output, String message) {
    public enum Status { PASSED, FAILED, ERROR, NOT_RUN }
}
