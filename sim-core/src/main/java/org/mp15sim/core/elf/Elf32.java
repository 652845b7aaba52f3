package org.mp15sim.core.elf;

/** ELF32 constants from the System V ABI and the ARM ELF supplement, with their spec names. */
public final class Elf32 {
    private Elf32() {}

    /** Size of Elf32_Ehdr. */
    public static final int EHDR_SIZE = 52;
    /** Size of Elf32_Phdr. */
    public static final int PHDR_SIZE = 32;
    /** Size of Elf32_Shdr. */
    public static final int SHDR_SIZE = 40;
    public static final int EI_NIDENT = 16;

    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int EI_VERSION = 6;
    public static final int EI_OSABI = 7;

    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EV_CURRENT = 1;

    public static final int ET_EXEC = 2;
    public static final int EM_ARM = 40;

    public static final long PT_NULL = 0;
    public static final long PT_LOAD = 1;
    public static final long PT_DYNAMIC = 2;
    public static final long PT_INTERP = 3;
    public static final long PT_NOTE = 4;
    public static final long PT_SHLIB = 5;
    public static final long PT_PHDR = 6;
    public static final long PT_TLS = 7;
    public static final long PT_GNU_EH_FRAME = 0x6474e550L;
    public static final long PT_GNU_STACK = 0x6474e551L;
    public static final long PT_GNU_RELRO = 0x6474e552L;
    public static final long PT_GNU_PROPERTY = 0x6474e553L;
    public static final long PT_ARM_ARCHEXT = 0x70000000L;
    public static final long PT_ARM_EXIDX = 0x70000001L;

    public static final long PF_X = 1;
    public static final long PF_W = 2;
    public static final long PF_R = 4;

    public static final long SHT_NULL = 0;
    public static final long SHT_PROGBITS = 1;
    public static final long SHT_SYMTAB = 2;
    public static final long SHT_STRTAB = 3;
    public static final long SHT_NOBITS = 8;

    /** e_shnum/e_shstrndx escape values of extended section numbering. */
    public static final int SHN_UNDEF = 0;
    public static final int SHN_XINDEX = 0xffff;
    public static final int PN_XNUM = 0xffff;

    /** Name of a p_type value for messages ("PT_LOAD", "PT_ARM_EXIDX", "0x6fffffff"). */
    public static String programTypeName(long type) {
        if (type == PT_NULL) return "PT_NULL";
        if (type == PT_LOAD) return "PT_LOAD";
        if (type == PT_DYNAMIC) return "PT_DYNAMIC";
        if (type == PT_INTERP) return "PT_INTERP";
        if (type == PT_NOTE) return "PT_NOTE";
        if (type == PT_SHLIB) return "PT_SHLIB";
        if (type == PT_PHDR) return "PT_PHDR";
        if (type == PT_TLS) return "PT_TLS";
        if (type == PT_GNU_EH_FRAME) return "PT_GNU_EH_FRAME";
        if (type == PT_GNU_STACK) return "PT_GNU_STACK";
        if (type == PT_GNU_RELRO) return "PT_GNU_RELRO";
        if (type == PT_GNU_PROPERTY) return "PT_GNU_PROPERTY";
        if (type == PT_ARM_ARCHEXT) return "PT_ARM_ARCHEXT";
        if (type == PT_ARM_EXIDX) return "PT_ARM_EXIDX";
        return String.format("0x%x", type);
    }
}
