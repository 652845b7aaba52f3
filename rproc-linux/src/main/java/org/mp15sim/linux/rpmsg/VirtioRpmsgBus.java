package org.mp15sim.linux.rpmsg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.virtio.DmaBuffer;
import org.mp15sim.linux.virtio.VirtioDevice;
import org.mp15sim.linux.virtio.VirtioDriver;
import org.mp15sim.linux.virtio.VringInfo;
import org.mp15sim.linux.virtio.ring.Virtqueue;
import org.mp15sim.linux.virtio.ring.Vring;

/**
 * The virtio rpmsg bus (drivers/rpmsg/virtio_rpmsg_bus.c): on probe it takes vring 0 as RX ("input") and vring 1
 * as TX ("output"), allocates 512-byte buffers from the device's DMA pool (half RX, half TX; two per ring entry
 * up to 512), posts every RX buffer, registers the rpmsg_ctrl and name-service devices, sets DRIVER_OK and then
 * kicks the RX ring. Messages are {@code struct rpmsg_hdr {u32 src; u32 dst; u32 reserved; u16 len; u16 flags;}}
 * followed by the payload, little-endian.
 */
public final class VirtioRpmsgBus implements VirtioDriver {
    /** {@code VIRTIO_RPMSG_F_NS}: the remote supports name-service announcements. */
    public static final int VIRTIO_RPMSG_F_NS = 0;
    public static final int MAX_RPMSG_NUM_BUFS = 512;
    public static final int MAX_RPMSG_BUF_SIZE = 512;
    /** {@code sizeof(struct rpmsg_hdr)}. */
    public static final int RPMSG_HDR_SIZE = 16;
    /** Dynamic addresses start above the range reserved for predefined services. */
    public static final int RPMSG_RESERVED_ADDRESSES = 1024;
    /** Transport feature bits virtio_ring accepts ({@code vring_transport_features}): INDIRECT_DESC (28), EVENT_IDX (29). */
    private static final long RING_TRANSPORT_FEATURES = (1L << 28) | (1L << Virtqueue.VIRTIO_RING_F_EVENT_IDX);
    /** {@code rpmsg_send} gives up waiting for a TX buffer after 15 s. */
    static final long TX_BUF_TIMEOUT = SimTime.seconds(15);

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Kernel kernel;
    private final RpmsgBus bus;
    private final Map<VirtioDevice, VirtProcInfo> vrps = new LinkedHashMap<>();

    public VirtioRpmsgBus(Kernel kernel, RpmsgBus bus) {
        this.kernel = kernel;
        this.bus = bus;
    }

    @Override public int deviceId() { return VirtioDevice.VIRTIO_ID_RPMSG; }
    @Override public String name() { return "virtio_rpmsg_bus"; }

    /** The bus state of a bound device, or null. */
    public VirtProcInfo vrp(VirtioDevice vdev) { return vrps.get(vdev); }

    /**
     * {@code virtio_dev_probe} + {@code rpmsg_probe}. The virtio core part (ACKNOWLEDGE, DRIVER, feature
     * negotiation written to the resource table, FAILED on error) is done here because the bus only matches ids.
     * Legacy devices never get FEATURES_OK, so the status goes 0 → 1 → 3 → 7.
     */
    @Override
    public int probe(VirtioDevice vdev) {
        Device dev = new Device(kernel, name(), vdev.device().name());
        if ((vdev.getStatus() & VirtioDevice.STATUS_ACKNOWLEDGE) == 0) vdev.setStatus(vdev.getStatus() | VirtioDevice.STATUS_ACKNOWLEDGE);
        vdev.setStatus(vdev.getStatus() | VirtioDevice.STATUS_DRIVER);
        long deviceFeatures = vdev.getFeatures();
        long features = deviceFeatures & (1L << VIRTIO_RPMSG_F_NS);
        features |= deviceFeatures & RING_TRANSPORT_FEATURES;
        vdev.finalizeFeatures(features);
        VirtProcInfo vrp = new VirtProcInfo(vdev, dev, features);
        int err = vrp.probe();
        if (err != 0) {
            vdev.setStatus(vdev.getStatus() | VirtioDevice.STATUS_FAILED);
            return err;
        }
        if ((vdev.getStatus() & VirtioDevice.STATUS_DRIVER_OK) == 0) vdev.setStatus(vdev.getStatus() | VirtioDevice.STATUS_DRIVER_OK);
        return 0;
    }

    /** {@code rpmsg_remove}: reset the device, remove every channel, drop the queues. */
    @Override
    public void remove(VirtioDevice vdev) {
        VirtProcInfo vrp = vrps.remove(vdev);
        if (vrp == null) return;
        vdev.reset();
        for (RpmsgDevice d : bus.children(vrp.name())) bus.unregisterDevice(d);
        vrp.endpoints.clear();
        for (int i = 0; i < 2; i++) vdev.setVringCallback(i, null);
        vrp.removed = true;
        vrp.sendq.signal();
    }

    /** {@code struct virtproc_info}: one remote processor's rpmsg state, and the rpmsg ops of its channels. */
    public final class VirtProcInfo implements RpmsgTransport {
        private final VirtioDevice vdev;
        private final Device dev;
        private final long features;
        private final TreeMap<Integer, RpmsgEndpoint> endpoints = new TreeMap<>();
        private final SimEvent sendq;
        private Virtqueue rvq;
        private Virtqueue svq;
        private DmaBuffer bufs;
        private int numBufs;
        private final int bufSize = MAX_RPMSG_BUF_SIZE;
        private int lastSbuf;
        private int sleepers;
        private boolean removed;
        private int traceTrack = -1;

        VirtProcInfo(VirtioDevice vdev, Device dev, long features) {
            this.vdev = vdev;
            this.dev = dev;
            this.features = features;
            this.sendq = new SimEvent(vdev.device().name() + ".sendq");
        }

        /** {@code virtio0}: the parent name of this device's channels. */
        public String name() { return vdev.device().name(); }
        public VirtioDevice vdev() { return vdev; }
        /** The {@code virtio_rpmsg_bus virtioN:} device messages are logged with. */
        public Device vdevDev() { return dev; }
        public Virtqueue rvq() { return rvq; }
        public Virtqueue svq() { return svq; }
        public int numBufs() { return numBufs; }
        public int bufSize() { return bufSize; }
        /** DMA address of the buffer pool (RX buffers first, then TX). */
        public long bufsDma() { return bufs.dma(); }
        /** Bound local addresses, ascending. */
        public java.util.List<Integer> endpointAddrs() { return java.util.List.copyOf(endpoints.keySet()); }
        public boolean hasFeature(int bit) { return (features & (1L << bit)) != 0; }

        private Scheduler scheduler() { return kernel.scheduler(); }

        /** A trace instant on track "rpmsg virtioN": a = src << 32 | dst, b = payload length. */
        private void trace(String what, int src, int dst, int len) {
            var t = scheduler().trace();
            if (!t.enabled()) return;
            if (traceTrack < 0) traceTrack = t.track("rpmsg " + name());
            t.instant(scheduler().now(), traceTrack, what, ((long) src << 32) | (dst & 0xFFFF_FFFFL), len);
        }

        /** {@code rproc_virtio_find_vqs}: zero the ring memory and build the queue over it. */
        private Virtqueue findVq(int index, String vqName, java.util.function.Consumer<Virtqueue> cb) {
            if (index >= vdev.numVrings()) return null;
            VringInfo info = vdev.vring(index);
            if (info == null || info.va() == null) return null;
            String bad = null;
            if (info.num() <= 0 || (info.num() & (info.num() - 1)) != 0 || info.num() > 32768) {
                bad = "num " + info.num() + " is not a power of 2 up to 32768, which the ring's index masks need";
            } else if (info.align() <= 0 || (info.align() & (info.align() - 1)) != 0) {
                bad = "align " + info.align() + " is not a power of 2";
            } else if (info.va().byteSize() < Vring.size(info.num(), info.align())) {
                bad = "its " + info.va().byteSize() + "-byte mapping cannot hold " + Vring.size(info.num(), info.align()) + " bytes";
            }
            if (bad != null) {
                // The kernel's vring_new_virtqueue does not check this and would corrupt the ring; refusing the queue
                // keeps the run meaningful and says why.
                dev.err("vring_new_virtqueue " + vqName + " failed: vring" + index + " " + bad);
                return null;
            }
            long size = Vring.size(info.num(), info.align());
            info.va().asSlice(0, size).fill((byte) 0);
            boolean eventIdx = hasFeature(Virtqueue.VIRTIO_RING_F_EVENT_IDX);
            Virtqueue vq = new Virtqueue(vqName, index, dev, new Vring(info.va(), info.num(), info.align()), eventIdx,
                    () -> vdev.notify(index), cb);
            vdev.setVringCallback(index, vq::interrupt);
            return vq;
        }

        /** {@code rpmsg_probe}. */
        int probe() {
            if (vdev.numVrings() < 2) {
                dev.err("rpmsg_probe: the remote processor offers " + vdev.numVrings() + " vring(s); rpmsg needs 2 (rx, tx)");
                return -Errno.EINVAL;
            }
            rvq = findVq(0, "input", q -> recvDone());
            svq = rvq == null ? null : findVq(1, "output", q -> xmitDone());
            if (rvq == null || svq == null) {
                if (rvq != null) vdev.setVringCallback(0, null);
                return -Errno.ENOMEM;
            }
            if (rvq.vringSize() != svq.vringSize()) {
                dev.warn("WARNING: asymmetric vrings: rx " + rvq.vringSize() + " entries, tx " + svq.vringSize());
            }
            numBufs = rvq.vringSize() < MAX_RPMSG_NUM_BUFS / 2 ? rvq.vringSize() * 2 : MAX_RPMSG_NUM_BUFS;
            long total = (long) numBufs * bufSize;
            bufs = vdev.dmaAlloc(total);
            if (bufs == null) return -Errno.ENOMEM;
            dev.dbg(String.format("buffers: va %s, dma 0x%08x", "(ptrval)", bufs.dma()));
            for (int i = 0; i < numBufs / 2; i++) {
                int err = rvq.addInbuf(bufs.dma() + (long) i * bufSize, bufSize, i);
                if (err != 0) dev.warn("WARNING: virtqueue_add_inbuf failed: " + err);
            }
            // suppress "tx-complete" interrupts
            svq.disableCb();
            vrps.put(vdev, this);
            // the rpmsg_ctrl device (CONFIG_RPMSG_CTRL)
            bus.registerDevice(new RpmsgDevice(this, name(), new RpmsgChannelInfo("rpmsg_ctrl", 0, 0), false, "rpmsg_ctrl"));
            if (hasFeature(VIRTIO_RPMSG_F_NS)) {
                RpmsgChannelInfo ns = new RpmsgChannelInfo("rpmsg_ns", Rpmsg.RPMSG_NS_ADDR, Rpmsg.RPMSG_NS_ADDR);
                bus.registerDevice(new RpmsgDevice(this, name(), ns, false, "rpmsg_ns"));
            }
            // prepare to kick but don't notify yet - we can't do this before the device is ready
            boolean notify = rvq.kickPrepare();
            vdev.setStatus(vdev.getStatus() | VirtioDevice.STATUS_DRIVER_OK);
            if (notify) rvq.notifyDevice();
            dev.info("rpmsg host is online");
            return 0;
        }

        private MemorySegment buf(int i) { return bufs.va().asSlice((long) i * bufSize, bufSize); }

        // ------------------------------------------------------------------ endpoints

        /** {@code __rpmsg_create_ept}: a fixed address, or the lowest free one from 1024. */
        @Override
        public RpmsgEndpoint createEpt(RpmsgDevice rpdev, RpmsgCallback cb, Object priv, RpmsgChannelInfo chinfo) {
            Device d = rpdev != null ? rpdev.dev() : dev;
            int addr = chinfo.src();
            if (addr == Rpmsg.RPMSG_ADDR_ANY) {
                addr = RPMSG_RESERVED_ADDRESSES;
                while (endpoints.containsKey(addr)) addr++;
            } else if (addr < 0 || endpoints.containsKey(addr)) {
                d.err("idr_alloc failed: " + (addr < 0 ? -Errno.EINVAL : -Errno.ENOSPC));
                return null;
            }
            RpmsgEndpoint ept = new RpmsgEndpoint(this, rpdev, addr, cb, priv);
            endpoints.put(addr, ept);
            return ept;
        }

        /** {@code __rpmsg_destroy_ept}: new inbound messages can no longer find it, in-flight ones no longer call it. */
        @Override
        public void destroyEpt(RpmsgEndpoint ept) {
            if (endpoints.get(ept.addr()) == ept) endpoints.remove(ept.addr());
            ept.clearCallback();
        }

        @Override
        public int announceCreate(RpmsgDevice rpdev) { return announce(rpdev, rpdev.ept() == null ? 0 : rpdev.ept().addr(), Rpmsg.RPMSG_NS_CREATE); }

        @Override
        public int announceDestroy(RpmsgDevice rpdev) { return announce(rpdev, rpdev.src(), Rpmsg.RPMSG_NS_DESTROY); }

        /** {@code virtio_rpmsg_announce_create/destroy}: tell the remote name service about a local service. */
        private int announce(RpmsgDevice rpdev, int addr, int flags) {
            if (!rpdev.announce() || rpdev.ept() == null || !hasFeature(VIRTIO_RPMSG_F_NS)) return 0;
            int err = rpdev.ept().sendto(RpmsgNs.encode(rpdev.name(), addr, flags), Rpmsg.RPMSG_NS_ADDR);
            if (err != 0) rpdev.dev().err("failed to announce service " + err);
            return err;
        }

        /** {@code __rpmsg_create_channel}. */
        @Override
        public RpmsgDevice createChannel(RpmsgChannelInfo chinfo) {
            if (bus.findDevice(name(), chinfo) != null) {
                dev.err("channel " + chinfo.name() + ":" + Integer.toHexString(chinfo.src()) + ":" + Integer.toHexString(chinfo.dst())
                        + " already exist");
                return null;
            }
            RpmsgDevice rpdev = new RpmsgDevice(this, name(), chinfo, chinfo.src() != Rpmsg.RPMSG_ADDR_ANY, null);
            if (bus.registerDevice(rpdev) != 0) return null;
            return rpdev;
        }

        /** {@code virtio_rpmsg_release_channel} → {@code rpmsg_unregister_device}. */
        @Override
        public int releaseChannel(RpmsgChannelInfo chinfo) {
            RpmsgDevice d = bus.findDevice(name(), chinfo);
            if (d == null) return -Errno.EINVAL;
            bus.unregisterDevice(d);
            return 0;
        }

        @Override
        public int mtu(RpmsgEndpoint ept) { return bufSize - RPMSG_HDR_SIZE; }

        // ------------------------------------------------------------------ TX

        /** {@code get_a_tx_buf}: the next never-used TX buffer, else one the remote has consumed; -1 if none. */
        private int getATxBuf() {
            if (lastSbuf < numBufs / 2) return numBufs / 2 + lastSbuf++;
            Virtqueue.Used u = svq.getBuf();
            return u == null ? -1 : (Integer) u.token();
        }

        /** {@code rpmsg_send_offchannel_raw}. */
        @Override
        public int send(RpmsgEndpoint ept, int src, int dst, byte[] data, int off, int len, boolean wait) {
            Device d = ept.rpdev() != null ? ept.rpdev().dev() : dev;
            if (removed) return -Errno.ENODEV;
            if (src == Rpmsg.RPMSG_ADDR_ANY || dst == Rpmsg.RPMSG_ADDR_ANY) {
                d.err("invalid addr (src 0x" + Integer.toHexString(src) + ", dst 0x" + Integer.toHexString(dst) + ")");
                return -Errno.EINVAL;
            }
            if (len > bufSize - RPMSG_HDR_SIZE) {
                d.err("message is too big (" + len + ")");
                return -Rpmsg.EMSGSIZE;
            }
            int b = getATxBuf();
            if (b < 0 && !wait) return -Errno.ENOMEM;
            while (b < 0) {
                // enable "tx-complete" interrupts while somebody sleeps for a buffer
                if (++sleepers == 1) svq.enableCb();
                int[] got = {-1};
                long left = scheduler().awaitCondition(sendq, () -> removed || (got[0] = getATxBuf()) >= 0, TX_BUF_TIMEOUT);
                if (--sleepers == 0) svq.disableCb();
                if (removed) return -Errno.ENODEV;
                if (left == 0) {
                    d.err("timeout waiting for a tx buffer");
                    return -Rpmsg.ERESTARTSYS;
                }
                b = got[0];
            }
            MemorySegment m = buf(b);
            m.set(U32, 0, src);
            m.set(U32, 4, dst);
            m.set(U32, 8, 0);
            m.set(U16, 12, (short) len);
            m.set(U16, 14, (short) 0);
            MemorySegment.copy(data, off, m, ValueLayout.JAVA_BYTE, RPMSG_HDR_SIZE, len);
            d.dbg("TX From 0x" + Integer.toHexString(src) + ", To 0x" + Integer.toHexString(dst) + ", Len " + len + ", Flags 0, Reserved 0");
            int err = svq.addOutbuf(bufs.dma() + (long) b * bufSize, RPMSG_HDR_SIZE + len, b);
            if (err != 0) {
                d.err("virtqueue_add_outbuf failed: " + err);
                return err;
            }
            trace("tx", src, dst, len);
            svq.kick();
            return 0;
        }

        /** {@code rpmsg_xmit_done}: wake senders waiting for a TX buffer. */
        private void xmitDone() {
            dev.dbg("rpmsg_xmit_done");
            sendq.signal();
        }

        // ------------------------------------------------------------------ RX

        /** {@code rpmsg_recv_done}: digest every used RX buffer, then tell the remote they are back. */
        private void recvDone() {
            Virtqueue.Used u = rvq.getBuf();
            if (u == null) {
                dev.err("uhm, incoming signal, but no used buffer ?");
                return;
            }
            int received = 0;
            while (u != null) {
                if (recvSingle((Integer) u.token(), u.len()) != 0) break;
                received++;
                u = rvq.getBuf();
            }
            dev.dbg("Received " + received + " messages");
            if (received != 0) rvq.kick();
        }

        /** {@code rpmsg_recv_single}. */
        private int recvSingle(int b, int len) {
            MemorySegment m = buf(b);
            int src = m.get(U32, 0);
            int dst = m.get(U32, 4);
            int reserved = m.get(U32, 8);
            int msgLen = m.get(U16, 12) & 0xFFFF;
            int flags = m.get(U16, 14) & 0xFFFF;
            dev.dbg("From: 0x" + Integer.toHexString(src) + ", To: 0x" + Integer.toHexString(dst) + ", Len: " + msgLen + ", Flags: "
                    + flags + ", Reserved: " + reserved);
            if (Integer.compareUnsigned(len, bufSize) > 0 || msgLen > len - RPMSG_HDR_SIZE) {
                dev.warn("inbound msg too big: (" + len + ", " + msgLen + ")");
                return -Errno.EINVAL;
            }
            trace("rx", src, dst, msgLen);
            RpmsgEndpoint ept = endpoints.get(dst);
            if (ept != null) {
                byte[] payload = new byte[msgLen];
                MemorySegment.copy(m, ValueLayout.JAVA_BYTE, RPMSG_HDR_SIZE, payload, 0, msgLen);
                ept.deliver(payload, src);
            } else {
                dev.warn("msg received with no recipient");
            }
            int err = rvq.addInbuf(bufs.dma() + (long) b * bufSize, bufSize, b);
            if (err < 0) {
                dev.err("failed to add a virtqueue buffer: " + err);
                return err;
            }
            return 0;
        }
    }
}
