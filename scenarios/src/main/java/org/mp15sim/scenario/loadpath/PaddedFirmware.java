package org.mp15sim.scenario.loadpath;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;

/**
 * Grows a real firmware (the project's rpmsg_echo.elf) to a chosen size by adding PT_LOAD segments of padding in
 * memory the firmware does not use, so every size still boots and announces its rpmsg channel. The padding goes
 * to MCU SRAM1/2 above the firmware and below its stack, then to RETRAM above the vector table. The original
 * bytes are kept; the new program-header table is appended at the end of the file.
 */
public final class PaddedFirmware {
    /** MCU SRAM1/2 through the 0x10000000 alias that rpmsg_echo leaves free (code below, 4 KiB stack on top). */
    static final long SRAM_PAD = 0x1000_1000L;
    static final long SRAM_PAD_END = 0x1003_F000L;
    /** RETRAM above rpmsg_echo's vector table. */
    static final long RETRAM_PAD = 0x0000_1000L;
    static final long RETRAM_PAD_END = 0x0001_0000L;
    /** The most padding that fits both windows. */
    public static final long MAX_PADDING = (SRAM_PAD_END - SRAM_PAD) + (RETRAM_PAD_END - RETRAM_PAD);

    private PaddedFirmware() {}

    /** {@code elf} with {@code padding} more bytes to load in MCU SRAM, then RETRAM (deterministic content). */
    public static byte[] pad(byte[] elf, long padding) {
        if (padding < 0 || padding > MAX_PADDING) {
            throw new IllegalArgumentException("padding " + padding + " bytes is outside 0.." + MAX_PADDING + " (free MCU SRAM1/2 and RETRAM)");
        }
        List<long[]> extra = new ArrayList<>(); // da, size
        long sram = Math.min(padding, SRAM_PAD_END - SRAM_PAD);
        if (sram > 0) extra.add(new long[] {SRAM_PAD, sram});
        if (padding > sram) extra.add(new long[] {RETRAM_PAD, padding - sram});
        return withSegments(elf, extra);
    }

    /** {@code elf} with one more segment of {@code padding} bytes at M4 address {@code da} (e.g. a DDR carve-out). */
    public static byte[] padAt(byte[] elf, long da, long padding) {
        return withSegments(elf, List.of(new long[] {da, padding}));
    }

    private static byte[] withSegments(byte[] elf, List<long[]> extra) {
        Elf32File f = Elf32File.parse(elf);
        List<Elf32ProgramHeader> old = f.programHeaders();
        int phnum = old.size() + extra.size();
        long dataOff = align(elf.length, 16);
        long phOff = dataOff;
        for (long[] e : extra) phOff = align(phOff + e[1], 4);
        ByteBuffer out = ByteBuffer.allocate((int) (phOff + 32L * phnum)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(elf);
        long off = dataOff;
        List<long[]> placed = new ArrayList<>();
        for (long[] e : extra) {
            for (long i = 0; i < e[1]; i++) out.put((int) (off + i), (byte) (i * 131 + (i >>> 8) * 7 + 0x5A));
            placed.add(new long[] {off, e[0], e[1]});
            off = align(off + e[1], 4);
        }
        out.putInt(28, (int) phOff); // e_phoff
        out.putShort(44, (short) phnum); // e_phnum
        int p = (int) phOff;
        for (Elf32ProgramHeader h : old) {
            for (long w : h.words()) {
                out.putInt(p, (int) w);
                p += 4;
            }
        }
        for (long[] e : placed) {
            long[] words = {1 /* PT_LOAD */, e[0], e[1], e[1], e[2], e[2], 4 /* PF_R */, 4};
            for (long w : words) {
                out.putInt(p, (int) w);
                p += 4;
            }
        }
        return Arrays.copyOf(out.array(), out.capacity());
    }

    /** Bytes the loader copies: the file size of every PT_LOAD segment. */
    public static long loadBytes(byte[] elf) {
        long n = 0;
        for (Elf32ProgramHeader h : Elf32File.parse(elf).programHeaders()) if (h.isLoad()) n += h.filesz();
        return n;
    }

    private static long align(long v, long a) { return (v + a - 1) / a * a; }
}
