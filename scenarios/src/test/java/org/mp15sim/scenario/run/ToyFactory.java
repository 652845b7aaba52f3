package org.mp15sim.scenario.run;

import org.mp15sim.core.trace.Trace;
import org.mp15sim.scenario.board.Board;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.board.BoardSpec;

/** Builds {@link ToyBoard}s (for tests of the runner, CLI and JUnit extension only). */
public final class ToyFactory implements BoardFactory {
    @Override public Board build(BoardSpec spec, Trace trace) { return new ToyBoard(spec); }
}
