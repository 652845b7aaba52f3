package org.mp15sim.scenario.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mp15sim.core.elf.Elf32File;

/** Finds places inside firmware files (a plain ELF or an OP-TEE signed image wrapping one) for fault injection. */
final class FirmwareImages {
    /** Magic of the OP-TEE remoteproc signed image header (little-endian u32). */
    static final int SIGNED_MAGIC = 0x3543A468;

    private FirmwareImages() {}

    /** File offset of the first file byte of the {@code n}-th PT_LOAD segment with file data. */
    static long segmentOffset(byte[] file, int n) {
        int base = 0;
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length >= 20 && b.getInt(0) == SIGNED_MAGIC) {
            // header (5 x u32) | TLV area | signature | images, each area padded to 8 bytes
            long tlv = Integer.toUnsignedLong(b.getInt(8));
            long sig = Integer.toUnsignedLong(b.getInt(12));
            long at = 20 + r8(tlv) + r8(sig);
            if (at >= file.length) throw new IllegalArgumentException("signed image too short to hold its image area");
            base = (int) at;
        }
        byte[] elf = java.util.Arrays.copyOfRange(file, base, file.length);
        Elf32File f;
        try {
            f = Elf32File.parse(elf);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an ELF (or signed ELF): " + e.getMessage());
        }
        int i = 0;
        for (var ph : f.programHeaders()) {
            if (!ph.isLoad() || ph.filesz() == 0) continue;
            if (i++ == n) return base + ph.offset();
        }
        throw new IllegalArgumentException("no PT_LOAD segment " + n + " with file data (" + i + " such segments)");
    }

    private static long r8(long x) { return (x + 7) & ~7L; }
}
