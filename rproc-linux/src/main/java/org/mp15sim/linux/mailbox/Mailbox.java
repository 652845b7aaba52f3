package org.mp15sim.linux.mailbox;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;

/**
 * The mailbox framework of one kernel ({@code mbox_cons} and the request API of drivers/mailbox/mailbox.c).
 * Controllers register under their DT node; consumers request channels through their node's
 * {@code mboxes}/{@code mbox-names} ({@link MboxBinding}).
 */
public final class Mailbox {
    private final Kernel kernel;
    private final List<MboxController> controllers = new ArrayList<>();

    public Mailbox(Kernel kernel) { this.kernel = kernel; }

    public Kernel kernel() { return kernel; }

    /** {@code mbox_controller_register}. */
    public void registerController(MboxController mbox) {
        if (mbox.framework != null) throw new IllegalStateException(mbox + " is already registered");
        mbox.framework = this;
        if (mbox.txdonePoll() && !mbox.txdoneIrq()) {
            mbox.pollTimer = kernel.scheduler().timer("mbox-txpoll:" + mbox.ofNode(), mbox::poll);
        }
        controllers.add(mbox);
    }

    /** {@code mbox_controller_unregister}: frees every channel still bound. */
    public void unregisterController(MboxController mbox) {
        if (!controllers.remove(mbox)) return;
        for (int i = 0; i < mbox.numChans(); i++) mbox.chan(i).free();
        if (mbox.pollTimer != null) mbox.pollTimer.cancel();
        mbox.framework = null;
    }

    public List<MboxController> controllers() { return List.copyOf(controllers); }

    /**
     * The key under which a DT node is known as a mailbox controller: its first label (e.g. {@code ipcc}), else
     * its path. Controllers register under it and {@link MboxSpec#controller()} names it.
     */
    public static String nodeId(Node node) { return node.labels().isEmpty() ? node.path() : node.labels().get(0); }

    /** The consumer binding of {@code node}'s {@code mboxes} / {@code mbox-names} properties (empty if absent). */
    public static MboxBinding bindingOf(Node node) {
        if (!node.hasProperty("mboxes")) return new MboxBinding(List.of(), List.of());
        List<MboxSpec> specs = new ArrayList<>();
        for (PhandleArgs pa : node.phandleArgs("mboxes", "#mbox-cells")) specs.add(new MboxSpec(nodeId(pa.target()), pa.args()));
        return new MboxBinding(specs, node.hasProperty("mbox-names") ? node.strings("mbox-names") : List.of());
    }

    /**
     * {@code mbox_request_channel}: binds {@code cl} to the channel named by entry {@code index} of the node's
     * {@code mboxes}. Fails with ENOENT (no such entry), EPROBE_DEFER (controller not registered yet), EINVAL
     * (bad cells) or EBUSY (channel taken), as the kernel does.
     */
    public MboxChan requestChannel(MboxClient cl, MboxBinding binding, int index) throws ErrnoException {
        if (index < 0 || index >= binding.mboxes().size()) {
            cl.dev().dbg("mbox_request_channel: can't parse \"mboxes\" property");
            throw new ErrnoException(Errno.ENOENT, cl.dev() + ": mboxes entry " + index);
        }
        MboxSpec spec = binding.mboxes().get(index);
        MboxChan chan = null;
        int err = Errno.EPROBE_DEFER;
        for (MboxController c : controllers) {
            if (c.ofNode().equals(spec.controller())) {
                chan = c.xlate(spec);
                if (chan != null) break;
                err = Errno.EINVAL;
            }
        }
        if (chan == null) throw new ErrnoException(err, cl.dev() + ": mailbox " + spec);
        int ret = chan.bind(cl);
        if (ret != 0) throw new ErrnoException(ret, cl.dev() + ": mailbox " + spec);
        return chan;
    }

    /** {@code mbox_request_channel_byname}. */
    public MboxChan requestChannelByName(MboxClient cl, MboxBinding binding, String name) throws ErrnoException {
        int index = binding.indexOf(name);
        if (index < 0) {
            cl.dev().err("mbox_request_channel_byname() could not locate channel named \"" + name + "\"");
            throw new ErrnoException(Errno.EINVAL, cl.dev() + ": mbox-names has no \"" + name + "\"");
        }
        return requestChannel(cl, binding, index);
    }
}
