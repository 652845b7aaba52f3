package org.mp15sim.linux.virtio.ring;

import java.util.function.Consumer;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;

/**
 * The driver side of a split virtqueue over a legacy vring in shared memory (drivers/virtio/virtio_ring.c,
 * {@code vring_virtqueue} split variant, without indirect descriptors: remoteproc rings are created with
 * {@code vring_new_virtqueue} on carve-out memory). The free list, tokens and shadow indices live here, as
 * in the kernel's {@code desc_extra}/{@code desc_state}; the ring bytes the device sees are written exactly
 * where and when the kernel writes them.
 */
public final class Virtqueue {
    /** A buffer the device returned: the token given when it was added and the length the device wrote. */
    public record Used(Object token, int len) {}

    /** {@code VIRTIO_RING_F_EVENT_IDX}. */
    public static final int VIRTIO_RING_F_EVENT_IDX = 29;

    private final String name;
    private final int index;
    private final Device dev;
    private final Vring vring;
    private final boolean event;
    private final Runnable notify;
    private final Consumer<Virtqueue> callback;
    private final int[] extraNext;
    private final int[] extraFlags;
    private final Object[] data;
    private int freeHead;
    private int numFree;
    private int availIdxShadow;
    private int availFlagsShadow;
    private int lastUsedIdx;
    private int numAdded;
    private boolean broken;
    private boolean eventTriggered;

    /**
     * {@code vring_new_virtqueue}: a queue over {@code vring}. {@code notify} kicks the device
     * ({@code rproc_virtio_notify}); {@code callback} runs from {@link #interrupt()} when buffers were used (null: the
     * driver never wants interrupts, so VRING_AVAIL_F_NO_INTERRUPT is set at once). {@code dev} prefixes errors.
     */
    public Virtqueue(String name, int index, Device dev, Vring vring, boolean eventIdx, Runnable notify, Consumer<Virtqueue> callback) {
        this.name = name;
        this.index = index;
        this.dev = dev;
        this.vring = vring;
        this.event = eventIdx;
        this.notify = notify;
        this.callback = callback;
        int num = vring.num();
        this.extraNext = new int[num];
        this.extraFlags = new int[num];
        this.data = new Object[num];
        // Put everything in the free list.
        for (int i = 0; i < num - 1; i++) extraNext[i] = i + 1;
        this.numFree = num;
        if (callback == null) {
            availFlagsShadow |= Vring.VRING_AVAIL_F_NO_INTERRUPT;
            if (!event) vring.setAvailFlags(availFlagsShadow);
        }
    }

    public String name() { return name; }
    public int index() { return index; }
    public Vring vring() { return vring; }
    /** {@code virtqueue_get_vring_size}. */
    public int vringSize() { return vring.num(); }
    public int numFree() { return numFree; }
    public boolean isBroken() { return broken; }
    public int lastUsedIdx() { return lastUsedIdx; }

    /** {@code virtqueue_add_inbuf}: one device-writable buffer; 0 or -ENOSPC. */
    public int addInbuf(long addr, int len, Object token) { return add(addr, len, Vring.VRING_DESC_F_WRITE, token, false); }

    /** {@code virtqueue_add_outbuf}: one device-readable buffer; 0 or -ENOSPC. */
    public int addOutbuf(long addr, int len, Object token) { return add(addr, len, 0, token, true); }

    /** {@code virtqueue_add_split} for a single scatterlist entry. */
    private int add(long addr, int len, int flags, Object token, boolean out) {
        if (token == null) throw new IllegalArgumentException(name + ": a buffer needs a non-null token");
        if (broken) return -Errno.EIO;
        if (numFree < 1) {
            // For historical reasons the kernel notifies here when there are outgoing parts.
            if (out) notify.run();
            return -Errno.ENOSPC;
        }
        int head = freeHead;
        int i = head;
        // virtqueue_add_desc_split: flags carry NEXT until "last one doesn't continue" clears it
        extraFlags[i] = flags;
        vring.setDesc(i, addr, len, flags, extraNext[i]);
        int next = extraNext[i];
        numFree -= 1;
        freeHead = next;
        data[head] = token;
        int avail = availIdxShadow & (vring.num() - 1);
        vring.setAvailRing(avail, head);
        availIdxShadow = (availIdxShadow + 1) & 0xFFFF;
        vring.setAvailIdx(availIdxShadow);
        numAdded++;
        if (numAdded == (1 << 16) - 1) kick();
        return 0;
    }

    /** {@code virtqueue_kick_prepare}: whether the device asked to be notified of the buffers added since the last kick. */
    public boolean kickPrepare() {
        int newIdx = availIdxShadow;
        int old = (availIdxShadow - numAdded) & 0xFFFF;
        numAdded = 0;
        if (event) return Vring.needEvent(vring.availEvent(), newIdx, old);
        return (vring.usedFlags() & Vring.VRING_USED_F_NO_NOTIFY) == 0;
    }

    /** {@code virtqueue_notify}: kicks the device; false if the queue is broken. */
    public boolean notifyDevice() {
        if (broken) return false;
        notify.run();
        return true;
    }

    /** {@code virtqueue_kick}. */
    public boolean kick() {
        if (kickPrepare()) return notifyDevice();
        return true;
    }

    private boolean moreUsed() { return lastUsedIdx != vring.usedIdx(); }

    /** {@code virtqueue_get_buf}: the next used buffer, or null when the device has returned none. */
    public Used getBuf() {
        if (broken) return null;
        if (!moreUsed()) return null;
        int lastUsed = lastUsedIdx & (vring.num() - 1);
        int i = vring.usedId(lastUsed);
        int len = vring.usedLen(lastUsed);
        if (i < 0 || i >= vring.num()) {
            badRing("id " + Integer.toUnsignedString(i) + " out of range");
            return null;
        }
        if (data[i] == null) {
            badRing("id " + i + " is not a head!");
            return null;
        }
        Object ret = data[i];
        detachBuf(i);
        lastUsedIdx = (lastUsedIdx + 1) & 0xFFFF;
        // If we expect an interrupt for the next entry, tell the device by writing the event index.
        if ((availFlagsShadow & Vring.VRING_AVAIL_F_NO_INTERRUPT) == 0) vring.setUsedEvent(lastUsedIdx);
        return new Used(ret, len);
    }

    /** {@code detach_buf_split}: returns the descriptor chain at {@code head} to the free list. */
    private void detachBuf(int head) {
        data[head] = null;
        int i = head;
        while ((vring.descFlags(i) & Vring.VRING_DESC_F_NEXT) != 0) {
            i = extraNext[i];
            numFree++;
        }
        extraNext[i] = freeHead;
        freeHead = head;
        numFree++;
    }

    private void badRing(String what) {
        dev.err(name + ":" + what);
        broken = true;
    }

    /** {@code virtqueue_disable_cb}: asks the device not to interrupt for used buffers. */
    public void disableCb() {
        if ((availFlagsShadow & Vring.VRING_AVAIL_F_NO_INTERRUPT) == 0) {
            availFlagsShadow |= Vring.VRING_AVAIL_F_NO_INTERRUPT;
            if (eventTriggered) return;
            if (event) vring.setUsedEvent(0);
            else vring.setAvailFlags(availFlagsShadow);
        }
    }

    /** {@code virtqueue_enable_cb_prepare}: re-enables interrupts; returns the opaque index for {@link #poll}. */
    public int enableCbPrepare() {
        if ((availFlagsShadow & Vring.VRING_AVAIL_F_NO_INTERRUPT) != 0) {
            availFlagsShadow &= ~Vring.VRING_AVAIL_F_NO_INTERRUPT;
            if (!event) vring.setAvailFlags(availFlagsShadow);
        }
        vring.setUsedEvent(lastUsedIdx);
        return lastUsedIdx;
    }

    /** {@code virtqueue_poll}: whether buffers were used since {@code lastUsed}. */
    public boolean poll(int lastUsed) {
        if (broken) return false;
        eventTriggered = false;
        return (lastUsed & 0xFFFF) != vring.usedIdx();
    }

    /** {@code virtqueue_enable_cb}: false if there are pending buffers (the caller should process them). */
    public boolean enableCb() { return !poll(enableCbPrepare()); }

    /**
     * {@code vring_interrupt}: the device signalled this queue. Runs the callback if buffers were used; returns
     * false ({@code IRQ_NONE}) when there was no work.
     */
    public boolean interrupt() {
        if (!moreUsed()) {
            dev.dbg("virtqueue interrupt with no work for " + name);
            return false;
        }
        if (broken) return true;
        if (event) eventTriggered = true;
        if (callback != null) callback.accept(this);
        return true;
    }

    @Override public String toString() { return "virtqueue " + name + " (" + vring.num() + " entries, " + numFree + " free)"; }
}
