package org.mp15sim.tee.tools;

import java.util.TreeMap;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.MmioDevice;
import org.mp15sim.core.mem.PhysicalMemory;

/**
 * The part of the STM32MP157C-DK2 memory map the secure world touches, without the rest of the SoC: for
 * the offline {@code verify} tool, benchmarks and tests. RETRAM (64 KiB) at 0x38000000 and MCU SRAM
 * (384 KiB) at 0x10000000 with its alias at 0x30000000 — one memory, two windows — on three bus views
 * (A7 secure, A7 non-secure, M4), plus a register file at the RCC base that keeps what is written (with
 * RCC_TZCR.TZEN set, as TF-A leaves a secured board) and clears MCURST as the hardware does.
 */
public final class OfflineDk2 implements AutoCloseable {
    public static final BusMaster A7_SECURE = new BusMaster("a7", 0, true);
    public static final BusMaster A7_NON_SECURE = new BusMaster("a7", 0, false);
    public static final BusMaster M4 = new BusMaster("m4", 1, false);

    private final PhysicalMemory retram = new PhysicalMemory("RETRAM", 0x1_0000);
    private final PhysicalMemory sram = new PhysicalMemory("MCU_SRAM", 0x6_0000);
    private final Rcc rcc = new Rcc();
    private final AddressSpace secureBus = new AddressSpace("a7-secure", A7_SECURE);
    private final AddressSpace nonSecureBus = new AddressSpace("a7-non-secure", A7_NON_SECURE);
    private final AddressSpace m4Bus = new AddressSpace("m4", M4);

    /** A register file: every offset reads what was last written; RCC_MP_GRSTCSETR self-clears. */
    public static final class Rcc implements MmioDevice {
        private final TreeMap<Long, Long> regs = new TreeMap<>();
        private int mcuResets;
        private int bootMcuPulses;

        Rcc() {
            regs.put(0L, 1L); // RCC_TZCR.TZEN
        }

        @Override
        public String name() {
            return "RCC";
        }

        @Override
        public long read(BusMaster master, long offset, int size) {
            return regs.getOrDefault(offset, 0L);
        }

        @Override
        public void write(BusMaster master, long offset, int size, long value) {
            if (offset == 0x404) {
                if ((value & 2) != 0) {
                    mcuResets++;
                }
                return; // MCURST is cleared by hardware once the reset is done
            }
            if (offset == 0x10C && (value & 1) != 0 && (regs.getOrDefault(offset, 0L) & 1) == 0) {
                bootMcuPulses++;
            }
            regs.put(offset, value);
        }

        public long register(long offset) {
            return regs.getOrDefault(offset, 0L);
        }

        /** Writes of MCURST to RCC_MP_GRSTCSETR so far. */
        public int mcuResets() {
            return mcuResets;
        }

        /** 0 → 1 transitions of RCC_MP_GCR.BOOT_MCU so far. */
        public int bootMcuReleases() {
            return bootMcuPulses;
        }
    }

    public OfflineDk2() {
        for (AddressSpace bus : new AddressSpace[] {secureBus, nonSecureBus}) {
            bus.mapMemory("RETRAM", 0x3800_0000L, retram, 0, retram.size());
            bus.mapMemory("MCU_SRAM", 0x1000_0000L, sram, 0, sram.size());
            bus.mapMemory("MCU_SRAM(alias)", 0x3000_0000L, sram, 0, sram.size());
            bus.mapMmio(0x5000_0000L, 0x1000, rcc);
        }
        m4Bus.mapMemory("RETRAM", 0, retram, 0, retram.size());
        m4Bus.mapMemory("MCU_SRAM", 0x1000_0000L, sram, 0, sram.size());
        m4Bus.mapMemory("MCU_SRAM(alias)", 0x3000_0000L, sram, 0, sram.size());
    }

    public AddressSpace secureBus() {
        return secureBus;
    }

    public AddressSpace nonSecureBus() {
        return nonSecureBus;
    }

    public AddressSpace m4Bus() {
        return m4Bus;
    }

    public PhysicalMemory retram() {
        return retram;
    }

    public PhysicalMemory sram() {
        return sram;
    }

    public Rcc rcc() {
        return rcc;
    }

    @Override
    public void close() {
        retram.close();
        sram.close();
    }
}
