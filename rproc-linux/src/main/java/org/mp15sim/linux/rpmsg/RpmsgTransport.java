package org.mp15sim.linux.rpmsg;

/**
 * What an rpmsg bus implementation provides to the core ({@code rpmsg_device_ops} + {@code rpmsg_endpoint_ops}):
 * virtio_rpmsg_bus implements it per virtio device. Send calls return 0 or a negative errno.
 */
public interface RpmsgTransport {
    /** {@code create_ept}: binds an endpoint to {@code chinfo.src} (or a fresh address); null on failure. */
    RpmsgEndpoint createEpt(RpmsgDevice rpdev, RpmsgCallback cb, Object priv, RpmsgChannelInfo chinfo);

    /** {@code announce_create}. */
    int announceCreate(RpmsgDevice rpdev);

    /** {@code announce_destroy}. */
    int announceDestroy(RpmsgDevice rpdev);

    /** {@code create_channel}: a new rpmsg device under this transport, or null. */
    RpmsgDevice createChannel(RpmsgChannelInfo chinfo);

    /** {@code release_channel}: 0 or -EINVAL when no such channel exists. */
    int releaseChannel(RpmsgChannelInfo chinfo);

    /** {@code destroy_ept}. */
    void destroyEpt(RpmsgEndpoint ept);

    /** {@code rpmsg_send_offchannel_raw}: {@code wait} blocks (in a process) for a TX buffer. */
    int send(RpmsgEndpoint ept, int src, int dst, byte[] data, int off, int len, boolean wait);

    /** {@code get_mtu}: the largest payload. */
    int mtu(RpmsgEndpoint ept);
}
