package org.mp15sim.linux.rpmsg;

import java.util.ArrayDeque;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * {@code /dev/rpmsg<n>} ({@code struct rpmsg_eptdev}): opening it binds an endpoint at the requested local address
 * (or a fresh one), each read returns one whole message, each write sends one message to the requested remote
 * address. The plain {@link #read()}/{@link #write} of the file open the device on first use, as a shell would.
 */
public final class RpmsgEptDev implements VfsFile {
    private final RpmsgChar driver;
    private final Kernel kernel;
    private final int id;
    private final RpmsgDevice rpdev;
    private final RpmsgChannelInfo chinfo;
    private final RpmsgEndpoint defaultEpt;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final SimEvent readq;
    private RpmsgEndpoint ept;
    private boolean gone;

    RpmsgEptDev(RpmsgChar driver, Kernel kernel, int id, RpmsgDevice rpdev, RpmsgChannelInfo chinfo, RpmsgEndpoint defaultEpt) {
        this.driver = driver;
        this.kernel = kernel;
        this.id = id;
        this.rpdev = rpdev;
        this.chinfo = chinfo;
        this.defaultEpt = defaultEpt;
        this.readq = new SimEvent(path() + ".readq");
    }

    public int id() { return id; }
    public String path() { return "/dev/rpmsg" + id; }
    public RpmsgDevice rpdev() { return rpdev; }
    public RpmsgChannelInfo chinfo() { return chinfo; }
    /** The bound endpoint while open, else null. */
    public RpmsgEndpoint ept() { return ept; }
    public boolean isOpen() { return ept != null; }
    /** Messages waiting to be read. */
    public int pending() { return queue.size(); }
    /** Signalled when a message arrives or the device goes away. */
    public SimEvent readEvent() { return readq; }
    boolean isCtrlChild() { return defaultEpt == null; }

    /** {@code rpmsg_ept_cb}. */
    private int epCallback(RpmsgDevice d, byte[] data, Object priv, int src) {
        queue(data);
        return 0;
    }

    void queue(byte[] data) {
        queue.addLast(data);
        readq.signal();
    }

    /** {@code rpmsg_eptdev_open}: EBUSY if already open, EINVAL if the endpoint cannot be created. */
    public void open() throws ErrnoException {
        if (gone) throw new ErrnoException(Errno.ENODEV, path());
        if (ept != null) throw new ErrnoException(Errno.EBUSY, path());
        RpmsgEndpoint e = defaultEpt != null ? defaultEpt : rpdev.createEpt(this::epCallback, this, chinfo);
        if (e == null) {
            kernel.dmesg().err("rpmsg_chrdev " + "rpmsg" + id + ": failed to open " + chinfo.name());
            throw new ErrnoException(Errno.EINVAL, path());
        }
        ept = e;
    }

    /** {@code rpmsg_eptdev_release}: destroys the endpoint (not a channel's default one) and drops queued messages. */
    public void close() {
        if (ept != null && ept != defaultEpt) ept.destroy();
        ept = null;
        queue.clear();
    }

    void shutdown() {
        close();
        gone = true;
        readq.signal();
    }

    private void openIfClosed() throws ErrnoException {
        if (ept == null) open();
    }

    /** Non-blocking read of the next message (empty when none is queued). */
    @Override
    public byte[] read() throws ErrnoException {
        openIfClosed();
        byte[] m = queue.pollFirst();
        return m == null ? new byte[0] : m;
    }

    /** Blocking read from a simulation process: the next message, waiting up to {@code timeout} ps; empty on timeout. */
    public byte[] read(long timeout) throws ErrnoException {
        openIfClosed();
        kernel.scheduler().awaitCondition(readq, () -> !queue.isEmpty() || gone, timeout);
        if (queue.isEmpty() && gone) throw new ErrnoException(Errno.EPIPE, path());
        byte[] m = queue.pollFirst();
        return m == null ? new byte[0] : m;
    }

    /** {@code rpmsg_eptdev_write_iter}: one message to the remote address given at creation ({@code rpmsg_sendto}). */
    @Override
    public int write(byte[] data) throws ErrnoException {
        openIfClosed();
        if (ept == null) throw new ErrnoException(Errno.EPIPE, path());
        int ret = ept.sendto(data, chinfo.dst());
        if (ret != 0) throw new ErrnoException(-ret, path());
        return data.length;
    }

    @Override public String toString() { return path() + " (" + chinfo + ")"; }
}
