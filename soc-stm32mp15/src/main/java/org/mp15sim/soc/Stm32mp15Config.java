package org.mp15sim.soc;

import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.soc.periph.Dbgmcu;
import org.mp15sim.soc.periph.Syscfg;

/**
 * Plain parameters of one SoC instance (the board device tree is parsed elsewhere). {@link #dk2()} gives an
 * STM32MP157C-DK2 as TF-A leaves it for Linux without OP-TEE owning the RCC.
 *
 * @param ddrSize          DDR bytes mapped at 0xC0000000 (DK2: 512 MiB)
 * @param unmappedPolicy   what an access to an unmodelled address or register does
 * @param m4Hz             Cortex-M4 clock (DK2: 209 MHz, PLL3P)
 * @param bootPins         SYSCFG BOOTR BOOT[2:0] (DK2 SD card: 0b101; 0b100 is engineering mode)
 * @param rccTzen          RCC TZCR.TZEN at reset exit (secure RCC: Linux's writes to MP_GCR are then refused)
 * @param rccMckprot       RCC TZCR.MCKPROT
 * @param dbgmcuRevId      DBGMCU IDCODE REV_ID
 * @param sysramSecureSize bytes of SYSRAM (from its base) only secure masters reach
 * @param ddrSecureBase    base of the secure DDR region (OP-TEE), with {@code ddrSecureSize} 0 for none
 * @param ddrSecureSize    size of the secure DDR region
 */
public record Stm32mp15Config(long ddrSize, UnmappedPolicy unmappedPolicy, long m4Hz, int bootPins, boolean rccTzen,
                              boolean rccMckprot, int dbgmcuRevId, long sysramSecureSize, long ddrSecureBase, long ddrSecureSize) {
    public static final long DK2_DDR_SIZE = 512L * 1024 * 1024;
    public static final long DK2_M4_HZ = 209_000_000L;
    /** The DK2 device tree reserves 32 MiB at the top of its DDR for OP-TEE ({@code optee@de000000}). */
    public static final long DK2_OPTEE_BASE = 0xDE00_0000L;
    public static final long DK2_OPTEE_SIZE = 0x0200_0000L;

    public static Stm32mp15Config dk2() {
        return new Stm32mp15Config(DK2_DDR_SIZE, UnmappedPolicy.WARN_READ_ZERO, DK2_M4_HZ, Syscfg.BOOT_SD_CARD, false, false,
                Dbgmcu.REV_Z, Stm32mp15Memories.SYSRAM_SIZE, DK2_OPTEE_BASE, DK2_OPTEE_SIZE);
    }

    public Stm32mp15Config withDdrSize(long v) {
        // A smaller DDR cannot hold the DK2's OP-TEE carve-out: drop it rather than refuse the size.
        boolean fits = ddrSecureBase + ddrSecureSize <= Stm32mp15Memories.DDR + v;
        return new Stm32mp15Config(v, unmappedPolicy, m4Hz, bootPins, rccTzen, rccMckprot, dbgmcuRevId, sysramSecureSize,
                fits ? ddrSecureBase : 0, fits ? ddrSecureSize : 0);
    }

    public Stm32mp15Config withUnmappedPolicy(UnmappedPolicy v) {
        return new Stm32mp15Config(ddrSize, v, m4Hz, bootPins, rccTzen, rccMckprot, dbgmcuRevId, sysramSecureSize, ddrSecureBase, ddrSecureSize);
    }

    public Stm32mp15Config withM4Hz(long v) {
        return new Stm32mp15Config(ddrSize, unmappedPolicy, v, bootPins, rccTzen, rccMckprot, dbgmcuRevId, sysramSecureSize, ddrSecureBase, ddrSecureSize);
    }

    public Stm32mp15Config withBootPins(int v) {
        return new Stm32mp15Config(ddrSize, unmappedPolicy, m4Hz, v, rccTzen, rccMckprot, dbgmcuRevId, sysramSecureSize, ddrSecureBase, ddrSecureSize);
    }

    /** The RCC as a TF-A + OP-TEE boot leaves it: TZEN (and MCKPROT when OP-TEE owns the M4 clock). */
    public Stm32mp15Config withSecureRcc(boolean tzen, boolean mckprot) {
        return new Stm32mp15Config(ddrSize, unmappedPolicy, m4Hz, bootPins, tzen, mckprot, dbgmcuRevId, sysramSecureSize, ddrSecureBase, ddrSecureSize);
    }

    public Stm32mp15Config withDdrSecureRegion(long base, long size) {
        return new Stm32mp15Config(ddrSize, unmappedPolicy, m4Hz, bootPins, rccTzen, rccMckprot, dbgmcuRevId, sysramSecureSize, base, size);
    }

    public Stm32mp15Config withSysramSecureSize(long v) {
        return new Stm32mp15Config(ddrSize, unmappedPolicy, m4Hz, bootPins, rccTzen, rccMckprot, dbgmcuRevId, v, ddrSecureBase, ddrSecureSize);
    }
}
