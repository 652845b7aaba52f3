package org.mp15sim.scenario.board;

import org.mp15sim.core.trace.Trace;

/** Where the CLI and the JUnit extension get their boards from. */
public final class Assemblies {
    private Assemblies() {}

    /** The simulator's board factory (the STM32MP15 + Linux + OP-TEE assembly). */
    public static BoardFactory standard() { return new Standard(); }

    /** {@link #standard()} as a class, for annotations ({@code @Mp15Board(factory = ...)}). */
    public static final class Standard implements BoardFactory {
        private final Dk2Assembly dk2 = new Dk2Assembly();

        @Override
        public Board build(BoardSpec spec, Trace trace) throws BoardException { return dk2.build(spec, trace); }
    }
}
