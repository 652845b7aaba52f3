package org.mp15sim.linux.virtio.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The legacy split vring layout (virtio 1.0 §2.4 "Legacy Interfaces: Message Framing" / include/uapi/linux/
 * virtio_ring.h {@code vring_init}), little-endian as on ARM: {@code num} 16-byte descriptors
 * {u64 addr, u32 len, u16 flags, u16 next}; the available ring {u16 flags, u16 idx, u16 ring[num], u16 used_event};
 * then, aligned to {@code align}, the used ring {u16 flags, u16 idx, {u32 id, u32 len}[num], u16 avail_event}.
 * This class is the shared-memory view; {@link Virtqueue} is the driver's state machine on top of it.
 */
public final class Vring {
    public static final int VRING_DESC_F_NEXT = 1;
    public static final int VRING_DESC_F_WRITE = 2;
    public static final int VRING_DESC_F_INDIRECT = 4;
    public static final int VRING_USED_F_NO_NOTIFY = 1;
    public static final int VRING_AVAIL_F_NO_INTERRUPT = 1;
    public static final int DESC_SIZE = 16;
    public static final int USED_ELEM_SIZE = 8;

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment mem;
    private final int num;
    private final long avail;
    private final long used;

    /** {@code vring_init}: lays a ring of {@code num} entries over {@code mem} (at least {@link #size} bytes). */
    public Vring(MemorySegment mem, int num, int align) {
        if (num <= 0 || (num & (num - 1)) != 0 || num > 32768) {
            throw new IllegalArgumentException("vring: num " + num + " is not a power of 2 in [1, 32768]");
        }
        if (align <= 0 || (align & (align - 1)) != 0) throw new IllegalArgumentException("vring: align " + align + " is not a power of 2");
        if (mem.byteSize() < size(num, align)) {
            throw new IllegalArgumentException("vring: " + mem.byteSize() + " bytes cannot hold a ring of " + num + " entries aligned to "
                    + align + " (" + size(num, align) + " bytes needed)");
        }
        this.mem = mem;
        this.num = num;
        this.avail = availOffset(num);
        this.used = usedOffset(num, align);
    }

    /** Byte offset of the available ring. */
    public static long availOffset(int num) { return (long) DESC_SIZE * num; }

    /** Byte offset of the used ring: after avail (incl. used_event), rounded up to {@code align}. */
    public static long usedOffset(int num, int align) {
        long end = availOffset(num) + 2L * (3 + num);
        return (end + align - 1) & -(long) align;
    }

    /** {@code vring_size(num, align)}. */
    public static long size(int num, int align) { return usedOffset(num, align) + 2L * 3 + (long) USED_ELEM_SIZE * num; }

    public int num() { return num; }
    public MemorySegment memory() { return mem; }
    public long availOffset() { return avail; }
    public long usedOffset() { return used; }

    // descriptors
    public long descAddr(int i) { return mem.get(U64, (long) DESC_SIZE * i); }
    public int descLen(int i) { return mem.get(U32, (long) DESC_SIZE * i + 8); }
    public int descFlags(int i) { return mem.get(U16, (long) DESC_SIZE * i + 12) & 0xFFFF; }
    public int descNext(int i) { return mem.get(U16, (long) DESC_SIZE * i + 14) & 0xFFFF; }

    public void setDesc(int i, long addr, int len, int flags, int next) {
        long o = (long) DESC_SIZE * i;
        mem.set(U64, o, addr);
        mem.set(U32, o + 8, len);
        mem.set(U16, o + 12, (short) flags);
        mem.set(U16, o + 14, (short) next);
    }

    // available ring
    public int availFlags() { return mem.get(U16, avail) & 0xFFFF; }
    public void setAvailFlags(int v) { mem.set(U16, avail, (short) v); }
    public int availIdx() { return mem.get(U16, avail + 2) & 0xFFFF; }
    public void setAvailIdx(int v) { mem.set(U16, avail + 2, (short) v); }
    public int availRing(int slot) { return mem.get(U16, avail + 4 + 2L * slot) & 0xFFFF; }
    public void setAvailRing(int slot, int head) { mem.set(U16, avail + 4 + 2L * slot, (short) head); }
    /** {@code vring_used_event}: the driver's event index, after the avail ring. */
    public int usedEvent() { return mem.get(U16, avail + 4 + 2L * num) & 0xFFFF; }
    public void setUsedEvent(int v) { mem.set(U16, avail + 4 + 2L * num, (short) v); }

    // used ring
    public int usedFlags() { return mem.get(U16, used) & 0xFFFF; }
    public void setUsedFlags(int v) { mem.set(U16, used, (short) v); }
    public int usedIdx() { return mem.get(U16, used + 2) & 0xFFFF; }
    public void setUsedIdx(int v) { mem.set(U16, used + 2, (short) v); }
    public int usedId(int slot) { return mem.get(U32, used + 4 + (long) USED_ELEM_SIZE * slot); }
    public int usedLen(int slot) { return mem.get(U32, used + 8 + (long) USED_ELEM_SIZE * slot); }
    public void setUsedElem(int slot, int id, int len) {
        mem.set(U32, used + 4 + (long) USED_ELEM_SIZE * slot, id);
        mem.set(U32, used + 8 + (long) USED_ELEM_SIZE * slot, len);
    }
    /** {@code vring_avail_event}: the device's event index, after the used ring. */
    public int availEvent() { return mem.get(U16, used + 4 + (long) USED_ELEM_SIZE * num) & 0xFFFF; }
    public void setAvailEvent(int v) { mem.set(U16, used + 4 + (long) USED_ELEM_SIZE * num, (short) v); }

    /** {@code vring_need_event}: does moving the index from {@code old} to {@code newIdx} pass {@code eventIdx}? */
    public static boolean needEvent(int eventIdx, int newIdx, int old) {
        return ((newIdx - eventIdx - 1) & 0xFFFF) < ((newIdx - old) & 0xFFFF);
    }
}
