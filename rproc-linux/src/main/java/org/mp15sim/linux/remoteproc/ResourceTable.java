package org.mp15sim.linux.remoteproc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The firmware resource table layout ({@code struct resource_table}, {@code fw_rsc_*} in remoteproc.h):
 * little-endian, packed. Accessors work on any segment: the cached copy in kernel memory or the live table in
 * the remote processor's RAM, so a write lands wherever {@code table_ptr} points, as in the kernel.
 */
public final class ResourceTable {
    public static final int RSC_CARVEOUT = 0;
    public static final int RSC_DEVMEM = 1;
    public static final int RSC_TRACE = 2;
    public static final int RSC_VDEV = 3;
    public static final int RSC_LAST = 4;
    public static final int RSC_VENDOR_START = 128;
    public static final int RSC_VENDOR_END = 512;
    /** FW_RSC_ADDR_ANY as the 32-bit pattern stored in tables. */
    public static final long FW_RSC_ADDR_ANY = 0xFFFF_FFFFL;

    /** sizeof(struct resource_table) without the offsets. */
    public static final int HEADER_SIZE = 16;
    /** sizeof(struct fw_rsc_hdr). */
    public static final int RSC_HDR_SIZE = 4;
    public static final int CARVEOUT_SIZE = 52;
    public static final int DEVMEM_SIZE = 52;
    public static final int TRACE_SIZE = 44;
    public static final int VDEV_SIZE = 24;
    public static final int VDEV_VRING_SIZE = 20;
    public static final int NAME_LEN = 32;

    // fw_rsc_vdev field offsets
    public static final int VDEV_ID = 0;
    public static final int VDEV_NOTIFYID = 4;
    public static final int VDEV_DFEATURES = 8;
    public static final int VDEV_GFEATURES = 12;
    public static final int VDEV_CONFIG_LEN = 16;
    public static final int VDEV_STATUS = 20;
    public static final int VDEV_NUM_OF_VRINGS = 21;
    public static final int VDEV_RESERVED = 22;
    // fw_rsc_vdev_vring field offsets
    public static final int VRING_DA = 0;
    public static final int VRING_ALIGN = 4;
    public static final int VRING_NUM = 8;
    public static final int VRING_NOTIFYID = 12;
    public static final int VRING_PA = 16;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private ResourceTable() {}

    public static long u32(MemorySegment s, long off) { return s.get(U32, off) & 0xFFFF_FFFFL; }

    public static void setU32(MemorySegment s, long off, long v) { s.set(U32, off, (int) v); }

    public static int u8(MemorySegment s, long off) { return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF; }

    public static void setU8(MemorySegment s, long off, int v) { s.set(ValueLayout.JAVA_BYTE, off, (byte) v); }

    /** A NUL-terminated name field of {@code max} bytes. */
    public static String name(MemorySegment s, long off, int max) {
        byte[] b = new byte[max];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, b, 0, max);
        int n = 0;
        while (n < max && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    public static int num(MemorySegment table) { return (int) u32(table, 4); }

    public static int offset(MemorySegment table, int i) { return (int) u32(table, HEADER_SIZE + 4L * i); }

    /** Offset of vring {@code j} inside the vdev entry whose payload starts at {@code rscOffset}. */
    public static long vringOffset(long rscOffset, int j) { return rscOffset + VDEV_SIZE + (long) VDEV_VRING_SIZE * j; }

    /** {@code vring_size(num, align)} of the legacy split ring. */
    public static long vringSize(long num, long align) {
        long a = ((16 * num + 2 * (3 + num)) + align - 1) & -align;
        return a + 2 * 3 + 8 * num;
    }

    public static long pageAlign(long v) { return (v + 4095) & ~4095L; }
}
