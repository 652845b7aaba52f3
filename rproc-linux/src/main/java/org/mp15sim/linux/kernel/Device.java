package org.mp15sim.linux.kernel;

/**
 * A {@code struct device}: what {@code dev_info()} and friends prefix their messages with
 * ({@code "<driver> <device name>: "}, e.g. {@code remoteproc remoteproc0:} or {@code stm32-rproc 10000000.m4:}).
 */
public final class Device {
    private final Kernel kernel;
    private final String driver;
    private final String name;

    public Device(Kernel kernel, String driver, String name) {
        this.kernel = kernel;
        this.driver = driver;
        this.name = name;
    }

    public Kernel kernel() { return kernel; }
    public String driver() { return driver; }
    public String name() { return name; }

    private String prefix() { return driver + " " + name + ": "; }

    public void info(String msg) { kernel.dmesg().info(prefix() + msg); }
    public void warn(String msg) { kernel.dmesg().warn(prefix() + msg); }
    public void err(String msg) { kernel.dmesg().err(prefix() + msg); }
    public void dbg(String msg) { if (kernel.config().dynamicDebug()) kernel.dmesg().dbg(prefix() + msg); }

    @Override public String toString() { return prefix().trim(); }
}
