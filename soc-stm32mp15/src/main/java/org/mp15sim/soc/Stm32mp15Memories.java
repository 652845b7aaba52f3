package org.mp15sim.soc;

import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.PhysicalMemory;

/**
 * The SoC's RAMs, each one {@link PhysicalMemory} whatever the number of addresses it appears at
 * (spec §4.1): RETRAM (M4 0x00000000, A7 0x38000000, and the M4 S-bus alias 0x38000000), the four MCU
 * SRAMs as one 384 KiB memory (0x10000000 and the alias 0x30000000, on both cores), SYSRAM 256 KiB at
 * 0x2FFC0000 and the DDR at 0xC0000000 (lazy: a 512 MiB DDR costs host memory only where written).
 */
public final class Stm32mp15Memories implements AutoCloseable {
    public static final long RETRAM_SIZE = 64 * 1024;
    public static final long RETRAM_M4 = 0x0000_0000L;
    public static final long RETRAM_A7 = 0x3800_0000L;
    public static final long MCUSRAM_SIZE = 384 * 1024;
    public static final long MCUSRAM = 0x1000_0000L;
    public static final long MCUSRAM_ALIAS = 0x3000_0000L;
    /** SRAM1..4 offsets inside the MCU SRAM: 128, 128, 64 and 64 KiB. */
    public static final long[] SRAM_BANK_OFFSET = {0x0_0000, 0x2_0000, 0x4_0000, 0x5_0000};
    public static final long[] SRAM_BANK_SIZE = {0x2_0000, 0x2_0000, 0x1_0000, 0x1_0000};
    public static final long SYSRAM = 0x2FFC_0000L;
    public static final long SYSRAM_SIZE = 256 * 1024;
    public static final long DDR = 0xC000_0000L;
    /** The DDR window can hold at most 1 GiB (0xC0000000..0xFFFFFFFF). */
    public static final long DDR_MAX = 0x4000_0000L;

    private final PhysicalMemory retram;
    private final PhysicalMemory mcuSram;
    private final PhysicalMemory sysram;
    private final PhysicalMemory ddr;

    public Stm32mp15Memories(long ddrSize) {
        if (ddrSize <= 0 || ddrSize > DDR_MAX || ddrSize % PhysicalMemory.PAGE != 0) {
            throw new IllegalArgumentException(String.format("DDR size 0x%x: must be a positive multiple of 4 KiB up to 1 GiB", ddrSize));
        }
        retram = new PhysicalMemory("RETRAM", RETRAM_SIZE);
        mcuSram = new PhysicalMemory("MCU SRAM", MCUSRAM_SIZE);
        sysram = new PhysicalMemory("SYSRAM", SYSRAM_SIZE);
        ddr = new PhysicalMemory("DDR", ddrSize);
    }

    public PhysicalMemory retram() { return retram; }
    public PhysicalMemory mcuSram() { return mcuSram; }
    public PhysicalMemory sysram() { return sysram; }
    public PhysicalMemory ddr() { return ddr; }

    /** Maps what the Cortex-M4 sees: RETRAM at 0 (I/D bus) and 0x38000000 (S bus), both SRAM windows, SYSRAM, DDR. */
    void mapM4(AddressSpace m4) {
        m4.mapMemory("RETRAM", RETRAM_M4, retram, 0, RETRAM_SIZE);
        m4.mapMemory("MCU SRAM", MCUSRAM, mcuSram, 0, MCUSRAM_SIZE);
        m4.mapMemory("SYSRAM", SYSRAM, sysram, 0, SYSRAM_SIZE);
        m4.mapMemory("MCU SRAM (S-bus alias)", MCUSRAM_ALIAS, mcuSram, 0, MCUSRAM_SIZE);
        m4.mapMemory("RETRAM (S-bus alias)", RETRAM_A7, retram, 0, RETRAM_SIZE);
        m4.mapMemory("DDR", DDR, ddr, 0, ddr.size());
    }

    /** Maps what the Cortex-A7 sees (either security state): RETRAM only at 0x38000000, the A7 ROM sits at 0. */
    void mapA7(AddressSpace a7) {
        a7.mapMemory("MCU SRAM", MCUSRAM, mcuSram, 0, MCUSRAM_SIZE);
        a7.mapMemory("SYSRAM", SYSRAM, sysram, 0, SYSRAM_SIZE);
        a7.mapMemory("MCU SRAM (alias)", MCUSRAM_ALIAS, mcuSram, 0, MCUSRAM_SIZE);
        a7.mapMemory("RETRAM", RETRAM_A7, retram, 0, RETRAM_SIZE);
        a7.mapMemory("DDR", DDR, ddr, 0, ddr.size());
    }

    @Override
    public void close() {
        retram.close();
        mcuSram.close();
        sysram.close();
        ddr.close();
    }
}
