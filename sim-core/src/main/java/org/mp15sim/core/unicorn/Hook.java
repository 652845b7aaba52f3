package org.mp15sim.core.unicorn;

import java.lang.foreign.Arena;

/** A hook added to an engine; {@link #delete()} removes it and frees its upcall stub. */
public final class Hook {
    private final Unicorn engine;
    private final long handle;
    private final int type;
    private final Arena arena;

    Hook(Unicorn engine, long handle, int type, Arena arena) {
        this.engine = engine;
        this.handle = handle;
        this.type = type;
        this.arena = arena;
    }

    /** The {@code uc_hook} value. */
    public long handle() {
        return handle;
    }

    /** The {@code UC_HOOK_*} type. */
    public int type() {
        return type;
    }

    Arena arena() {
        return arena;
    }

    /** {@code uc_hook_del}. Note Unicorn 2 keeps hook state in blocks already translated (issue #2200). */
    public void delete() {
        engine.deleteHook(this);
    }
}
