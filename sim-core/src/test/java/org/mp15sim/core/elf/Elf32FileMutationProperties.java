package org.mp15sim.core.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever the damage, every accessor either answers or throws {@link ElfFormatException}. */
class Elf32FileMutationProperties {
    private static final byte[] BASE;

    static {
        Elf32Builder b = new Elf32Builder();
        b.load(0, new byte[8], 8);
        int text = b.load(0x10000000L, new byte[64], 0x200);
        b.sectionInSegment(".resource_table", 0x10000010L, text, 16, 16);
        b.section(".comment", Elf32.SHT_PROGBITS, 0, "gcc".getBytes());
        BASE = b.build().bytes();
    }

    @Property(tries = 400)
    void truncationNeverEscapesAsAnotherException(@ForAll @IntRange(min = 0, max = 2000) int length) {
        byte[] bytes = new byte[Math.min(length, BASE.length)];
        System.arraycopy(BASE, 0, bytes, 0, bytes.length);
        exercise(bytes);
    }

    @Property(tries = 1000)
    void bitFlipsNeverEscapeAsAnotherException(@ForAll @IntRange(min = 0, max = 100_000) int bit1,
                                               @ForAll @IntRange(min = 0, max = 100_000) int bit2) {
        byte[] bytes = BASE.clone();
        int bits = bytes.length * 8;
        bytes[(bit1 % bits) / 8] ^= (byte) (1 << (bit1 % 8));
        bytes[(bit2 % bits) / 8] ^= (byte) (1 << (bit2 % 8));
        exercise(bytes);
    }

    @Property(tries = 1000)
    void wordsNearTwoPow32NeverEscapeAsAnotherException(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                        @ForAll @IntRange(min = 0, max = 64) int below) {
        byte[] bytes = BASE.clone();
        int at = (where % (bytes.length / 4)) * 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) (0x1_0000_0000L - below));
        exercise(bytes);
    }

    private static void exercise(byte[] bytes) {
        Elf32File elf;
        try {
            elf = Elf32File.parse(bytes);
        } catch (ElfFormatException expected) {
            return;
        }
        try {
            for (Elf32ProgramHeader p : elf.programHeaders()) {
                try {
                    elf.segmentBytes(p);
                } catch (ElfFormatException expected) {
                    // keep going: each segment is checked on its own
                }
            }
        } catch (ElfFormatException expected) {
            // table itself broken
        }
        try {
            for (Elf32SectionHeader s : elf.sectionHeaders()) {
                try {
                    elf.sectionName(s);
                    elf.sectionBytes(s);
                } catch (ElfFormatException expected) {
                    // keep going
                }
            }
            elf.section(".resource_table");
        } catch (ElfFormatException expected) {
            // table itself broken
        }
    }
}
