package org.mp15sim.linux.remoteproc;

import static org.mp15sim.linux.remoteproc.ResourceTable.*;

import java.lang.foreign.MemorySegment;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.virtio.DmaBuffer;
import org.mp15sim.linux.virtio.VirtioBus;
import org.mp15sim.linux.virtio.VirtioDevice;
import org.mp15sim.linux.virtio.VringInfo;

/**
 * {@code struct rproc_vdev} and remoteproc_virtio.c: one vdev resource. As a subdevice it registers a virtio
 * device on start and unregisters it on stop; as a {@link VirtioDevice} it keeps status and features in the
 * live resource table ({@code rproc->table_ptr + rsc_offset}, so after rproc_start they land in the remote's
 * RAM), gives out the vdev0vringN carveouts as vrings, kicks through {@code rproc->ops->kick} and allocates
 * buffers from the vdev0buffer pool.
 */
public final class RprocVdev implements RprocSubdev, VirtioDevice {
    /** RVDEV_NUM_VRINGS. */
    public static final int RVDEV_NUM_VRINGS = 2;

    /** {@code struct rproc_vring}. */
    public static final class Vring {
        final RprocVdev rvdev;
        final int index;
        int num;
        int align;
        int notifyid = -1;
        Runnable callback;
        boolean found;

        Vring(RprocVdev rvdev, int index) {
            this.rvdev = rvdev;
            this.index = index;
        }

        public int notifyid() { return notifyid; }
    }

    private final RemoteProc rproc;
    private final int id;
    private final int index;
    private final int rscOffset;
    private final int numVrings;
    private final Vring[] vring = new Vring[RVDEV_NUM_VRINGS];
    /** The "rproc-virtio.N.auto" platform device. */
    private final Device pdev;
    private Device vdevDevice;
    private boolean registered;
    private DmaCoherentPool pool;

    RprocVdev(RemoteProc rproc, int id, int index, int rscOffset, int numVrings, int platformId) {
        this.rproc = rproc;
        this.id = id;
        this.index = index;
        this.rscOffset = rscOffset;
        this.numVrings = numVrings;
        this.pdev = new Device(rproc.kernel(), "rproc-virtio", "rproc-virtio." + platformId + ".auto");
        for (int i = 0; i < RVDEV_NUM_VRINGS; i++) vring[i] = new Vring(this, i);
    }

    /** The vdev index ({@code rvdev->index}, the N in vdevNvringM). */
    public int index() { return index; }

    /** Offset of the fw_rsc_vdev payload in the resource table. */
    public int rscOffset() { return rscOffset; }

    public boolean isRegistered() { return registered; }

    private MemorySegment rsc() { return rproc.tablePtr(); }

    // rproc_virtio_probe: parse and allocate the vrings, then become a subdevice
    int probe() {
        for (int i = 0; i < numVrings; i++) {
            int ret = parseVring(i);
            if (ret != 0) return ret;
        }
        for (int i = 0; i < numVrings; i++) {
            int ret = allocVring(i);
            if (ret != 0) {
                for (int j = i - 1; j >= 0; j--) freeVring(j);
                return ret;
            }
        }
        rproc.addRvdev(this);
        rproc.addSubdev(this);
        return 0;
    }

    // rproc_parse_vring
    private int parseVring(int i) {
        long off = vringOffset(rscOffset, i);
        MemorySegment t = rsc();
        long da = u32(t, off + VRING_DA), align = u32(t, off + VRING_ALIGN), num = u32(t, off + VRING_NUM);
        rproc.dev().dbg(String.format("vdev rsc: vring%d: da 0x%x, qsz %d, align %d", i, da, num, align));
        if (num == 0 || align == 0) {
            rproc.dev().err(String.format("invalid qsz (%d) or alignment (%d)", num, align));
            return -Errno.EINVAL;
        }
        vring[i].num = (int) num;
        vring[i].align = (int) align;
        return 0;
    }

    // rproc_alloc_vring
    private int allocVring(int i) {
        Vring rv = vring[i];
        long size = pageAlign(vringSize(rv.num, rv.align));
        long off = vringOffset(rscOffset, i);
        long da = u32(rsc(), off + VRING_DA);
        String cname = "vdev" + index + "vring" + i;
        RprocMemEntry mem = rproc.findCarveoutByName(cname);
        if (mem != null) {
            if (rproc.checkCarveoutDa(mem, da, size) != 0) return -Errno.ENOMEM;
        } else {
            mem = new RprocMemEntry(null, 0, size, da, RemoteProc::allocCarveout, RemoteProc::releaseCarveout, cname);
            rproc.addCarveout(mem);
        }
        int notifyid = rproc.allocNotifyid(rv);
        rv.notifyid = notifyid;
        setU32(rsc(), off + VRING_NOTIFYID, notifyid);
        return 0;
    }

    // rproc_free_vring
    private void freeVring(int i) {
        Vring rv = vring[i];
        if (rv.notifyid >= 0) rproc.notifyids.remove(rv.notifyid);
        MemorySegment t = rsc();
        if (t != null) {
            long off = vringOffset(rscOffset, i);
            setU32(t, off + VRING_DA, 0);
            setU32(t, off + VRING_NOTIFYID, 0xFFFF_FFFFL);
        }
        rv.notifyid = -1;
    }

    /** platform_device_unregister → rproc_virtio_remove: frees the vrings and leaves the rproc. */
    void remove() {
        for (int i = 0; i < numVrings; i++) freeVring(i);
        rproc.removeSubdev(this);
        rproc.removeRvdev(this);
    }

    // rproc_vdev_do_start → rproc_add_virtio_dev
    @Override
    public int start() {
        RprocMemEntry mem = rproc.findCarveoutByName("vdev" + index + "buffer");
        var bus = rproc.kernel().bus();
        if (mem != null) {
            // of_reserved_mem_device_init_by_idx: the reserved-memory region (whose base stm32 passes as da)
            // becomes this device's coherent pool; otherwise dma_declare_coherent_memory over the carveout
            long pa = mem.ofResmIdx != -1 ? mem.da : mem.dma;
            pool = new DmaCoherentPool(bus, mem.name, pa, mem.len);
        } else {
            pool = rproc.coherentPool();
        }
        VirtioBus vbus = rproc.kernel().virtioBus();
        int vindex = vbus.allocateIndex();
        vdevDevice = new Device(rproc.kernel(), id == VIRTIO_ID_RPMSG ? "virtio_rpmsg_bus" : "virtio", "virtio" + vindex);
        registered = true;
        int ret = vbus.registerDevice(this);
        if (ret != 0) {
            vbus.unregisterDevice(this);
            registered = false;
            pdev.err("failed to register vdev: " + ret);
            return ret;
        }
        pdev.info("registered virtio" + vindex + " (type " + id + ")");
        return 0;
    }

    // rproc_vdev_do_stop → rproc_remove_virtio_dev → unregister_virtio_device
    @Override
    public void stop(boolean crashed) {
        if (!registered) return;
        rproc.kernel().virtioBus().unregisterDevice(this);
        registered = false;
        for (Vring v : vring) {
            v.callback = null; // rproc_virtio_del_vqs
            v.found = false;
        }
    }

    // ------------------------------------------------------------------ VirtioDevice (rproc_virtio_config_ops)

    @Override public int id() { return id; }

    @Override public Device device() { return vdevDevice; }

    // rproc_virtio_get_features
    @Override public long getFeatures() { return u32(rsc(), rscOffset + VDEV_DFEATURES); }

    // rproc_virtio_finalize_features
    @Override public void finalizeFeatures(long driverFeatures) { setU32(rsc(), rscOffset + VDEV_GFEATURES, driverFeatures & 0xFFFF_FFFFL); }

    // rproc_virtio_get_status
    @Override public int getStatus() { return u8(rsc(), rscOffset + VDEV_STATUS); }

    // rproc_virtio_set_status
    @Override
    public void setStatus(int status) {
        setU8(rsc(), rscOffset + VDEV_STATUS, status);
        if (vdevDevice != null) vdevDevice.dbg("status: " + status);
    }

    // rproc_virtio_reset
    @Override
    public void reset() {
        setU8(rsc(), rscOffset + VDEV_STATUS, 0);
        if (vdevDevice != null) vdevDevice.dbg("reset !");
    }

    @Override public int numVrings() { return numVrings; }

    /**
     * rp_find_vq: on the first call after registration zeroes the vring memory and writes the carveout's da
     * into the live table (the firmware reads it there). Null if the vring carveout has no mapping
     * (rp_find_vq's -ENOMEM).
     */
    @Override
    public VringInfo vring(int i) {
        if (i < 0 || i >= numVrings) return null;
        Vring rv = vring[i];
        RprocMemEntry mem = rproc.findCarveoutByName("vdev" + index + "vring" + i);
        if (mem == null || mem.va == null) return null;
        long size = vringSize(rv.num, rv.align);
        MemorySegment va = mem.va.asSlice(0, Math.min(mem.len, pageAlign(size)));
        if (!rv.found) {
            va.asSlice(0, Math.min(size, va.byteSize())).fill((byte) 0);
            setU32(rsc(), vringOffset(rscOffset, i) + VRING_DA, mem.da);
            rv.found = true;
        }
        return new VringInfo(va, mem.da, rv.num, rv.align, rv.notifyid);
    }

    // rproc_virtio_notify
    @Override
    public void notify(int i) {
        int notifyid = vring[i].notifyid;
        rproc.dev().dbg("kicking vq index: " + notifyid);
        rproc.ops().kick(rproc, notifyid);
    }

    @Override public void setVringCallback(int i, Runnable callback) { vring[i].callback = callback; }

    @Override public DmaBuffer dmaAlloc(long size) { return pool == null ? null : pool.alloc(size); }

    @Override public String toString() { return pdev.name() + "(vdev" + index + ", id " + id + ")"; }
}
