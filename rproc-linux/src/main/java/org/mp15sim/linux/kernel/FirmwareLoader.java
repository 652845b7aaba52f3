package org.mp15sim.linux.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * {@code request_firmware()} over the firmware search path: files installed by the scenario (in memory,
 * as if copied to /lib/firmware) first, then an optional host folder mapped as /lib/firmware. Reading costs
 * simulated time at the configured filesystem rate.
 */
public final class FirmwareLoader {
    private final Kernel kernel;
    private final TreeMap<String, byte[]> installed = new TreeMap<>();
    private Path hostDir;

    FirmwareLoader(Kernel kernel) { this.kernel = kernel; }

    /** Puts a file into /lib/firmware. */
    public void install(String name, byte[] data) { installed.put(name, data.clone()); }

    public void remove(String name) { installed.remove(name); }

    /** Maps a host folder as /lib/firmware (looked up after installed files). */
    public void setHostDir(Path dir) { this.hostDir = dir; }

    /** The installed bytes (for fault injection: corrupting a byte in place). */
    public byte[] installedBytes(String name) { return installed.get(name); }

    /**
     * {@code request_firmware(&fw, name, dev)}: must be called from a process (reading the file takes time).
     * Logs as the kernel does when the file is missing and throws {@code -ENOENT}.
     */
    public Firmware request(Device dev, String name) throws ErrnoException {
        byte[] data = installed.get(name);
        if (data == null && hostDir != null && !name.contains("..")) {
            Path p = hostDir.resolve(name);
            if (Files.isRegularFile(p)) {
                try {
                    data = Files.readAllBytes(p);
                } catch (IOException e) {
                    data = null;
                }
            }
        }
        if (data == null) {
            kernel.dmesg().warn(dev.driver() + " " + dev.name() + ": Direct firmware load for " + name + " failed with error -" + Errno.ENOENT);
            throw new ErrnoException(Errno.ENOENT, "request_firmware " + name);
        }
        kernel.scheduler().delay(org.mp15sim.core.time.SimTime.transferTime(data.length, kernel.config().firmwareReadRate()));
        return new Firmware(name, data.clone());
    }
}
