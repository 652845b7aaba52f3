package org.mp15sim.scenario.board;

/** Builds boards from descriptions; the one composition root of the simulator. */
@FunctionalInterface
public interface BoardFactory {
    /**
     * Builds the board and lets Linux probe (simulated time then stands at the end of probe).
     * @throws BoardException naming the parameter at fault when the spec cannot be built
     */
    Board build(BoardSpec spec) throws BoardException;
}
