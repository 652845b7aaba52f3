package org.mp15sim.tee.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mp15sim.core.elf.Elf32Builder;

/** Small M4 firmware ELFs shaped like the DK2 ones: a vector table in RETRAM, code and a resource table in SRAM. */
public final class TestFirmware {
    private TestFirmware() {}

    /** A minimal valid resource table: ver 1, num 0, reserved 0 (16 bytes) padded to {@code size}. */
    public static byte[] resourceTable(int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(0).putInt(0).putInt(0);
        return b.array();
    }

    /** Deterministic non-trivial bytes. */
    public static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < size; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 24);
        }
        return b;
    }

    /**
     * RETRAM vector table (da 0, 8 bytes), SRAM text+data (da 0x10000000, {@code textSize} bytes, memsz
     * textSize + 0x100) holding a 0x38-byte .resource_table at 0x10000020.
     */
    public static Elf32Builder.Built standard(int textSize) {
        Elf32Builder b = new Elf32Builder().entry(0x10000001L);
        b.load(0x0, new byte[] {0, 0, 4, 0x10, 0x41, 0, 0, 0x10}, 8);
        byte[] text = pattern(textSize, 7);
        System.arraycopy(resourceTable(0x38), 0, text, 0x20, 0x38);
        int seg = b.load(0x10000000L, text, textSize + 0x100L);
        b.sectionInSegment(".resource_table", 0x10000020L, seg, 0x20, 0x38);
        return b.build();
    }

    public static byte[] standardElf() {
        return standard(0x100).bytes();
    }

    /** Offsets in {@link #standard} ELFs built with {@code textSize} 0x100. */
    public static final int PHDR1 = 52 + 32;

    /**
     * Like {@link #standard} but with {@code rsc} as the bytes at 0x10000020 and a .resource_table
     * section of {@code shSize} bytes there.
     */
    public static Elf32Builder.Built withResourceTable(byte[] rsc, long shSize) {
        Elf32Builder b = new Elf32Builder().entry(0x10000001L);
        b.load(0x0, new byte[] {0, 0, 4, 0x10, 0x41, 0, 0, 0x10}, 8);
        byte[] text = pattern(0x100, 7);
        System.arraycopy(rsc, 0, text, 0x20, rsc.length);
        int seg = b.load(0x10000000L, text, 0x200);
        b.sectionInSegment(".resource_table", 0x10000020L, seg, 0x20, shSize);
        return b.build();
    }

    /** One PT_LOAD of {@code data} at {@code da} with memsz {@code memsz}, no resource table. */
    public static byte[] single(long da, byte[] data, long memsz) {
        Elf32Builder b = new Elf32Builder();
        b.load(da, data, memsz);
        b.section(".comment", 1, 0, "test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return b.build().bytes();
    }
}
