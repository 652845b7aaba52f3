package org.mp15sim.core.elf;

/**
 * One Elf32_Phdr (the first 32 bytes of its table entry); all fields unsigned.
 *
 * @param index position in the program-header table
 */
public record Elf32ProgramHeader(
        int index,
        long type,
        long offset,
        long vaddr,
        long paddr,
        long filesz,
        long memsz,
        long flags,
        long align) {

    public boolean isLoad() {
        return type == Elf32.PT_LOAD;
    }

    /** The eight Elf32_Phdr words in file order (p_type .. p_align). */
    public long[] words() {
        return new long[] {type, offset, vaddr, paddr, filesz, memsz, flags, align};
    }

    @Override
    public String toString() {
        return String.format(
                "phdr %d %s off 0x%x vaddr 0x%08x paddr 0x%08x filesz 0x%x memsz 0x%x flags %s align 0x%x",
                index, Elf32.programTypeName(type), offset, vaddr, paddr, filesz, memsz, flagString(), align);
    }

    private String flagString() {
        return ((flags & Elf32.PF_R) != 0 ? "R" : "-")
                + ((flags & Elf32.PF_W) != 0 ? "W" : "-")
                + ((flags & Elf32.PF_X) != 0 ? "X" : "-");
    }
}
