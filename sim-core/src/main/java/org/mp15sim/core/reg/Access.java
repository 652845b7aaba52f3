package org.mp15sim.core.reg;

/** How a register field reacts to the bus (the reference manuals' rw / r / rs / rc_w1 / w / ...). */
public enum Access {
    /** Read/write. */
    RW,
    /** Read only: writes are ignored. */
    RO,
    /** Write 1 to set, 0 has no effect. */
    W1S,
    /** Write 1 to clear, 0 has no effect. */
    W1C,
    /** Write only: reads return zero (the write's side effect is what matters). */
    WO
}
