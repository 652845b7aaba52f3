package org.mp15sim.scenario.board;

import org.mp15sim.core.trace.Trace;

/** Builds boards from descriptions; the one composition root of the simulator. */
@FunctionalInterface
public interface BoardFactory {
    /**
     * Builds the board and lets Linux probe (simulated time then stands at the end of probe). Every model
     * of the board reports to {@code trace} (set it on the scheduler before anything runs).
     * @throws BoardException naming the parameter at fault when the spec cannot be built
     */
    Board build(BoardSpec spec, Trace trace) throws BoardException;

    /** Builds without tracing. */
    default Board build(BoardSpec spec) throws BoardException { return build(spec, Trace.OFF); }
}
