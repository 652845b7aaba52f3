package org.mp15sim.core.elf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of an ELF32 file held in memory.
 *
 * <p>{@link #parse} checks only what every consumer needs: the file holds a whole Elf32_Ehdr, the
 * magic is 7F 'E' 'L' 'F' and the class is ELFCLASS32. Tables are decoded on first use and each
 * accessor throws {@link ElfFormatException} (never an index exception) when a structure it needs lies
 * outside the file. All offset arithmetic is done on {@code long}s built from unsigned 32-bit fields,
 * so a field near 2^32 cannot wrap around into a bogus in-bounds range.
 */
public final class Elf32File {
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    private final MemorySegment bytes;
    private final ValueLayout.OfInt u32;
    private final ValueLayout.OfShort u16;
    private final Elf32Header header;
    private List<Elf32ProgramHeader> programHeaders;
    private List<Elf32SectionHeader> sectionHeaders;

    private Elf32File(MemorySegment bytes) {
        this.bytes = bytes.asReadOnly();
        if (bytes.byteSize() < Elf32.EHDR_SIZE) {
            throw new ElfFormatException(0, String.format(
                    "ELF header: file is 0x%x bytes, shorter than Elf32_Ehdr (%d bytes)",
                    bytes.byteSize(), Elf32.EHDR_SIZE));
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw new ElfFormatException(0, String.format(
                        "ELF header: bad magic %02x %02x %02x %02x at offset 0 (expected 7f 45 4c 46)",
                        byteAt(bytes, 0), byteAt(bytes, 1), byteAt(bytes, 2), byteAt(bytes, 3)));
            }
        }
        int elfClass = byteAt(bytes, Elf32.EI_CLASS);
        if (elfClass != Elf32.ELFCLASS32) {
            throw new ElfFormatException(Elf32.EI_CLASS, String.format(
                    "ELF header: e_ident[EI_CLASS] = %d%s, not ELFCLASS32 (1)",
                    elfClass, elfClass == Elf32.ELFCLASS64 ? " (ELFCLASS64)" : ""));
        }
        int data = byteAt(bytes, Elf32.EI_DATA);
        ByteOrder order = data == Elf32.ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        this.u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        this.u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        this.header = new Elf32Header(
                elfClass,
                data,
                byteAt(bytes, Elf32.EI_VERSION),
                byteAt(bytes, Elf32.EI_OSABI),
                half(16), half(18), word(20), word(24), word(28), word(32), word(36),
                half(40), half(42), half(44), half(46), half(48), half(50));
    }

    /** Wraps {@code bytes} (not copied: later changes to the array are visible). */
    public static Elf32File parse(byte[] bytes) {
        return new Elf32File(MemorySegment.ofArray(bytes));
    }

    /** Wraps a segment (heap or native; not copied). */
    public static Elf32File parse(MemorySegment bytes) {
        return new Elf32File(bytes);
    }

    public Elf32Header header() {
        return header;
    }

    /** Size of the file in bytes. */
    public long size() {
        return bytes.byteSize();
    }

    /** The whole file, read-only. */
    public MemorySegment bytes() {
        return bytes;
    }

    public boolean isLittleEndian() {
        return header.data() != Elf32.ELFDATA2MSB;
    }

    /**
     * The program-header table. Empty when e_phnum is 0; otherwise e_phentsize must be at least 32 and
     * the whole table must lie inside the file.
     */
    public List<Elf32ProgramHeader> programHeaders() {
        if (programHeaders == null) {
            programHeaders = readProgramHeaders();
        }
        return programHeaders;
    }

    /**
     * The section-header table. Empty when e_shoff is 0 or the count is 0. Extended numbering
     * (e_shnum 0 with the count in section 0's sh_size) is honoured.
     */
    public List<Elf32SectionHeader> sectionHeaders() {
        if (sectionHeaders == null) {
            sectionHeaders = readSectionHeaders();
        }
        return sectionHeaders;
    }

    /** Index of the section-name string table (e_shstrndx, or section 0's sh_link under SHN_XINDEX). */
    public int sectionNameTableIndex() {
        int index = header.shstrndx();
        if (index == Elf32.SHN_XINDEX) {
            List<Elf32SectionHeader> sections = sectionHeaders();
            if (sections.isEmpty()) {
                throw new ElfFormatException(50, "ELF header: e_shstrndx is SHN_XINDEX but there is no section 0");
            }
            return (int) Math.min(sections.getFirst().link(), Integer.MAX_VALUE);
        }
        return index;
    }

    /**
     * The name of a section, read NUL-terminated from the section-name string table.
     *
     * @throws ElfFormatException when there is no string table, it lies outside the file, or the name
     *     does not end inside it
     */
    public String sectionName(Elf32SectionHeader section) {
        List<Elf32SectionHeader> sections = sectionHeaders();
        int strndx = sectionNameTableIndex();
        if (strndx == Elf32.SHN_UNDEF || strndx >= sections.size()) {
            throw new ElfFormatException(50, String.format(
                    "ELF header: section-name string table index %d is not a section (%d sections)",
                    strndx, sections.size()));
        }
        Elf32SectionHeader strtab = sections.get(strndx);
        MemorySegment table = sectionBytes(strtab);
        if (section.name() >= table.byteSize()) {
            throw new ElfFormatException(sectionHeaderOffset(section.index()), String.format(
                    "section %d: sh_name 0x%x is outside the section-name string table (0x%x bytes)",
                    section.index(), section.name(), table.byteSize()));
        }
        long end = section.name();
        while (end < table.byteSize() && table.get(ValueLayout.JAVA_BYTE, end) != 0) {
            end++;
        }
        if (end == table.byteSize()) {
            throw new ElfFormatException(strtab.offset() + section.name(), String.format(
                    "section %d: name at sh_name 0x%x is not NUL-terminated inside the string table",
                    section.index(), section.name()));
        }
        byte[] name = table.asSlice(section.name(), end - section.name()).toArray(ValueLayout.JAVA_BYTE);
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    /** The first section with exactly this name. */
    public Optional<Elf32SectionHeader> section(String name) {
        for (Elf32SectionHeader s : sectionHeaders()) {
            if (s.index() != 0 && sectionName(s).equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The p_filesz file bytes of a segment (read-only slice, not a copy). */
    public MemorySegment segmentBytes(Elf32ProgramHeader phdr) {
        return slice(phdr.offset(), phdr.filesz(), "program header " + phdr.index() + " data");
    }

    /** The file bytes of a section; empty for SHT_NOBITS (read-only slice, not a copy). */
    public MemorySegment sectionBytes(Elf32SectionHeader section) {
        if (!section.occupiesFile()) {
            return bytes.asSlice(0, 0);
        }
        return slice(section.offset(), section.size(), "section " + section.index() + " data");
    }

    /** Raw bytes [offset, offset+length) of the file (read-only slice, not a copy). */
    public MemorySegment slice(long offset, long length, String what) {
        checkRange(offset, length, what);
        return bytes.asSlice(offset, length);
    }

    /** Unsigned 32-bit word at a file offset, in the file's byte order. */
    public long word(long offset) {
        checkRange(offset, 4, "32-bit word");
        return Integer.toUnsignedLong(bytes.get(u32, offset));
    }

    /** Unsigned 16-bit half-word at a file offset, in the file's byte order. */
    public int half(long offset) {
        checkRange(offset, 2, "16-bit half-word");
        return Short.toUnsignedInt(bytes.get(u16, offset));
    }

    private List<Elf32ProgramHeader> readProgramHeaders() {
        int count = header.phnum();
        if (count == 0) {
            return List.of();
        }
        int entsize = header.phentsize();
        if (entsize < Elf32.PHDR_SIZE) {
            throw new ElfFormatException(42, String.format(
                    "ELF header: e_phentsize %d is smaller than Elf32_Phdr (%d bytes)", entsize, Elf32.PHDR_SIZE));
        }
        checkTable(header.phoff(), count, entsize, "program-header table (e_phoff)");
        List<Elf32ProgramHeader> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = header.phoff() + (long) i * entsize;
            list.add(new Elf32ProgramHeader(i, word(at), word(at + 4), word(at + 8), word(at + 12),
                    word(at + 16), word(at + 20), word(at + 24), word(at + 28)));
        }
        return Collections.unmodifiableList(list);
    }

    private List<Elf32SectionHeader> readSectionHeaders() {
        long shoff = header.shoff();
        if (shoff == 0) {
            return List.of();
        }
        int entsize = header.shentsize();
        long count = header.shnum();
        if (count == 0) {
            // Extended numbering: the real count is section 0's sh_size.
            if (entsize < Elf32.SHDR_SIZE) {
                return List.of();
            }
            checkTable(shoff, 1, entsize, "section header 0 (e_shoff)");
            count = word(shoff + 20);
            if (count == 0) {
                return List.of();
            }
        }
        if (entsize < Elf32.SHDR_SIZE) {
            throw new ElfFormatException(46, String.format(
                    "ELF header: e_shentsize %d is smaller than Elf32_Shdr (%d bytes)", entsize, Elf32.SHDR_SIZE));
        }
        checkTable(shoff, count, entsize, "section-header table (e_shoff)");
        List<Elf32SectionHeader> list = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long at = sectionHeaderOffset(i);
            list.add(new Elf32SectionHeader(i, word(at), word(at + 4), word(at + 8), word(at + 12),
                    word(at + 16), word(at + 20), word(at + 24), word(at + 28), word(at + 32), word(at + 36)));
        }
        return Collections.unmodifiableList(list);
    }

    private long sectionHeaderOffset(int index) {
        return header.shoff() + (long) index * header.shentsize();
    }

    private void checkTable(long offset, long count, int entsize, String what) {
        long length = count * entsize; // count < 2^32, entsize < 2^16: no overflow in a long
        if (offset > size() || length > size() - offset) {
            throw new ElfFormatException(offset, String.format(
                    "%s: %d entries of %d bytes at 0x%x..0x%x lie outside the file (0x%x bytes)",
                    what, count, entsize, offset, offset + length, size()));
        }
    }

    private void checkRange(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new ElfFormatException(offset, String.format(
                    "%s: 0x%x bytes at offset 0x%x lie outside the file (0x%x bytes)", what, length, offset, size()));
        }
    }

    private static int byteAt(MemorySegment s, long offset) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, offset));
    }
}
