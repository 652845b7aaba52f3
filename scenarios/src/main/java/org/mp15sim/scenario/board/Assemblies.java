package org.mp15sim.scenario.board;

/** Where the CLI and the JUnit extension get their boards from. */
public final class Assemblies {
    private Assemblies() {}

    /** The simulator's board factory (the STM32MP15 + Linux + OP-TEE assembly). */
    public static BoardFactory standard() {
        return (spec, trace) -> {
            throw new BoardException(null, "the board assembly (remoteproc core + stm32_rproc + SoC + M4) is not on this build yet; "
                    + "scenarios cannot run until it lands", null);
        };
    }
}
