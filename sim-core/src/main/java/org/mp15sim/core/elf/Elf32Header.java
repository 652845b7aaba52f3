package org.mp15sim.core.elf;

/**
 * Elf32_Ehdr as stored. Unsigned 32-bit fields are {@code long} (0..2^32-1) and 16-bit fields
 * {@code int} (0..65535) so that consumers never see a negative size or offset.
 *
 * @param elfClass  e_ident[EI_CLASS] (always ELFCLASS32 here)
 * @param data      e_ident[EI_DATA] (ELFDATA2LSB/MSB; any other value is read as little-endian)
 * @param identVersion e_ident[EI_VERSION]
 * @param osAbi     e_ident[EI_OSABI]
 */
public record Elf32Header(
        int elfClass,
        int data,
        int identVersion,
        int osAbi,
        int type,
        int machine,
        long version,
        long entry,
        long phoff,
        long shoff,
        long flags,
        int ehsize,
        int phentsize,
        int phnum,
        int shentsize,
        int shnum,
        int shstrndx) {}
