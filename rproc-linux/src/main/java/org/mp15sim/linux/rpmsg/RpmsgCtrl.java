package org.mp15sim.linux.rpmsg;

import java.util.List;
import java.util.TreeSet;
import org.mp15sim.linux.kernel.Kernel;

/**
 * The rpmsg control driver (drivers/rpmsg/rpmsg_ctrl.c): binds the "rpmsg_ctrl" device of each transport and makes
 * {@code /dev/rpmsg_ctrl<n>}, whose ioctls create endpoint devices and channels.
 */
public final class RpmsgCtrl implements RpmsgDriver {
    private final Kernel kernel;
    private final RpmsgChar chr;
    private final TreeSet<Integer> ida = new TreeSet<>();

    RpmsgCtrl(Kernel kernel, RpmsgChar chr) {
        this.kernel = kernel;
        this.chr = chr;
    }

    @Override public String name() { return "rpmsg_ctrl"; }
    @Override public List<String> idTable() { return List.of(); }

    /** {@code rpmsg_ctrldev_probe}. */
    @Override
    public int probe(RpmsgDevice rpdev) {
        int id = 0;
        while (ida.contains(id)) id++;
        ida.add(id);
        RpmsgCtrlDev c = new RpmsgCtrlDev(chr, id, rpdev);
        kernel.vfs().register(c.path(), c);
        rpdev.setDrvdata(c);
        return 0;
    }

    /** {@code rpmsg_ctrldev_remove}: destroys the endpoint devices made through it, then the node. */
    @Override
    public void remove(RpmsgDevice rpdev) {
        RpmsgCtrlDev c = (RpmsgCtrlDev) rpdev.drvdata();
        if (c == null) return;
        for (RpmsgEptDev e : chr.childrenOf(rpdev)) chr.destroy(e);
        kernel.vfs().unregister(c.path());
        ida.remove(c.id());
        rpdev.setDrvdata(null);
    }
}
