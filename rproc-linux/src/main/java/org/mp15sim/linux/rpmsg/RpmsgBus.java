package org.mp15sim.linux.rpmsg;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.Kernel;

/**
 * The rpmsg bus core (drivers/rpmsg/rpmsg_core.c): matches channels with drivers by driver override or service
 * name, and probes them the kernel's way (default endpoint first, then the driver, then the announcement).
 * Devices appear under {@code /sys/bus/rpmsg/devices/<name>/}.
 */
public final class RpmsgBus {
    private static final String SYSFS = "/sys/bus/rpmsg/devices/";

    private final Kernel kernel;
    private final List<RpmsgDriver> drivers = new ArrayList<>();
    private final List<RpmsgDevice> devices = new ArrayList<>();

    public RpmsgBus(Kernel kernel) { this.kernel = kernel; }

    public Kernel kernel() { return kernel; }

    /** {@code register_rpmsg_driver}: also binds matching devices registered before. */
    public void registerDriver(RpmsgDriver drv) {
        drivers.add(drv);
        for (RpmsgDevice d : List.copyOf(devices)) if (d.driver == null && match(d, drv)) probe(d, drv);
    }

    /** {@code unregister_rpmsg_driver}: unbinds its devices. */
    public void unregisterDriver(RpmsgDriver drv) {
        for (RpmsgDevice d : List.copyOf(devices)) if (d.driver == drv) remove(d);
        drivers.remove(drv);
    }

    /** {@code rpmsg_register_device}: names the device, adds its sysfs attributes and probes a matching driver. */
    public int registerDevice(RpmsgDevice rpdev) {
        String name = rpdev.parent() + "." + rpdev.name() + "." + rpdev.src() + "." + rpdev.dst();
        for (RpmsgDevice d : devices) {
            if (name.equals(d.devName())) {
                kernel.dmesg().err("sysfs: cannot create duplicate filename '" + SYSFS + name + "'");
                return -Errno.EEXIST;
            }
        }
        rpdev.dev = new Device(kernel, "rpmsg", name);
        devices.add(rpdev);
        String dir = SYSFS + name + "/";
        kernel.vfs().registerText(dir + "name", () -> rpdev.name() + "\n");
        kernel.vfs().registerText(dir + "src", () -> "0x" + Integer.toHexString(rpdev.src()) + "\n");
        kernel.vfs().registerText(dir + "dst", () -> "0x" + Integer.toHexString(rpdev.dst()) + "\n");
        kernel.vfs().registerText(dir + "announce", () -> (rpdev.announce() ? "true" : "false") + "\n");
        for (RpmsgDriver drv : drivers) {
            if (match(rpdev, drv)) {
                probe(rpdev, drv);
                break;
            }
        }
        return 0;
    }

    /** {@code rpmsg_unregister_device} / {@code device_unregister}: removes the driver binding, then the device. */
    public void unregisterDevice(RpmsgDevice rpdev) {
        if (!devices.contains(rpdev)) return;
        if (rpdev.driver != null) remove(rpdev);
        kernel.vfs().unregisterTree(SYSFS + rpdev.devName());
        devices.remove(rpdev);
    }

    /** {@code rpmsg_find_device}: the first child of {@code parent} matching {@code chinfo} (ANY matches every address). */
    public RpmsgDevice findDevice(String parent, RpmsgChannelInfo chinfo) {
        for (RpmsgDevice d : devices) {
            if (!d.parent().equals(parent)) continue;
            if (chinfo.src() != Rpmsg.RPMSG_ADDR_ANY && chinfo.src() != d.src()) continue;
            if (chinfo.dst() != Rpmsg.RPMSG_ADDR_ANY && chinfo.dst() != d.dst()) continue;
            if (!chinfo.name().equals(d.name())) continue;
            return d;
        }
        return null;
    }

    /** Registered devices in registration order. */
    public List<RpmsgDevice> devices() { return List.copyOf(devices); }

    /** Children of {@code parent} in registration order. */
    public List<RpmsgDevice> children(String parent) {
        List<RpmsgDevice> l = new ArrayList<>();
        for (RpmsgDevice d : devices) if (d.parent().equals(parent)) l.add(d);
        return l;
    }

    /** {@code rpmsg_dev_match}: driver override first, then the id table. */
    private static boolean match(RpmsgDevice rpdev, RpmsgDriver drv) {
        if (rpdev.driverOverride() != null) return rpdev.driverOverride().equals(drv.name());
        return drv.idTable().contains(rpdev.name());
    }

    /** {@code rpmsg_dev_probe}. */
    private void probe(RpmsgDevice rpdev, RpmsgDriver drv) {
        rpdev.driver = drv;
        rpdev.dev = new Device(kernel, drv.name(), rpdev.devName());
        RpmsgEndpoint ept = null;
        if (drv.callback() != null) {
            RpmsgChannelInfo chinfo = new RpmsgChannelInfo(rpdev.name(), rpdev.src(), Rpmsg.RPMSG_ADDR_ANY);
            ept = rpdev.createEpt(drv.callback(), null, chinfo);
            if (ept == null) {
                rpdev.dev.err("failed to create endpoint");
                unbind(rpdev);
                return;
            }
            rpdev.ept = ept;
            rpdev.src = ept.addr();
        }
        int err = drv.probe(rpdev);
        if (err != 0) {
            rpdev.dev.err("rpmsg_dev_probe: failed: " + err);
            if (ept != null) ept.destroy();
            rpdev.ept = null;
            unbind(rpdev);
            return;
        }
        if (ept != null) {
            err = rpdev.transport().announceCreate(rpdev);
            if (err != 0) {
                rpdev.dev.err("failed to announce creation");
                drv.remove(rpdev);
                ept.destroy();
                rpdev.ept = null;
                unbind(rpdev);
            }
        }
    }

    private void unbind(RpmsgDevice rpdev) {
        rpdev.driver = null;
        rpdev.dev = new Device(kernel, "rpmsg", rpdev.devName());
    }

    /** {@code rpmsg_dev_remove}: announce the destruction, remove the driver, destroy the default endpoint. */
    private void remove(RpmsgDevice rpdev) {
        rpdev.transport().announceDestroy(rpdev);
        rpdev.driver.remove(rpdev);
        if (rpdev.ept != null) {
            rpdev.ept.destroy();
            rpdev.ept = null;
        }
        unbind(rpdev);
    }
}
