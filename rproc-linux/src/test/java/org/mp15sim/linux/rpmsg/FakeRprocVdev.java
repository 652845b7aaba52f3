package org.mp15sim.linux.rpmsg;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.Work;
import org.mp15sim.linux.kernel.Workqueue;
import org.mp15sim.linux.virtio.DmaBuffer;
import org.mp15sim.linux.virtio.VirtioDevice;
import org.mp15sim.linux.virtio.VringInfo;

/**
 * A test double of the remoteproc vdev of the DK2 layout: SRAM3 at 0x10040000 holds vring0, vring1 (4 KiB each,
 * 16 entries, align 16) and the 16 KiB buffer pool at 0x10042000. Kicks reach the {@link RemoteDouble} after an
 * IPCC-like latency; the remote's kicks run the vring callbacks on a workqueue, as stm32_rproc's vq work does.
 */
final class FakeRprocVdev implements VirtioDevice {
    static final long SRAM3 = 0x1004_0000L;
    static final long BUFFER_DA = 0x1004_2000L;
    static final long KICK_LATENCY = SimTime.us(1);

    final Kernel kernel;
    final PhysicalMemory sram3 = new PhysicalMemory("sram3", 0x10000);
    final Device dev;
    final List<String> events = new ArrayList<>();
    final Runnable[] callbacks = new Runnable[2];
    final Workqueue wq;
    final Work[] vqWork = new Work[2];
    long dfeatures = 1;
    long gfeatures = -1;
    int status;
    int num = 16;
    int vrings = 2;
    long poolUsed;
    RemoteDouble remote;

    FakeRprocVdev(Kernel kernel) {
        this.kernel = kernel;
        this.dev = new Device(kernel, "virtio", "virtio0");
        this.wq = kernel.createWorkqueue("stm32-rproc-vq");
        for (int i = 0; i < 2; i++) {
            int vq = i;
            vqWork[i] = new Work("vq" + i, () -> {
                if (callbacks[vq] != null) callbacks[vq].run();
            });
        }
    }

    MemorySegment mem(long da, long len) { return sram3.segment().asSlice(da - SRAM3, len); }

    @Override public int id() { return VIRTIO_ID_RPMSG; }
    @Override public Device device() { return dev; }
    @Override public long getFeatures() { return dfeatures; }
    @Override public void finalizeFeatures(long f) { gfeatures = f; events.add("features " + f); }
    @Override public int getStatus() { return status; }

    @Override
    public void setStatus(int s) {
        status = s;
        events.add("status " + s);
    }

    @Override public void reset() { setStatus(0); }
    @Override public int numVrings() { return vrings; }

    @Override
    public VringInfo vring(int index) {
        long da = SRAM3 + 0x1000L * index;
        return new VringInfo(mem(da, 0x1000), da, num, 16, index);
    }

    @Override
    public void notify(int index) {
        events.add("kick " + index);
        kernel.scheduler().schedule(KICK_LATENCY, () -> {
            if (remote != null) remote.hostKicked(index);
        });
    }

    @Override public void setVringCallback(int index, Runnable cb) { callbacks[index] = cb; }

    /** The remote kicked vring {@code index}: the stm32_rproc mailbox callback queues the vq work. */
    void remoteKick(int index) {
        kernel.scheduler().schedule(KICK_LATENCY, () -> wq.queue(vqWork[index]));
    }

    @Override
    public DmaBuffer dmaAlloc(long size) {
        if (poolUsed + size > 0x4000) return null;
        DmaBuffer b = new DmaBuffer(mem(BUFFER_DA + poolUsed, size), BUFFER_DA + poolUsed);
        poolUsed += size;
        return b;
    }
}
