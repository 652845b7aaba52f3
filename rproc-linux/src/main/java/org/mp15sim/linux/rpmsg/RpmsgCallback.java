package org.mp15sim.linux.rpmsg;

/** {@code rpmsg_rx_cb_t}: a message for an endpoint; {@code data} is a copy of the payload. Returns 0 or a negative errno. */
@FunctionalInterface
public interface RpmsgCallback {
    int received(RpmsgDevice rpdev, byte[] data, Object priv, int src);
}
