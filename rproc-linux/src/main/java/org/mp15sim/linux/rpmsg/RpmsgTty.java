package org.mp15sim.linux.rpmsg;

import java.util.List;
import java.util.TreeMap;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.Kernel;

/**
 * The rpmsg tty driver (drivers/tty/rpmsg_tty.c): one {@code /dev/ttyRPMSG<n>} per channel, n the lowest free index
 * below 32. Serves the upstream "rpmsg-tty" service and ST's legacy "rpmsg-tty-channel" (announced by STM32Cube
 * firmware before v1.4), both as raw data without flow control.
 */
public final class RpmsgTty implements RpmsgDriver {
    public static final int MAX_TTY_RPMSG = 32;
    public static final String RPMSG_TTY_NAME = "ttyRPMSG";

    private final Kernel kernel;
    private final TreeMap<Integer, RpmsgTtyPort> ports = new TreeMap<>();

    RpmsgTty(Kernel kernel) { this.kernel = kernel; }

    @Override public String name() { return "rpmsg_tty"; }
    @Override public List<String> idTable() { return List.of("rpmsg-tty", "rpmsg-tty-channel"); }
    @Override public RpmsgCallback callback() { return RpmsgTty::ttyCallback; }

    /** The live ports by index. */
    public List<RpmsgTtyPort> ports() { return List.copyOf(ports.values()); }

    /** {@code /dev/ttyRPMSG<n>}'s port, or null. */
    public RpmsgTtyPort port(int n) { return ports.get(n); }

    /** {@code rpmsg_tty_cb}: queue the bytes for readers. */
    private static int ttyCallback(RpmsgDevice rpdev, byte[] data, Object priv, int src) {
        if (data.length == 0) return -Errno.EINVAL;
        RpmsgTtyPort port = (RpmsgTtyPort) rpdev.drvdata();
        if (port == null) return -Errno.ENODEV;
        int copied = port.insertFlip(data);
        if (copied != data.length) rpdev.dev().err("Trunc buffer: available space is " + copied);
        return 0;
    }

    /** {@code rpmsg_tty_probe}. */
    @Override
    public int probe(RpmsgDevice rpdev) {
        int id = 0;
        while (ports.containsKey(id)) id++;
        if (id >= MAX_TTY_RPMSG) {
            rpdev.dev().err("Failed to alloc tty port");
            return -Errno.ENOSPC;
        }
        RpmsgTtyPort port = new RpmsgTtyPort(kernel, id, rpdev);
        ports.put(id, port);
        kernel.vfs().register(port.path(), port);
        rpdev.setDrvdata(port);
        rpdev.dev().dbg("New channel: 0x" + Integer.toHexString(rpdev.src()) + " -> 0x" + Integer.toHexString(rpdev.dst()) + ": "
                + RPMSG_TTY_NAME + id);
        return 0;
    }

    /** {@code rpmsg_tty_remove}: hang the tty up and remove the device node. */
    @Override
    public void remove(RpmsgDevice rpdev) {
        RpmsgTtyPort port = (RpmsgTtyPort) rpdev.drvdata();
        if (port == null) return;
        rpdev.dev().dbg("Removing rpmsg tty device " + port.index());
        port.hangup();
        kernel.vfs().unregister(port.path());
        ports.remove(port.index());
        rpdev.setDrvdata(null);
    }
}
