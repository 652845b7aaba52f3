package org.mp15sim.core.elf;

/**
 * One Elf32_Shdr (the first 40 bytes of its table entry); all fields unsigned.
 *
 * @param index position in the section-header table
 * @param name  sh_name, an offset into the section-name string table
 */
public record Elf32SectionHeader(
        int index,
        long name,
        long type,
        long flags,
        long addr,
        long offset,
        long size,
        long link,
        long info,
        long addralign,
        long entsize) {

    /** SHT_NOBITS sections (.bss) occupy no file bytes whatever sh_size says. */
    public boolean occupiesFile() {
        return type != Elf32.SHT_NOBITS;
    }
}
