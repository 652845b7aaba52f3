package org.mp15sim.core.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small little-endian ELF32 files for tests (also used by other modules through the sim-core
 * test-jar): program headers right after the ELF header, segment data, standalone section data, the
 * section-name string table, then the section headers. Mutate {@link Built#bytes()} to craft malformed
 * files; the offsets in {@link Built} say where each structure is.
 */
public final class Elf32Builder {
    private record Segment(long type, long vaddr, long paddr, byte[] data, long memsz, long flags, long align) {}

    private record Section(String name, long type, long addr, int segment, long offsetInSegment, byte[] data,
                           long size) {}

    /** The built file and where its parts are. */
    public record Built(byte[] bytes, int phoff, int[] segmentOffsets, int shoff, int[] sectionOffsets) {}

    private final List<Segment> segments = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private int machine = Elf32.EM_ARM;
    private long entry;
    private boolean sectionHeaders = true;

    public Elf32Builder machine(int machine) {
        this.machine = machine;
        return this;
    }

    public Elf32Builder entry(long entry) {
        this.entry = entry;
        return this;
    }

    /** Adds a program header; its file data follows the tables, 8-byte aligned. Returns its index. */
    public int segment(long type, long vaddr, long paddr, byte[] data, long memsz, long flags, long align) {
        segments.add(new Segment(type, vaddr, paddr, data.clone(), memsz, flags, align));
        return segments.size() - 1;
    }

    /** PT_LOAD with p_vaddr = p_paddr = {@code addr}, flags RWX, align 4. */
    public int load(long addr, byte[] data, long memsz) {
        return segment(Elf32.PT_LOAD, addr, addr, data, memsz, Elf32.PF_R | Elf32.PF_W | Elf32.PF_X, 4);
    }

    /** A section whose bytes are part of a segment's file data (as .resource_table in firmware). */
    public Elf32Builder sectionInSegment(String name, long addr, int segment, long offsetInSegment, long size) {
        sections.add(new Section(name, Elf32.SHT_PROGBITS, addr, segment, offsetInSegment, null, size));
        return this;
    }

    /** A section with its own file bytes, outside every segment. */
    public Elf32Builder section(String name, long type, long addr, byte[] data) {
        sections.add(new Section(name, type, addr, -1, 0, data.clone(), data.length));
        return this;
    }

    /** Leaves e_shoff, e_shnum and e_shstrndx at 0 (a stripped file). */
    public Elf32Builder noSectionHeaders() {
        this.sectionHeaders = false;
        return this;
    }

    public Built build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int phoff = Elf32.EHDR_SIZE;
        int pos = phoff + segments.size() * Elf32.PHDR_SIZE;
        int[] segmentOffsets = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            pos = align(pos, 8);
            segmentOffsets[i] = pos;
            pos += segments.get(i).data().length;
        }
        int[] sectionOffsets = new int[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (s.segment() >= 0) {
                sectionOffsets[i] = (int) (segmentOffsets[s.segment()] + s.offsetInSegment());
            } else {
                pos = align(pos, 4);
                sectionOffsets[i] = pos;
                pos += s.data().length;
            }
        }
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        int[] nameOffsets = new int[sections.size() + 1];
        for (int i = 0; i < sections.size(); i++) {
            nameOffsets[i] = names.size();
            names.writeBytes((sections.get(i).name() + "\0").getBytes(StandardCharsets.ISO_8859_1));
        }
        nameOffsets[sections.size()] = names.size();
        names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.ISO_8859_1));
        int strtabOffset = pos;
        pos += names.size();
        int shoff = align(pos, 4);
        int shnum = sections.size() + 2;
        int total = sectionHeaders ? shoff + shnum * Elf32.SHDR_SIZE : pos;

        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', Elf32.ELFCLASS32, Elf32.ELFDATA2LSB, Elf32.EV_CURRENT});
        b.position(16);
        b.putShort((short) Elf32.ET_EXEC).putShort((short) machine).putInt(Elf32.EV_CURRENT).putInt((int) entry);
        b.putInt(segments.isEmpty() ? 0 : phoff).putInt(sectionHeaders ? shoff : 0).putInt(0x05000200);
        b.putShort((short) Elf32.EHDR_SIZE).putShort((short) Elf32.PHDR_SIZE).putShort((short) segments.size());
        b.putShort((short) Elf32.SHDR_SIZE);
        b.putShort((short) (sectionHeaders ? shnum : 0)).putShort((short) (sectionHeaders ? shnum - 1 : 0));
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            b.position(phoff + i * Elf32.PHDR_SIZE);
            b.putInt((int) s.type()).putInt(segmentOffsets[i]).putInt((int) s.vaddr()).putInt((int) s.paddr());
            b.putInt(s.data().length).putInt((int) s.memsz()).putInt((int) s.flags()).putInt((int) s.align());
            b.put(segmentOffsets[i], s.data());
        }
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).segment() < 0) {
                b.put(sectionOffsets[i], sections.get(i).data());
            }
        }
        b.put(strtabOffset, names.toByteArray());
        if (sectionHeaders) {
            for (int i = 0; i < sections.size(); i++) {
                Section s = sections.get(i);
                b.position(shoff + (i + 1) * Elf32.SHDR_SIZE);
                putShdr(b, nameOffsets[i], s.type(), s.addr(), sectionOffsets[i], s.size());
            }
            b.position(shoff + (shnum - 1) * Elf32.SHDR_SIZE);
            putShdr(b, nameOffsets[sections.size()], Elf32.SHT_STRTAB, 0, strtabOffset, names.size());
        }
        out.writeBytes(b.array());
        return new Built(out.toByteArray(), phoff, segmentOffsets, sectionHeaders ? shoff : 0, sectionOffsets);
    }

    private static void putShdr(ByteBuffer b, int name, long type, long addr, int offset, long size) {
        b.putInt(name).putInt((int) type).putInt(type == Elf32.SHT_STRTAB ? 0 : 2).putInt((int) addr);
        b.putInt(offset).putInt((int) size).putInt(0).putInt(0).putInt(4).putInt(0);
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
