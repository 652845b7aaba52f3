package org.mp15sim.core.unicorn;

import java.lang.foreign.MemorySegment;

/** A {@code uc_context}: a saved copy of the CPU registers (not of memory). */
public final class UnicornContext implements AutoCloseable {
    private final Unicorn engine;
    private final MemorySegment pointer;

    UnicornContext(Unicorn engine, MemorySegment pointer) {
        this.engine = engine;
        this.pointer = pointer;
    }

    MemorySegment pointer() {
        return pointer;
    }

    /** {@code uc_context_free}; also done when the engine closes. */
    @Override
    public void close() {
        engine.freeContext(this);
    }
}
