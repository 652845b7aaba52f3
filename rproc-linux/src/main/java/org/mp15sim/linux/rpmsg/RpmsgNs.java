package org.mp15sim.linux.rpmsg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;

/**
 * The name-service driver (drivers/rpmsg/rpmsg_ns.c): binds the {@code rpmsg_ns} device each transport
 * registers, listens at address 0x35 and creates or releases channels on announcements
 * {@code {char name[32]; u32 addr; u32 flags}}.
 */
public final class RpmsgNs implements RpmsgDriver {
    /** {@code sizeof(struct rpmsg_ns_msg)}. */
    public static final int NS_MSG_SIZE = Rpmsg.RPMSG_NAME_SIZE + 8;

    @Override public String name() { return "rpmsg_ns"; }
    @Override public List<String> idTable() { return List.of(); }

    /** {@code rpmsg_ns_probe}: the NS endpoint at 0x35. */
    @Override
    public int probe(RpmsgDevice rpdev) {
        RpmsgChannelInfo ns = new RpmsgChannelInfo("name_service", Rpmsg.RPMSG_NS_ADDR, Rpmsg.RPMSG_NS_ADDR);
        RpmsgEndpoint ept = rpdev.createEpt(RpmsgNs::nsCallback, null, ns);
        if (ept == null) {
            rpdev.dev().err("failed to create the ns ept");
            return -Errno.ENOMEM;
        }
        rpdev.ept = ept;
        return 0;
    }

    @Override public void remove(RpmsgDevice rpdev) {}

    /** {@code rpmsg_ns_cb}. */
    private static int nsCallback(RpmsgDevice rpdev, byte[] data, Object priv, int src) {
        Device dev = ((VirtioRpmsgBus.VirtProcInfo) rpdev.transport()).vdevDev();
        if (data.length != NS_MSG_SIZE) {
            dev.err("malformed ns msg (" + data.length + ")");
            return -Errno.EINVAL;
        }
        // don't trust the remote processor for null terminating the name
        int n = 0;
        while (n < Rpmsg.RPMSG_NAME_SIZE - 1 && data[n] != 0) n++;
        String name = new String(data, 0, n, StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int addr = bb.getInt(Rpmsg.RPMSG_NAME_SIZE);
        int flags = bb.getInt(Rpmsg.RPMSG_NAME_SIZE + 4);
        RpmsgChannelInfo chinfo = new RpmsgChannelInfo(name, Rpmsg.RPMSG_ADDR_ANY, addr);
        boolean destroy = (flags & Rpmsg.RPMSG_NS_DESTROY) != 0;
        dev.info((destroy ? "destroy" : "creat") + "ing channel " + name + " addr 0x" + Integer.toHexString(addr));
        if (destroy) {
            int ret = rpdev.transport().releaseChannel(chinfo);
            if (ret != 0) dev.err("rpmsg_destroy_channel failed: " + ret);
        } else if (rpdev.transport().createChannel(chinfo) == null) {
            dev.err("rpmsg_create_channel failed");
        }
        return 0;
    }

    /** Encodes a {@code struct rpmsg_ns_msg} (for announcements and tests). */
    public static byte[] encode(String name, int addr, int flags) {
        byte[] b = new byte[NS_MSG_SIZE];
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, b, 0, Math.min(n.length, Rpmsg.RPMSG_NAME_SIZE - 1));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(Rpmsg.RPMSG_NAME_SIZE, addr);
        bb.putInt(Rpmsg.RPMSG_NAME_SIZE + 4, flags);
        return b;
    }
}
