package org.mp15sim.linux.remoteproc;

/** {@code enum rproc_crash_type} with the names {@code rproc_crash_to_string} logs. */
public enum RprocCrashType {
    MMUFAULT("mmufault"),
    WATCHDOG("watchdog"),
    FATAL_ERROR("fatal error");

    private final String text;

    RprocCrashType(String text) { this.text = text; }

    public String text() { return text; }
}
