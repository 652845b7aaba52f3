package org.mp15sim.linux.rpmsg;

/** {@code struct rpmsg_channel_info}: a service name and its local/remote addresses ({@link Rpmsg#RPMSG_ADDR_ANY} = any). */
public record RpmsgChannelInfo(String name, int src, int dst) {
    public RpmsgChannelInfo {
        if (name.length() >= Rpmsg.RPMSG_NAME_SIZE) name = name.substring(0, Rpmsg.RPMSG_NAME_SIZE - 1);
    }

    @Override public String toString() { return name + ":" + Integer.toHexString(src) + ":" + Integer.toHexString(dst); }
}
