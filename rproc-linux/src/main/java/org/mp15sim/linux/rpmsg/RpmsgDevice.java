package org.mp15sim.linux.rpmsg;

import org.mp15sim.linux.kernel.Device;

/**
 * {@code struct rpmsg_device}: a channel (service name + local/remote address) on a transport, named
 * {@code <parent>.<name>.<src>.<dst>} like the kernel's {@code rpmsg_register_device}
 * (e.g. {@code virtio0.rpmsg-tty.-1.1024}).
 */
public final class RpmsgDevice {
    private final RpmsgTransport transport;
    private final String parent;
    private final String name;
    private final String driverOverride;
    int src;
    private final int dst;
    private final boolean announce;
    RpmsgEndpoint ept;
    RpmsgDriver driver;
    Device dev;
    private Object drvdata;

    RpmsgDevice(RpmsgTransport transport, String parent, RpmsgChannelInfo chinfo, boolean announce, String driverOverride) {
        this.transport = transport;
        this.parent = parent;
        this.name = chinfo.name();
        this.src = chinfo.src();
        this.dst = chinfo.dst();
        this.announce = announce;
        this.driverOverride = driverOverride;
    }

    public RpmsgTransport transport() { return transport; }
    /** {@code dev_name(rpdev->dev.parent)}, e.g. {@code virtio0}. */
    public String parent() { return parent; }
    /** The service name ({@code id.name}). */
    public String name() { return name; }
    public int src() { return src; }
    public int dst() { return dst; }
    /** Whether the channel's existence is announced to the remote name service. */
    public boolean announce() { return announce; }
    public String driverOverride() { return driverOverride; }
    /** The default endpoint made at probe, or null. */
    public RpmsgEndpoint ept() { return ept; }
    public RpmsgDriver driver() { return driver; }
    /** The device name, set at registration. */
    public String devName() { return dev == null ? null : dev.name(); }
    /** The {@code struct device} for dev_info() (prefixed by the bound driver's name). */
    public Device dev() { return dev; }
    public Object drvdata() { return drvdata; }
    public void setDrvdata(Object o) { drvdata = o; }

    /** {@code rpmsg_create_ept} on this channel. */
    public RpmsgEndpoint createEpt(RpmsgCallback cb, Object priv, RpmsgChannelInfo chinfo) {
        return transport.createEpt(this, cb, priv, chinfo);
    }

    @Override public String toString() { return dev == null ? "rpmsg " + name : dev.toString(); }
}
