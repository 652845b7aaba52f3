package org.mp15sim.scenario.lang;

import java.util.List;

/**
 * A file on the simulated board, as written in a scenario: an absolute path ({@code /dev/ttyRPMSG0}) or a
 * short name of the remoteproc under test — {@code state firmware recovery coredump name} (sysfs) and
 * {@code traceN} (debugfs) — which the runner resolves against the board.
 */
public record SimPath(String text) {
    /** The remoteproc sysfs attributes a short name may denote. */
    public static final List<String> SYSFS_ATTRS = List.of("state", "firmware", "recovery", "coredump", "name");

    public boolean isAbsolute() { return text.startsWith("/"); }

    public boolean isSysfsAttr() { return SYSFS_ATTRS.contains(text); }

    public boolean isTrace() { return text.matches("trace[0-9]+"); }

    /** Device files ({@code /dev/...}) are streams: reading consumes, so checks accumulate what was read. */
    public boolean isDevice() { return text.startsWith("/dev/"); }

    static boolean valid(String text) {
        SimPath p = new SimPath(text);
        return p.isAbsolute() || p.isSysfsAttr() || p.isTrace();
    }

    /** The absolute path on a board whose remoteproc sysfs and debugfs folders are given. */
    public String resolve(String sysfsDir, String debugfsDir) {
        if (isAbsolute()) return text;
        if (isTrace()) return debugfsDir + "/" + text;
        return sysfsDir + "/" + text;
    }

    @Override public String toString() { return Bytes.text(text); }
}
