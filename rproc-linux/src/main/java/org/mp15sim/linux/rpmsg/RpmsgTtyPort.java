package org.mp15sim.linux.rpmsg;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * {@code /dev/ttyRPMSG<n>} in raw mode (the driver's termios clear ICANON, ECHO and OPOST): reads return the bytes
 * received so far, writes go out as rpmsg messages of at most the MTU (496 bytes) each, with
 * {@code rpmsg_trysend} (-ENOMEM when every TX buffer is in flight). {@link #dataEvent()} is signalled on every
 * arrival so processes can wait with a simulated-time bound ({@link #read(int, long)}).
 */
public final class RpmsgTtyPort implements VfsFile {
    /** {@code TTYB_DEFAULT_MEM_LIMIT}: the flip buffers hold at most 640 KiB. */
    static final int TTY_BUFFER_LIMIT = 640 * 1024;

    private final Kernel kernel;
    private final int index;
    private final RpmsgDevice rpdev;
    private final ArrayDeque<byte[]> rx = new ArrayDeque<>();
    private final SimEvent dataEvent;
    private int headOffset;
    private int buffered;
    private long received;
    private long sent;
    private boolean hungUp;

    RpmsgTtyPort(Kernel kernel, int index, RpmsgDevice rpdev) {
        this.kernel = kernel;
        this.index = index;
        this.rpdev = rpdev;
        this.dataEvent = new SimEvent(path() + ".data");
    }

    public int index() { return index; }
    public String path() { return "/dev/" + RpmsgTty.RPMSG_TTY_NAME + index; }
    /** The channel behind this tty. */
    public RpmsgDevice rpdev() { return rpdev; }
    /** Bytes waiting to be read. */
    public int available() { return buffered; }
    /** Total bytes received and sent since the port was created. */
    public long bytesReceived() { return received; }
    public long bytesSent() { return sent; }
    /** True once the channel went away (remote announced destroy, or the remote processor stopped). */
    public boolean isHungUp() { return hungUp; }
    /** Signalled whenever bytes arrive or the port hangs up. */
    public SimEvent dataEvent() { return dataEvent; }

    /** {@code tty_insert_flip_string} + push: returns how many bytes fit. */
    int insertFlip(byte[] data) {
        int n = Math.min(data.length, TTY_BUFFER_LIMIT - buffered);
        if (n <= 0) return 0;
        rx.addLast(n == data.length ? data : java.util.Arrays.copyOf(data, n));
        buffered += n;
        received += n;
        dataEvent.signal();
        return n;
    }

    void hangup() {
        hungUp = true;
        dataEvent.signal();
    }

    private byte[] take(int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!rx.isEmpty() && out.size() < max) {
            byte[] head = rx.peekFirst();
            int n = Math.min(head.length - headOffset, max - out.size());
            out.write(head, headOffset, n);
            headOffset += n;
            if (headOffset == head.length) {
                rx.pollFirst();
                headOffset = 0;
            }
        }
        buffered -= out.size();
        return out.toByteArray();
    }

    /** A non-blocking read: every byte received so far (possibly none). After a hang-up, reads return EOF (empty). */
    @Override
    public byte[] read() { return take(Integer.MAX_VALUE); }

    /**
     * A blocking read with a simulated-time bound, from a simulation process: waits until at least one byte is
     * there (or the port hangs up, or {@code timeout} ps pass) and returns up to {@code max} bytes; empty on timeout.
     */
    public byte[] read(int max, long timeout) {
        kernel.scheduler().awaitCondition(dataEvent, () -> buffered > 0 || hungUp, timeout);
        return take(max);
    }

    /**
     * Writes {@code data} in MTU-sized messages. Returns the byte count, or fails with EIO after a hang-up or with
     * the send error (ENOMEM when no TX buffer is free) if nothing could be sent.
     */
    @Override
    public int write(byte[] data) throws ErrnoException {
        if (hungUp || rpdev.ept() == null) throw new ErrnoException(Errno.EIO, path());
        int done = 0;
        while (done < data.length) {
            int mtu = rpdev.ept().mtu();
            if (mtu < 0) return fail(done, mtu);
            int n = Math.min(data.length - done, mtu);
            int ret = rpdev.ept().trysend(data, done, n);
            if (ret != 0) {
                rpdev.dev().dbg("rpmsg_send failed: " + ret);
                return fail(done, ret);
            }
            done += n;
            sent += n;
        }
        return done;
    }

    private int fail(int done, int err) throws ErrnoException {
        if (done > 0) return done;
        throw new ErrnoException(-err, path());
    }

    @Override public String toString() { return path() + " (" + rpdev + ")"; }
}
