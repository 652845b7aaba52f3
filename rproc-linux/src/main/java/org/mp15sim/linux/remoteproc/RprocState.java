package org.mp15sim.linux.remoteproc;

/** {@code enum rproc_state}; the ordinal is the kernel value and indexes the sysfs strings. */
public enum RprocState {
    OFFLINE("offline"),
    SUSPENDED("suspended"),
    RUNNING("running"),
    CRASHED("crashed"),
    DELETED("deleted"),
    ATTACHED("attached"),
    DETACHED("detached"),
    LAST("invalid");

    private final String sysfs;

    RprocState(String sysfs) { this.sysfs = sysfs; }

    /** The string {@code state_show} prints ({@code rproc_state_string[]}). */
    public String sysfsName() { return sysfs; }
}
