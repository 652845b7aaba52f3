package org.mp15sim.core.unicorn;

/**
 * Constants of the Unicorn 2.0.x C API ({@code include/unicorn/unicorn.h}), under their C names so
 * a reader can grep the header. Values are those of the bundled 2.0.1 library; {@code UcConstTest}
 * checks them against the library's behaviour.
 */
public final class UcConst {
    private UcConst() {
    }

    // uc_arch
    public static final int UC_ARCH_ARM = 1;

    // uc_mode
    public static final int UC_MODE_LITTLE_ENDIAN = 0;
    public static final int UC_MODE_THUMB = 1 << 4;
    public static final int UC_MODE_MCLASS = 1 << 5;

    // uc_err
    public static final int UC_ERR_OK = 0;
    public static final int UC_ERR_NOMEM = 1;
    public static final int UC_ERR_ARCH = 2;
    public static final int UC_ERR_HANDLE = 3;
    public static final int UC_ERR_MODE = 4;
    public static final int UC_ERR_VERSION = 5;
    public static final int UC_ERR_READ_UNMAPPED = 6;
    public static final int UC_ERR_WRITE_UNMAPPED = 7;
    public static final int UC_ERR_FETCH_UNMAPPED = 8;
    public static final int UC_ERR_HOOK = 9;
    public static final int UC_ERR_INSN_INVALID = 10;
    public static final int UC_ERR_MAP = 11;
    public static final int UC_ERR_WRITE_PROT = 12;
    public static final int UC_ERR_READ_PROT = 13;
    public static final int UC_ERR_FETCH_PROT = 14;
    public static final int UC_ERR_ARG = 15;
    public static final int UC_ERR_READ_UNALIGNED = 16;
    public static final int UC_ERR_WRITE_UNALIGNED = 17;
    public static final int UC_ERR_FETCH_UNALIGNED = 18;
    public static final int UC_ERR_HOOK_EXIST = 19;
    public static final int UC_ERR_RESOURCE = 20;
    public static final int UC_ERR_EXCEPTION = 21;

    private static final String[] ERR_NAMES = {
        "UC_ERR_OK", "UC_ERR_NOMEM", "UC_ERR_ARCH", "UC_ERR_HANDLE", "UC_ERR_MODE", "UC_ERR_VERSION",
        "UC_ERR_READ_UNMAPPED", "UC_ERR_WRITE_UNMAPPED", "UC_ERR_FETCH_UNMAPPED", "UC_ERR_HOOK",
        "UC_ERR_INSN_INVALID", "UC_ERR_MAP", "UC_ERR_WRITE_PROT", "UC_ERR_READ_PROT", "UC_ERR_FETCH_PROT",
        "UC_ERR_ARG", "UC_ERR_READ_UNALIGNED", "UC_ERR_WRITE_UNALIGNED", "UC_ERR_FETCH_UNALIGNED",
        "UC_ERR_HOOK_EXIST", "UC_ERR_RESOURCE", "UC_ERR_EXCEPTION",
    };

    /** The C enumerator name of a {@code uc_err} value, e.g. {@code UC_ERR_READ_UNMAPPED}. */
    public static String errName(int err) {
        return err >= 0 && err < ERR_NAMES.length ? ERR_NAMES[err] : "uc_err(" + err + ")";
    }

    // uc_hook_type
    public static final int UC_HOOK_INTR = 1 << 0;
    public static final int UC_HOOK_INSN = 1 << 1;
    public static final int UC_HOOK_CODE = 1 << 2;
    public static final int UC_HOOK_BLOCK = 1 << 3;
    public static final int UC_HOOK_MEM_READ_UNMAPPED = 1 << 4;
    public static final int UC_HOOK_MEM_WRITE_UNMAPPED = 1 << 5;
    public static final int UC_HOOK_MEM_FETCH_UNMAPPED = 1 << 6;
    public static final int UC_HOOK_MEM_READ_PROT = 1 << 7;
    public static final int UC_HOOK_MEM_WRITE_PROT = 1 << 8;
    public static final int UC_HOOK_MEM_FETCH_PROT = 1 << 9;
    public static final int UC_HOOK_MEM_READ = 1 << 10;
    public static final int UC_HOOK_MEM_WRITE = 1 << 11;
    public static final int UC_HOOK_MEM_FETCH = 1 << 12;
    public static final int UC_HOOK_MEM_READ_AFTER = 1 << 13;
    public static final int UC_HOOK_INSN_INVALID = 1 << 14;
    public static final int UC_HOOK_MEM_UNMAPPED =
            UC_HOOK_MEM_READ_UNMAPPED | UC_HOOK_MEM_WRITE_UNMAPPED | UC_HOOK_MEM_FETCH_UNMAPPED;
    public static final int UC_HOOK_MEM_PROT =
            UC_HOOK_MEM_READ_PROT | UC_HOOK_MEM_WRITE_PROT | UC_HOOK_MEM_FETCH_PROT;
    public static final int UC_HOOK_MEM_INVALID = UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT;

    // uc_mem_type (argument of the invalid-memory callback)
    public static final int UC_MEM_READ = 16;
    public static final int UC_MEM_WRITE = 17;
    public static final int UC_MEM_FETCH = 18;
    public static final int UC_MEM_READ_UNMAPPED = 19;
    public static final int UC_MEM_WRITE_UNMAPPED = 20;
    public static final int UC_MEM_FETCH_UNMAPPED = 21;
    public static final int UC_MEM_WRITE_PROT = 22;
    public static final int UC_MEM_READ_PROT = 23;
    public static final int UC_MEM_FETCH_PROT = 24;

    // uc_prot
    public static final int UC_PROT_NONE = 0;
    public static final int UC_PROT_READ = 1;
    public static final int UC_PROT_WRITE = 2;
    public static final int UC_PROT_EXEC = 4;
    public static final int UC_PROT_ALL = 7;

    // uc_query_type
    public static final int UC_QUERY_MODE = 1;
    public static final int UC_QUERY_PAGE_SIZE = 2;
    public static final int UC_QUERY_ARCH = 3;

    // uc_control_type and the UC_CTL() encoding: type | nr_args << 26 | rw << 30
    public static final int UC_CTL_UC_MODE = 0;
    public static final int UC_CTL_UC_PAGE_SIZE = 1;
    public static final int UC_CTL_UC_ARCH = 2;
    public static final int UC_CTL_UC_TIMEOUT = 3;
    public static final int UC_CTL_CPU_MODEL = 7;
    public static final int UC_CTL_TB_REMOVE_CACHE = 9;
    public static final int UC_CTL_TB_FLUSH = 10;
    public static final int UC_CTL_IO_NONE = 0;
    public static final int UC_CTL_IO_WRITE = 1;
    public static final int UC_CTL_IO_READ = 2;

    /** {@code UC_CTL(type, nr, rw)}. */
    public static int ucCtl(int type, int nrArgs, int rw) {
        return type | nrArgs << 26 | rw << 30;
    }

    /** {@code UC_CTL_WRITE(type, nr)}: the caller passes arguments by value. */
    public static int ucCtlWrite(int type, int nrArgs) {
        return ucCtl(type, nrArgs, UC_CTL_IO_WRITE);
    }

    /** {@code UC_CTL_READ(type, nr)}: the caller passes pointers the library writes through. */
    public static int ucCtlRead(int type, int nrArgs) {
        return ucCtl(type, nrArgs, UC_CTL_IO_READ);
    }

    // uc_cpu_arm
    public static final int UC_CPU_ARM_CORTEX_M0 = 7;
    public static final int UC_CPU_ARM_CORTEX_M3 = 8;
    public static final int UC_CPU_ARM_CORTEX_M4 = 9;
    public static final int UC_CPU_ARM_CORTEX_M7 = 10;
    public static final int UC_CPU_ARM_CORTEX_M33 = 11;

    /**
     * QEMU's ARM exception numbers as they reach a {@code UC_HOOK_INTR} callback
     * ({@code target/arm/cpu.h} EXCP_*).
     */
    public static final int EXCP_UDEF = 1;
    public static final int EXCP_SWI = 2;
    public static final int EXCP_PREFETCH_ABORT = 3;
    public static final int EXCP_DATA_ABORT = 4;
    public static final int EXCP_BKPT = 7;
    public static final int EXCP_EXCEPTION_EXIT = 8;
    public static final int EXCP_NOCP = 17;
    public static final int EXCP_INVSTATE = 18;
    public static final int EXCP_LAZYFP = 20;
    public static final int EXCP_UNALIGNED = 22;
}
