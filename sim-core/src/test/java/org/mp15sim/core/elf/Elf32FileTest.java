package org.mp15sim.core.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Elf32FileTest {
    private static final byte[] TEXT = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private static Elf32Builder.Built firmware() {
        Elf32Builder b = new Elf32Builder().entry(0x10000001L);
        b.load(0x0, new byte[] {0, 0, 4, 0x10, 1, 0, 0, 0x10}, 8);
        int text = b.load(0x10000000L, TEXT, 0x100);
        b.segment(Elf32.PT_GNU_STACK, 0, 0, new byte[0], 0, Elf32.PF_R | Elf32.PF_W, 16);
        b.sectionInSegment(".text", 0x10000000L, text, 0, 8);
        b.sectionInSegment(".resource_table", 0x10000008L, text, 8, 4);
        return b.build();
    }

    @Test
    void readsHeaderProgramHeadersAndSections() {
        Elf32File elf = Elf32File.parse(firmware().bytes());
        assertEquals(Elf32.EM_ARM, elf.header().machine());
        assertEquals(0x10000001L, elf.header().entry());
        List<Elf32ProgramHeader> phdrs = elf.programHeaders();
        assertEquals(3, phdrs.size());
        assertTrue(phdrs.get(1).isLoad());
        assertEquals(0x10000000L, phdrs.get(1).paddr());
        assertEquals(12, phdrs.get(1).filesz());
        assertEquals(0x100, phdrs.get(1).memsz());
        assertArrayEquals(TEXT, elf.segmentBytes(phdrs.get(1)).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(Elf32.PT_GNU_STACK, phdrs.get(2).type());
        Elf32SectionHeader rsc = elf.section(".resource_table").orElseThrow();
        assertEquals(0x10000008L, rsc.addr());
        assertArrayEquals(new byte[] {9, 10, 11, 12}, elf.sectionBytes(rsc).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(".shstrtab", elf.sectionName(elf.sectionHeaders().getLast()));
        assertTrue(elf.section(".data").isEmpty());
    }

    @Test
    void fileShorterThanHeaderIsRejected() {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Elf32File.parse(new byte[51]));
        assertTrue(e.getMessage().contains("shorter than Elf32_Ehdr"), e.getMessage());
    }

    @Test
    void badMagicIsRejected() {
        byte[] bytes = firmware().bytes();
        bytes[1] = 'X';
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Elf32File.parse(bytes));
        assertTrue(e.getMessage().contains("bad magic 7f 58 4c 46"), e.getMessage());
    }

    @Test
    void elf64IsRejected() {
        byte[] bytes = firmware().bytes();
        bytes[Elf32.EI_CLASS] = Elf32.ELFCLASS64;
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Elf32File.parse(bytes));
        assertEquals(Elf32.EI_CLASS, e.fileOffset());
        assertTrue(e.getMessage().contains("ELFCLASS64"), e.getMessage());
    }

    @Test
    void programHeaderTableNearTwoPow32IsRejectedNotWrapped() {
        byte[] bytes = firmware().bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 0xFFFFFFF0);
        Elf32File elf = Elf32File.parse(bytes);
        ElfFormatException e = assertThrows(ElfFormatException.class, elf::programHeaders);
        assertEquals(0xFFFFFFF0L, e.fileOffset());
        assertTrue(e.getMessage().contains("program-header table"), e.getMessage());
    }

    @Test
    void programHeaderEntrySmallerThanPhdrIsRejected() {
        byte[] bytes = firmware().bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(42, (short) 16);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Elf32File.parse(bytes).programHeaders());
        assertTrue(e.getMessage().contains("e_phentsize 16"), e.getMessage());
    }

    @Test
    void segmentDataOutsideFileIsRejected() {
        Elf32Builder.Built built = firmware();
        byte[] bytes = built.bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(built.phoff() + 32 + 16, 0xFFFFFFFF);
        Elf32File elf = Elf32File.parse(bytes);
        Elf32ProgramHeader phdr = elf.programHeaders().get(1);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> elf.segmentBytes(phdr));
        assertTrue(e.getMessage().contains("program header 1 data"), e.getMessage());
    }

    @Test
    void sectionNameOutsideStringTableIsRejected() {
        Elf32Builder.Built built = firmware();
        byte[] bytes = built.bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(built.shoff() + 2 * Elf32.SHDR_SIZE, 0x7FFFFFFF);
        Elf32File elf = Elf32File.parse(bytes);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> elf.section(".resource_table"));
        assertTrue(e.getMessage().contains("sh_name 0x7fffffff"), e.getMessage());
    }

    @Test
    void sectionHeaderTableOutsideFileIsRejected() {
        byte[] bytes = firmware().bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(48, (short) 0xFFFE);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Elf32File.parse(bytes).sectionHeaders());
        assertTrue(e.getMessage().contains("section-header table"), e.getMessage());
    }

    @Test
    void strippedFileHasNoSections() {
        Elf32Builder b = new Elf32Builder().noSectionHeaders();
        b.load(0x10000000L, TEXT, 12);
        Elf32File elf = Elf32File.parse(b.build().bytes());
        assertTrue(elf.sectionHeaders().isEmpty());
        assertTrue(elf.section(".resource_table").isEmpty());
        assertEquals(1, elf.programHeaders().size());
    }

    @Test
    void readsTheReferenceFirmwareElf() throws Exception {
        String shared = System.getProperty("mp15sim.shared");
        Path file = shared == null ? null : Path.of(shared, "vectors/optee/fw_m4.elf");
        Assumptions.assumeTrue(file != null && Files.exists(file),
                "skipped: fw_m4.elf not found under system property mp15sim.shared=" + shared);
        Elf32File elf = Elf32File.parse(Files.readAllBytes(file));
        List<Elf32ProgramHeader> phdrs = elf.programHeaders();
        assertEquals(2, phdrs.size());
        assertEquals(0x74, phdrs.get(0).offset());
        assertEquals(0x10000000L, phdrs.get(1).paddr());
        assertEquals(0x5C, phdrs.get(1).filesz());
        assertEquals(0x15C, phdrs.get(1).memsz());
        Elf32SectionHeader rsc = elf.section(".resource_table").orElseThrow();
        assertEquals(0x10000020L, rsc.addr());
        assertEquals(0x38, rsc.size());
    }
}
