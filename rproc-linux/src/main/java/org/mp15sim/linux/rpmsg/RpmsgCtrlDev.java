package org.mp15sim.linux.rpmsg;

import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * {@code /dev/rpmsg_ctrl<n>}: the ioctls of rpmsg_ctrl.c as methods. Names longer than 31 characters are cut as
 * the kernel's fixed 32-byte field would.
 */
public final class RpmsgCtrlDev implements VfsFile {
    private final RpmsgChar chr;
    private final int id;
    private final RpmsgDevice rpdev;

    RpmsgCtrlDev(RpmsgChar chr, int id, RpmsgDevice rpdev) {
        this.chr = chr;
        this.id = id;
        this.rpdev = rpdev;
    }

    public int id() { return id; }
    public String path() { return "/dev/rpmsg_ctrl" + id; }

    /** {@code RPMSG_CREATE_EPT_IOCTL}: a new {@code /dev/rpmsg<n>} for local {@code src} (ANY: allocated at open) and remote {@code dst}. */
    public RpmsgEptDev createEndpoint(String name, int src, int dst) {
        return chr.create(rpdev, new RpmsgChannelInfo(name, src, dst), null);
    }

    /** {@code RPMSG_DESTROY_EPT_IOCTL} on an endpoint device made here. */
    public void destroyEndpoint(RpmsgEptDev e) { chr.destroy(e); }

    /**
     * {@code RPMSG_CREATE_DEV_IOCTL}: a new channel served by the matching driver; a fixed {@code src} also announces
     * it to the remote name service. EXIST-like failures give ENXIO, as {@code rpmsg_create_channel} returning NULL does.
     */
    public RpmsgDevice createDevice(String name, int src, int dst) throws ErrnoException {
        RpmsgDevice d = rpdev.transport().createChannel(new RpmsgChannelInfo(name, src, dst));
        if (d == null) {
            rpdev.dev().err("failed to create " + name + " channel");
            throw new ErrnoException(Errno.ENXIO, path() + ": create " + name);
        }
        return d;
    }

    /** {@code RPMSG_RELEASE_DEV_IOCTL}. */
    public void releaseDevice(String name, int src, int dst) throws ErrnoException {
        int ret = rpdev.transport().releaseChannel(new RpmsgChannelInfo(name, src, dst));
        if (ret != 0) {
            rpdev.dev().err("failed to release " + name + " channel (" + ret + ")");
            throw new ErrnoException(-ret, path() + ": release " + name);
        }
    }

    @Override public String toString() { return path(); }
}
