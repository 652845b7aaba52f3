package org.mp15sim.linux.remoteproc;

/** {@code enum rproc_dump_mechanism}: the sysfs {@code coredump} words. */
public enum RprocDumpMechanism {
    DISABLED("disabled"),
    ENABLED("enabled"),
    INLINE("inline");

    private final String word;

    RprocDumpMechanism(String word) { this.word = word; }

    public String word() { return word; }
}
