package org.mp15sim.core.mem;

/** What an access to an address no model claims does (chosen per run). */
public enum UnmappedPolicy {
    /** Note it in the run summary (first time also in the log) and read zero / ignore the write. */
    WARN_READ_ZERO,
    /** Raise a bus error the master sees (the M4 takes a BusFault). */
    BUS_ERROR,
    /** Fail the simulation: used by tests that must prove every access is modelled. */
    STRICT
}
