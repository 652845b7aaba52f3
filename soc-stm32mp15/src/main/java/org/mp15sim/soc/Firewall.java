package org.mp15sim.soc;

import org.mp15sim.core.mem.AccessRule;
import org.mp15sim.core.mem.BusMaster;

/**
 * Bus firewall attributes of the memories, as ETZPC (RETRAM, SRAM1-4, SYSRAM via TZMA1) and TZC-400
 * (DDR) enforce them. Rules run on every access through an address space and refusals are bus errors
 * the master sees. The attribute values are ETZPC's DECPROT encodings. Registers of ETZPC and TZC are not
 * modelled: the secure-world model sets attributes through this API, as OP-TEE would by programming them.
 */
public final class Firewall {
    /** ETZPC DECPROT values. */
    public enum Decprot {
        /** 0b00: secure read/write only. */
        SECURE_RW,
        /** 0b01: secure write, non-secure read. */
        SECURE_W_NS_R,
        /** 0b10: MCU isolation: only the Cortex-M4 may access. */
        MCU_ISOLATED,
        /** 0b11: non-secure read/write. */
        NON_SECURE
    }

    private final Stm32mp15Memories mem;
    private Decprot retram = Decprot.NON_SECURE;
    private final Decprot[] sram = {Decprot.NON_SECURE, Decprot.NON_SECURE, Decprot.NON_SECURE, Decprot.NON_SECURE};
    private long sysramSecureSize;
    private long ddrSecureBase, ddrSecureSize;

    Firewall(Stm32mp15Memories mem, long sysramSecureSize, long ddrSecureBase, long ddrSecureSize) {
        this.mem = mem;
        setSysramSecureSize(sysramSecureSize);
        setDdrSecureRegion(ddrSecureBase, ddrSecureSize);
        mem.retram().addRule((m, off, len, w) -> deny(retram, "RETRAM", m, w));
        mem.mcuSram().addRule(this::sramRule);
        mem.sysram().addRule((m, off, len, w) -> !m.secure() && off < sysramSecureSize()
                ? String.format("SYSRAM [0x0, 0x%x) is secure (ETZPC TZMA1)", sysramSecureSize) : null);
        mem.ddr().addRule(ddrRule());
    }

    private long sysramSecureSize() { return sysramSecureSize; }

    private AccessRule ddrRule() {
        return (m, off, len, w) -> {
            if (m.secure() || ddrSecureSize == 0) return null;
            long addr = Stm32mp15Memories.DDR + off;
            if (addr < ddrSecureBase + ddrSecureSize && addr + len > ddrSecureBase) {
                return String.format("DDR [0x%08x, 0x%08x) is a secure TZC region", ddrSecureBase, ddrSecureBase + ddrSecureSize);
            }
            return null;
        };
    }

    private String sramRule(BusMaster m, long off, long len, boolean write) {
        for (int b = 0; b < 4; b++) {
            long lo = Stm32mp15Memories.SRAM_BANK_OFFSET[b], hi = lo + Stm32mp15Memories.SRAM_BANK_SIZE[b];
            if (off < hi && off + len > lo) {
                String why = deny(sram[b], "SRAM" + (b + 1), m, write);
                if (why != null) return why;
            }
        }
        return null;
    }

    private static String deny(Decprot attr, String what, BusMaster m, boolean write) {
        boolean m4 = m.id() == Stm32mp15.M4.id();
        return switch (attr) {
            case NON_SECURE -> null;
            case MCU_ISOLATED -> m4 ? null : what + " is isolated for the Cortex-M4 (ETZPC DECPROT MCU isolation)";
            case SECURE_RW -> m.secure() ? null : what + " is secure (ETZPC DECPROT secure read/write)";
            case SECURE_W_NS_R -> m.secure() || !write ? null : what + " is read-only for non-secure masters (ETZPC DECPROT)";
        };
    }

    public void setRetram(Decprot d) { retram = d; }
    public Decprot retram() { return retram; }
    /** {@code bank} 1..4. */
    public void setSram(int bank, Decprot d) { sram[checkBank(bank) - 1] = d; }
    public Decprot sram(int bank) { return sram[checkBank(bank) - 1]; }

    public void setSysramSecureSize(long size) {
        if (size < 0 || size > Stm32mp15Memories.SYSRAM_SIZE) throw new IllegalArgumentException("SYSRAM secure size 0x" + Long.toHexString(size) + " outside 0..256 KiB");
        sysramSecureSize = size;
    }

    /** A secure-only DDR region (size 0: none). */
    public void setDdrSecureRegion(long base, long size) {
        if (size < 0 || (size > 0 && (base < Stm32mp15Memories.DDR || base + size > Stm32mp15Memories.DDR + mem.ddr().size()))) {
            throw new IllegalArgumentException(String.format("secure DDR region [0x%x, +0x%x) outside the DDR", base, size));
        }
        ddrSecureBase = base;
        ddrSecureSize = size;
    }

    private static int checkBank(int bank) {
        if (bank < 1 || bank > 4) throw new IllegalArgumentException("MCU SRAM bank " + bank + " outside 1..4");
        return bank;
    }
}
