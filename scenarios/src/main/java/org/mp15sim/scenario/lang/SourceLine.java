package org.mp15sim.scenario.lang;

import java.nio.file.Path;

/** Where a scenario statement came from: the file, its 1-based line number and the line as written. */
public record SourceLine(Path file, int line, String text) {
    /** {@code native_boot.scn:12}, the form every scenario error and report uses. */
    public String where() { return (file == null ? "<scenario>" : file.toString()) + ":" + line; }

    @Override public String toString() { return where(); }
}
