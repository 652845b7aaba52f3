package org.mp15sim.linux.rpmsg;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.mp15sim.linux.kernel.Kernel;

/**
 * The rpmsg char driver (drivers/rpmsg/rpmsg_char.c): endpoint devices {@code /dev/rpmsg<n>}, made either by the
 * control device's create-endpoint ioctl or for channels a remote announces as "rpmsg-raw".
 */
public final class RpmsgChar implements RpmsgDriver {
    private final Kernel kernel;
    private final TreeSet<Integer> ida = new TreeSet<>();
    private final List<RpmsgEptDev> eptdevs = new ArrayList<>();

    RpmsgChar(Kernel kernel) { this.kernel = kernel; }

    @Override public String name() { return "rpmsg_chrdev"; }
    @Override public List<String> idTable() { return List.of("rpmsg-raw"); }
    @Override public RpmsgCallback callback() { return RpmsgChar::rawCallback; }

    public List<RpmsgEptDev> eptdevs() { return List.copyOf(eptdevs); }

    private static int rawCallback(RpmsgDevice rpdev, byte[] data, Object priv, int src) {
        RpmsgEptDev e = (RpmsgEptDev) rpdev.drvdata();
        if (e != null) e.queue(data);
        return 0;
    }

    /** {@code rpmsg_chrdev_eptdev_create}: a new {@code /dev/rpmsg<n>} bound to {@code chinfo} on {@code rpdev}. */
    RpmsgEptDev create(RpmsgDevice rpdev, RpmsgChannelInfo chinfo, RpmsgEndpoint defaultEpt) {
        int id = 0;
        while (ida.contains(id)) id++;
        ida.add(id);
        RpmsgEptDev e = new RpmsgEptDev(this, kernel, id, rpdev, chinfo, defaultEpt);
        eptdevs.add(e);
        kernel.vfs().register(e.path(), e);
        return e;
    }

    /** {@code rpmsg_chrdev_eptdev_destroy}: closes the endpoint, wakes readers and removes the node. */
    void destroy(RpmsgEptDev e) {
        if (!eptdevs.remove(e)) return;
        e.shutdown();
        kernel.vfs().unregister(e.path());
        ida.remove(e.id());
    }

    /** {@code rpmsg_chrdev_probe}: an "rpmsg-raw" channel gets an endpoint device on its default endpoint. */
    @Override
    public int probe(RpmsgDevice rpdev) {
        RpmsgEptDev e = create(rpdev, new RpmsgChannelInfo(rpdev.name(), rpdev.src(), rpdev.dst()), rpdev.ept());
        rpdev.setDrvdata(e);
        return 0;
    }

    @Override
    public void remove(RpmsgDevice rpdev) {
        if (rpdev.drvdata() instanceof RpmsgEptDev e) destroy(e);
        rpdev.setDrvdata(null);
    }

    /** Endpoint devices made through {@code rpdev} (the ctrl device), for removal with it. */
    List<RpmsgEptDev> childrenOf(RpmsgDevice rpdev) {
        List<RpmsgEptDev> l = new ArrayList<>();
        for (RpmsgEptDev e : eptdevs) if (e.rpdev() == rpdev && e.isCtrlChild()) l.add(e);
        return l;
    }

}
