package org.mp15sim.scenario.lang;

import java.util.Map;

/**
 * The {@code board} line: which device tree and the board-level options.
 *
 * @param kind    {@code dk2} (native), {@code dk2-tee}, {@code dts} or {@code dtb}
 * @param file    the user device tree for {@code dts}/{@code dtb}, else {@code null}
 * @param options {@code name=value} options in the order written
 */
public record BoardDecl(SourceLine at, String kind, FileRef file, Map<String, String> options) {
    public static final String DK2 = "dk2";
    public static final String DK2_TEE = "dk2-tee";

    /** What a scenario without a board line gets: the DK2 with the native (non-TEE) device tree. */
    public static BoardDecl defaultBoard() { return new BoardDecl(null, DK2, null, Map.of()); }
}
