package org.mp15sim.core.dt;

/** A position in a device-tree source file; line and column count from 1, as compilers print them. */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
