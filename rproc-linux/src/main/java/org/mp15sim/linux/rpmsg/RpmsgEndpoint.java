package org.mp15sim.linux.rpmsg;

/**
 * {@code struct rpmsg_endpoint}: a local address with a receive callback. The send methods are the rpmsg core
 * API ({@code rpmsg_send}, {@code rpmsg_sendto}, {@code rpmsg_trysend}, ...): 0 or a negative errno.
 */
public final class RpmsgEndpoint {
    private final RpmsgTransport transport;
    private final RpmsgDevice rpdev;
    private final int addr;
    private final Object priv;
    private RpmsgCallback cb;

    RpmsgEndpoint(RpmsgTransport transport, RpmsgDevice rpdev, int addr, RpmsgCallback cb, Object priv) {
        this.transport = transport;
        this.rpdev = rpdev;
        this.addr = addr;
        this.cb = cb;
        this.priv = priv;
    }

    /** The channel this endpoint belongs to (null for the transport's own endpoints). */
    public RpmsgDevice rpdev() { return rpdev; }
    /** The local rpmsg address. */
    public int addr() { return addr; }
    public Object priv() { return priv; }
    /** Whether the endpoint still receives (false once destroyed). */
    public boolean isLive() { return cb != null; }

    /** Delivers an inbound message; returns false if the endpoint has been destroyed meanwhile. */
    boolean deliver(byte[] data, int src) {
        RpmsgCallback c = cb;
        if (c == null) return false;
        c.received(rpdev, data, priv, src);
        return true;
    }

    void clearCallback() { cb = null; }

    private int dst() { return rpdev == null ? Rpmsg.RPMSG_ADDR_ANY : rpdev.dst(); }

    /** {@code rpmsg_send}: to the channel's remote address, waiting up to 15 s for a TX buffer. */
    public int send(byte[] data) { return transport.send(this, addr, dst(), data, 0, data.length, true); }

    /** {@code rpmsg_sendto}. */
    public int sendto(byte[] data, int dst) { return transport.send(this, addr, dst, data, 0, data.length, true); }

    /** {@code rpmsg_send_offchannel}. */
    public int sendOffchannel(int src, int dst, byte[] data) { return transport.send(this, src, dst, data, 0, data.length, true); }

    /** {@code rpmsg_trysend}: -ENOMEM at once when no TX buffer is free. */
    public int trysend(byte[] data) { return transport.send(this, addr, dst(), data, 0, data.length, false); }

    /** {@code rpmsg_trysend} of {@code len} bytes of {@code data} from {@code off}. */
    public int trysend(byte[] data, int off, int len) { return transport.send(this, addr, dst(), data, off, len, false); }

    /** {@code rpmsg_trysendto}. */
    public int trysendto(byte[] data, int dst) { return transport.send(this, addr, dst, data, 0, data.length, false); }

    /** {@code rpmsg_get_mtu}. */
    public int mtu() { return transport.mtu(this); }

    /** {@code rpmsg_destroy_ept}. */
    public void destroy() { transport.destroyEpt(this); }

    @Override public String toString() { return "rpmsg ept 0x" + Integer.toHexString(addr); }
}
