package org.mp15sim.core.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.core.elf.Elf32SectionHeader;
import org.mp15sim.core.elf.ElfFormatException;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusErrorException;

/**
 * An ARM Cortex-M executable checked for what the core can run: ELF32, little-endian, EM_ARM,
 * ET_EXEC, PT_LOAD segments. {@link #loadInto} copies each PT_LOAD segment to its physical address
 * (p_paddr, as the remoteproc ELF loader does) and zeroes up to p_memsz. Errors name the file, the
 * rule and the place.
 */
public final class FirmwareImage {
    private final String name;
    private final Elf32File elf;
    private final Map<String, Long> symbols;

    private FirmwareImage(String name, Elf32File elf) {
        this.name = name;
        this.elf = elf;
        var h = elf.header();
        if (!elf.isLittleEndian()) {
            throw new ElfFormatException(5, name + ": big-endian ELF (EI_DATA " + h.data()
                    + "); the Cortex-M4 runs little-endian images (ELFDATA2LSB)");
        }
        if (h.machine() != Elf32.EM_ARM) {
            throw new ElfFormatException(18, name + ": e_machine " + h.machine() + " is not EM_ARM (40)");
        }
        if (h.type() != Elf32.ET_EXEC) {
            throw new ElfFormatException(16, name + ": e_type " + h.type() + " is not ET_EXEC (2): link the firmware");
        }
        if (loadSegments().isEmpty()) {
            throw new ElfFormatException(28, name + ": no PT_LOAD segment");
        }
        this.symbols = readSymbols();
    }

    /** Parses and validates; {@code name} appears in every message. */
    public static FirmwareImage parse(String name, byte[] bytes) {
        try {
            return new FirmwareImage(name, Elf32File.parse(bytes));
        } catch (ElfFormatException e) {
            if (e.getMessage().startsWith(name + ":")) {
                throw e;
            }
            throw new ElfFormatException(0, name + ": " + e.getMessage());
        }
    }

    public static FirmwareImage read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading firmware " + file, e);
        }
    }

    public String name() {
        return name;
    }

    public Elf32File elf() {
        return elf;
    }

    public long entry() {
        return elf.header().entry();
    }

    public List<Elf32ProgramHeader> loadSegments() {
        List<Elf32ProgramHeader> out = new ArrayList<>();
        for (Elf32ProgramHeader p : elf.programHeaders()) {
            if (p.isLoad() && p.memsz() > 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Address of a symbol from .symtab. */
    public Optional<Long> symbol(String symbol) {
        return Optional.ofNullable(symbols.get(symbol));
    }

    public long requireSymbol(String symbol) {
        return symbol(symbol).orElseThrow(() -> new IllegalArgumentException(name + ": no symbol '" + symbol + "'"));
    }

    /** Copies every PT_LOAD segment to p_paddr through {@code space}; zeroes the .bss part. */
    public void loadInto(AddressSpace space) {
        for (Elf32ProgramHeader p : loadSegments()) {
            if (p.filesz() > p.memsz()) {
                throw new ElfFormatException(0, String.format("%s: segment %d has p_filesz 0x%x > p_memsz 0x%x", name,
                        p.index(), p.filesz(), p.memsz()));
            }
            MemorySegment bytes = elf.segmentBytes(p);
            try {
                MemorySegment dst = space.slice(p.paddr(), p.memsz(), true);
                MemorySegment.copy(bytes, 0, dst, 0, p.filesz());
                dst.asSlice(p.filesz()).fill((byte) 0);
            } catch (BusErrorException e) {
                throw new IllegalArgumentException(String.format(
                        "%s: segment %d (pa 0x%08x, 0x%x bytes) is outside every memory of %s: %s", name, p.index(),
                        p.paddr(), p.memsz(), space.name(), e.getMessage()), e);
            }
        }
    }

    private Map<String, Long> readSymbols() {
        Map<String, Long> out = new TreeMap<>();
        List<Elf32SectionHeader> sections = elf.sectionHeaders();
        for (Elf32SectionHeader s : sections) {
            if (s.type() != Elf32.SHT_SYMTAB || s.link() >= sections.size()) {
                continue;
            }
            MemorySegment tab = elf.sectionBytes(s);
            MemorySegment str = elf.sectionBytes(sections.get((int) s.link()));
            for (long off = 16; off + 16 <= tab.byteSize(); off += 16) {
                long nameOff = tab.get(ValueLayout.JAVA_INT_UNALIGNED, off) & 0xFFFF_FFFFL;
                long value = tab.get(ValueLayout.JAVA_INT_UNALIGNED, off + 4) & 0xFFFF_FFFFL;
                if (nameOff == 0 || nameOff >= str.byteSize()) {
                    continue;
                }
                long end = nameOff;
                while (end < str.byteSize() && str.get(ValueLayout.JAVA_BYTE, end) != 0) {
                    end++;
                }
                byte[] b = str.asSlice(nameOff, end - nameOff).toArray(ValueLayout.JAVA_BYTE);
                out.putIfAbsent(new String(b, java.nio.charset.StandardCharsets.US_ASCII), value);
            }
        }
        return out;
    }
}
