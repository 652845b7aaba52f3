package org.mp15sim.soc.periph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;

/**
 * RCC, reset and clock control at 0x50000000 (RM0436 "RCC"; spec §3). Every register of the CMSIS
 * {@code RCC_TypeDef} exists. Modelled behaviour:
 * <ul>
 * <li>MP_GCR.BOOT_MCU (hold boot) and MP_GRSTCSETR.MCURST (self-clearing M4 subsystem reset) notify the
 *     M4 subsystem through {@link Listener}; MPSYSRST/MPUPxRST are recorded only.</li>
 * <li>Reset flags MC_RSTSCLRR / MP_RSTSCLRR (write 1 to clear), set by {@link #recordMcuReset}.</li>
 * <li>Every xxxSETR/xxxCLRR pair (clock enables, sleep enables, peripheral resets, oscillators): writing 1
 *     to SETR sets, to CLRR clears, both read the current state.</li>
 * <li>The clock tree values TF-A leaves on a DK2 (HSE 24 MHz digital bypass, PLL3P = 208.9 MHz for the
 *     MCU, APB1-3 at MCU/2), so the HAL's SystemCoreClock computation yields the real 209 MHz; PLL ready
 *     bits follow PLLON instantly.</li>
 * <li>TrustZone: TZCR is writable only by a secure master. With TZEN = 1, non-secure writes to the secure
 *     half of the map (offsets below 0x800, where MP_GCR, MP_GRSTCSETR and the MPU-side registers are) are
 *     ignored and recorded as denials; with MCKPROT also set, the MCU clock generation registers
 *     (RCK3SELR, PLL3*, MCUDIVR, APB1-3DIVR) are protected too. [Approximation: RM0436 lists the secure
 *     registers individually; the 0x800 split is the layout ST chose for them.]</li>
 * </ul>
 * Not modelled: clock gating of other peripherals (a disabled clock does not stop a model), frequency
 * changes at run time (the M4 clock is a run parameter), interrupts (MP_CIER/MC_CIER stored only).
 */
public final class Rcc extends Peripheral {
    public static final long BASE = 0x5000_0000L;
    public static final long SIZE = 0x1000;

    public static final long TZCR = 0x000, MP_GCR = 0x10C, MP_GRSTCSETR = 0x404, MP_RSTSCLRR = 0x408;
    public static final long MC_RSTSCLRR = 0xC00, MC_AHB3ENSETR = 0xAA0, MC_AHB3ENCLRR = 0xAA4;
    public static final long MC_AHB4ENSETR = 0xAA8, MC_AHB4ENCLRR = 0xAAC, MC_APB1ENSETR = 0xA80;
    public static final long MP_AHB3ENSETR = 0xA20;

    public static final long TZEN = 1L, MCKPROT = 1L << 1;
    public static final long BOOT_MCU = 1L;
    public static final long MPSYSRST = 1L, MCURST = 1L << 1, MPUP0RST = 1L << 4, MPUP1RST = 1L << 5;
    // MC_RSTSCLRR flags.
    public static final long PORRSTF = 1L, BORRSTF = 1L << 1, PADRSTF = 1L << 2, HCSSRSTF = 1L << 3, VCORERSTF = 1L << 4;
    public static final long MCURSTF = 1L << 5, MPSYSRSTF = 1L << 6, MCSYSRSTF = 1L << 7, IWDG1RSTF = 1L << 8;
    public static final long IWDG2RSTF = 1L << 9, WWDG1RSTF = 1L << 10;
    public static final int HSEMEN = 11, IPCCEN = 12, WWDG1EN = 28;

    /** Clock sources the HAL assumes (stm32mp1xx_hal_conf.h values; HSE is the DK2's 24 MHz). */
    public static final long HSI_HZ = 64_000_000L, HSE_HZ = 24_000_000L, CSI_HZ = 4_000_000L;

    /** Why the M4 subsystem was reset, with the MC_RSTSCLRR flag the hardware sets for it. */
    public enum McuResetCause {
        MCURST(MCURSTF), WWDG1(WWDG1RSTF), SYSRESETREQ(MCSYSRSTF);
        public final long flag;
        McuResetCause(long flag) { this.flag = flag; }
    }

    /** What the M4 subsystem wiring listens to. */
    public interface Listener {
        /** A bus write to MP_GCR changed or re-wrote BOOT_MCU. */
        void bootMcuWritten(boolean oldValue, boolean newValue);
        /** Software asserted MP_GRSTCSETR.MCURST. */
        void mcuResetRequested();
    }

    private static final String[] MAP = {
            "0x000 TZCR", "0x00C OCENSETR", "0x010 OCENCLRR", "0x018 HSICFGR", "0x01C CSICFGR", "0x020 MPCKSELR",
            "0x024 ASSCKSELR", "0x028 RCK12SELR", "0x02C MPCKDIVR", "0x030 AXIDIVR", "0x03C APB4DIVR", "0x040 APB5DIVR",
            "0x044 RTCDIVR", "0x048 MSSCKSELR", "0x080 PLL1CR", "0x084 PLL1CFGR1", "0x088 PLL1CFGR2", "0x08C PLL1FRACR",
            "0x090 PLL1CSGR", "0x094 PLL2CR", "0x098 PLL2CFGR1", "0x09C PLL2CFGR2", "0x0A0 PLL2FRACR", "0x0A4 PLL2CSGR",
            "0x0C0 I2C46CKSELR", "0x0C4 SPI6CKSELR", "0x0C8 UART1CKSELR", "0x0CC RNG1CKSELR", "0x0D0 CPERCKSELR", "0x0D4 STGENCKSELR",
            "0x0D8 DDRITFCR", "0x100 MP_BOOTCR", "0x104 MP_SREQSETR", "0x108 MP_SREQCLRR", "0x10C MP_GCR", "0x110 MP_APRSTCR",
            "0x114 MP_APRSTSR", "0x140 BDCR", "0x144 RDLSICR", "0x180 APB4RSTSETR", "0x184 APB4RSTCLRR", "0x188 APB5RSTSETR",
            "0x18C APB5RSTCLRR", "0x190 AHB5RSTSETR", "0x194 AHB5RSTCLRR", "0x198 AHB6RSTSETR", "0x19C AHB6RSTCLRR", "0x1A0 TZAHB6RSTSETR",
            "0x1A4 TZAHB6RSTCLRR", "0x200 MP_APB4ENSETR", "0x204 MP_APB4ENCLRR", "0x208 MP_APB5ENSETR", "0x20C MP_APB5ENCLRR", "0x210 MP_AHB5ENSETR",
            "0x214 MP_AHB5ENCLRR", "0x218 MP_AHB6ENSETR", "0x21C MP_AHB6ENCLRR", "0x280 MC_APB4ENSETR", "0x284 MC_APB4ENCLRR", "0x288 MC_APB5ENSETR",
            "0x28C MC_APB5ENCLRR", "0x290 MC_AHB5ENSETR", "0x294 MC_AHB5ENCLRR", "0x298 MC_AHB6ENSETR", "0x29C MC_AHB6ENCLRR", "0x300 MP_APB4LPENSETR",
            "0x304 MP_APB4LPENCLRR", "0x308 MP_APB5LPENSETR", "0x30C MP_APB5LPENCLRR", "0x310 MP_AHB5LPENSETR", "0x314 MP_AHB5LPENCLRR", "0x318 MP_AHB6LPENSETR",
            "0x31C MP_AHB6LPENCLRR", "0x380 MC_APB4LPENSETR", "0x384 MC_APB4LPENCLRR", "0x388 MC_APB5LPENSETR", "0x38C MC_APB5LPENCLRR", "0x390 MC_AHB5LPENSETR",
            "0x394 MC_AHB5LPENCLRR", "0x398 MC_AHB6LPENSETR", "0x39C MC_AHB6LPENCLRR", "0x400 BR_RSTSCLRR", "0x404 MP_GRSTCSETR", "0x408 MP_RSTSCLRR",
            "0x40C MP_IWDGFZSETR", "0x410 MP_IWDGFZCLRR", "0x414 MP_CIER", "0x418 MP_CIFR", "0x41C PWRLPDLYCR", "0x420 MP_RSTSSETR",
            "0x800 MCO1CFGR", "0x804 MCO2CFGR", "0x808 OCRDYR", "0x80C DBGCFGR", "0x820 RCK3SELR", "0x824 RCK4SELR",
            "0x828 TIMG1PRER", "0x82C TIMG2PRER", "0x830 MCUDIVR", "0x834 APB1DIVR", "0x838 APB2DIVR", "0x83C APB3DIVR",
            "0x880 PLL3CR", "0x884 PLL3CFGR1", "0x888 PLL3CFGR2", "0x88C PLL3FRACR", "0x890 PLL3CSGR", "0x894 PLL4CR",
            "0x898 PLL4CFGR1", "0x89C PLL4CFGR2", "0x8A0 PLL4FRACR", "0x8A4 PLL4CSGR", "0x8C0 I2C12CKSELR", "0x8C4 I2C35CKSELR",
            "0x8C8 SAI1CKSELR", "0x8CC SAI2CKSELR", "0x8D0 SAI3CKSELR", "0x8D4 SAI4CKSELR", "0x8D8 SPI2S1CKSELR", "0x8DC SPI2S23CKSELR",
            "0x8E0 SPI45CKSELR", "0x8E4 UART6CKSELR", "0x8E8 UART24CKSELR", "0x8EC UART35CKSELR", "0x8F0 UART78CKSELR", "0x8F4 SDMMC12CKSELR",
            "0x8F8 SDMMC3CKSELR", "0x8FC ETHCKSELR", "0x900 QSPICKSELR", "0x904 FMCCKSELR", "0x90C FDCANCKSELR", "0x914 SPDIFCKSELR",
            "0x918 CECCKSELR", "0x91C USBCKSELR", "0x920 RNG2CKSELR", "0x924 DSICKSELR", "0x928 ADCCKSELR", "0x92C LPTIM45CKSELR",
            "0x930 LPTIM23CKSELR", "0x934 LPTIM1CKSELR", "0x980 APB1RSTSETR", "0x984 APB1RSTCLRR", "0x988 APB2RSTSETR", "0x98C APB2RSTCLRR",
            "0x990 APB3RSTSETR", "0x994 APB3RSTCLRR", "0x998 AHB2RSTSETR", "0x99C AHB2RSTCLRR", "0x9A0 AHB3RSTSETR", "0x9A4 AHB3RSTCLRR",
            "0x9A8 AHB4RSTSETR", "0x9AC AHB4RSTCLRR", "0xA00 MP_APB1ENSETR", "0xA04 MP_APB1ENCLRR", "0xA08 MP_APB2ENSETR", "0xA0C MP_APB2ENCLRR",
            "0xA10 MP_APB3ENSETR", "0xA14 MP_APB3ENCLRR", "0xA18 MP_AHB2ENSETR", "0xA1C MP_AHB2ENCLRR", "0xA20 MP_AHB3ENSETR", "0xA24 MP_AHB3ENCLRR",
            "0xA28 MP_AHB4ENSETR", "0xA2C MP_AHB4ENCLRR", "0xA38 MP_MLAHBENSETR", "0xA3C MP_MLAHBENCLRR", "0xA80 MC_APB1ENSETR", "0xA84 MC_APB1ENCLRR",
            "0xA88 MC_APB2ENSETR", "0xA8C MC_APB2ENCLRR", "0xA90 MC_APB3ENSETR", "0xA94 MC_APB3ENCLRR", "0xA98 MC_AHB2ENSETR", "0xA9C MC_AHB2ENCLRR",
            "0xAA0 MC_AHB3ENSETR", "0xAA4 MC_AHB3ENCLRR", "0xAA8 MC_AHB4ENSETR", "0xAAC MC_AHB4ENCLRR", "0xAB0 MC_AXIMENSETR", "0xAB4 MC_AXIMENCLRR",
            "0xAB8 MC_MLAHBENSETR", "0xABC MC_MLAHBENCLRR", "0xB00 MP_APB1LPENSETR", "0xB04 MP_APB1LPENCLRR", "0xB08 MP_APB2LPENSETR", "0xB0C MP_APB2LPENCLRR",
            "0xB10 MP_APB3LPENSETR", "0xB14 MP_APB3LPENCLRR", "0xB18 MP_AHB2LPENSETR", "0xB1C MP_AHB2LPENCLRR", "0xB20 MP_AHB3LPENSETR", "0xB24 MP_AHB3LPENCLRR",
            "0xB28 MP_AHB4LPENSETR", "0xB2C MP_AHB4LPENCLRR", "0xB30 MP_AXIMLPENSETR", "0xB34 MP_AXIMLPENCLRR", "0xB38 MP_MLAHBLPENSETR", "0xB3C MP_MLAHBLPENCLRR",
            "0xB80 MC_APB1LPENSETR", "0xB84 MC_APB1LPENCLRR", "0xB88 MC_APB2LPENSETR", "0xB8C MC_APB2LPENCLRR", "0xB90 MC_APB3LPENSETR", "0xB94 MC_APB3LPENCLRR",
            "0xB98 MC_AHB2LPENSETR", "0xB9C MC_AHB2LPENCLRR", "0xBA0 MC_AHB3LPENSETR", "0xBA4 MC_AHB3LPENCLRR", "0xBA8 MC_AHB4LPENSETR", "0xBAC MC_AHB4LPENCLRR",
            "0xBB0 MC_AXIMLPENSETR", "0xBB4 MC_AXIMLPENCLRR", "0xBB8 MC_MLAHBLPENSETR", "0xBBC MC_MLAHBLPENCLRR", "0xC00 MC_RSTSCLRR", "0xC14 MC_CIER",
            "0xC18 MC_CIFR", "0xFF4 VERR", "0xFF8 IPIDR", "0xFFC SIDR",
    };

    /** Offsets of the MCU clock generation registers MCKPROT protects. */
    private static final long[] MCKPROT_REGS = {0x820, 0x830, 0x834, 0x838, 0x83C, 0x880, 0x884, 0x888, 0x88C, 0x890};

    private final Register tzcr, mpGcr, mcRstsclrr, mpRstsclrr;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<String> denials = new ArrayList<>();

    public Rcc(Scheduler scheduler, boolean tzen, boolean mckprot) {
        super(scheduler, "RCC", BASE, SIZE);
        tzcr = reg("TZCR", TZCR).reset((tzen ? TZEN : 0) | (mckprot ? MCKPROT : 0))
                .field("TZEN", 0, 1, Access.RW).field("MCKPROT", 1, 1, Access.RW);
        pair("OCENSETR", 0x00C, "OCENCLRR", 0x010, 0x0000_0581L); // HSION, DIGBYP, HSEON, HSEBYP (DK2 HSE bypass)
        reg("HSICFGR", 0x018).field("HSIDIV", 0, 2, Access.RW).field("HSITRIM", 8, 7, Access.RW).field("HSICAL", 16, 12, Access.RO);
        reg("MPCKSELR", 0x020).reset(0x8000_0002L).field("MPUSRC", 0, 2, Access.RW).field("MPUSRCRDY", 31, 1, Access.RO);
        reg("ASSCKSELR", 0x024).reset(0x8000_0002L).field("AXISSRC", 0, 3, Access.RW).field("AXISSRCRDY", 31, 1, Access.RO);
        reg("RCK12SELR", 0x028).reset(0x8000_0001L).field("PLL12SRC", 0, 2, Access.RW).field("PLL12SRCRDY", 31, 1, Access.RO);
        reg("MSSCKSELR", 0x048).reset(0x8000_0003L).field("MCUSSRC", 0, 2, Access.RW).field("MCUSSRCRDY", 31, 1, Access.RO);
        // PLL1 as the DK2 TF-A device tree sets it: M = 3, N = 81, frac 0x800 (650 MHz MPU).
        pll("PLL1", 0x080, 0x0002_0050L, 0x0001_0100L, (0x800L << 3) | (1L << 16));
        pll("PLL2", 0x094, 0x0002_0041L, 0x0001_0101L, (0x1400L << 3) | (1L << 16));
        pll("PLL3", 0x880, 0x0101_0021L, 0x0001_0101L, (0x1A04L << 3) | (1L << 16)); // M = 2, N = 34, frac 0x1A04, P = 2
        pll("PLL4", 0x894, 0x0001_0031L, 0x0000_0000L, 0);
        reg("RCK3SELR", 0x820).reset(0x8000_0001L).field("PLL3SRC", 0, 2, Access.RW).field("PLL3SRCRDY", 31, 1, Access.RO);
        reg("RCK4SELR", 0x824).reset(0x8000_0001L).field("PLL4SRC", 0, 2, Access.RW).field("PLL4SRCRDY", 31, 1, Access.RO);
        reg("MCUDIVR", 0x830).reset(0x8000_0000L).field("MCUDIV", 0, 4, Access.RW).field("MCUDIVRDY", 31, 1, Access.RO);
        for (int k = 1; k <= 3; k++) {
            reg("APB" + k + "DIVR", 0x830 + 4L * k).reset(0x8000_0001L).field("APB" + k + "DIV", 0, 3, Access.RW)
                    .field("APB" + k + "DIVRDY", 31, 1, Access.RO);
        }
        reg("OCRDYR", 0x808).reset(0x0180_0105L).ro(); // HSIRDY, HSIDIVRDY, HSERDY, MPUCKRDY, AXICKRDY
        mpGcr = reg("MP_GCR", MP_GCR).field("BOOT_MCU", 0, 1, Access.RW)
                .onWrite((o, n, w) -> {
                    trace("BOOT_MCU", n & BOOT_MCU, o & BOOT_MCU);
                    for (Listener l : List.copyOf(listeners)) l.bootMcuWritten((o & BOOT_MCU) != 0, (n & BOOT_MCU) != 0);
                });
        reg("MP_GRSTCSETR", MP_GRSTCSETR).field("MPSYSRST", 0, 1, Access.W1S).field("MCURST", 1, 1, Access.W1S)
                .field("MPUP0RST", 4, 1, Access.W1S).field("MPUP1RST", 5, 1, Access.W1S)
                .onWrite((o, n, w) -> globalReset(w));
        // Power-on flags after a cold boot [reset value unconfirmed: PORRSTF, PADRSTF, VCORERSTF].
        mpRstsclrr = reg("MP_RSTSCLRR", MP_RSTSCLRR).reset(0x15).w1c(0xFFFF);
        reg("MP_RSTSSETR", 0x420).onWrite((o, n, w) -> mpRstsclrr.setBits(w & 0xFFFF));
        mcRstsclrr = reg("MC_RSTSCLRR", MC_RSTSCLRR).reset(0x15)
                .field("PORRSTF", 0, 1, Access.W1C).field("BORRSTF", 1, 1, Access.W1C).field("PADRSTF", 2, 1, Access.W1C)
                .field("HCSSRSTF", 3, 1, Access.W1C).field("VCORERSTF", 4, 1, Access.W1C).field("MCURSTF", 5, 1, Access.W1C)
                .field("MPSYSRSTF", 6, 1, Access.W1C).field("MCSYSRSTF", 7, 1, Access.W1C).field("IWDG1RSTF", 8, 1, Access.W1C)
                .field("IWDG2RSTF", 9, 1, Access.W1C).field("WWDG1RSTF", 10, 1, Access.W1C);
        reg("VERR", 0xFF4).reset(0x20).ro();
        reg("IPIDR", 0xFF8).reset(0x0001_0002L).ro();
        reg("SIDR", 0xFFC).reset(0xA3C5_DD01L).ro();
        for (String entry : MAP) {
            long off = Long.parseLong(entry.substring(2, 5), 16);
            String name = entry.substring(6);
            if (at(off) != null) continue;
            if (name.endsWith("SETR") && !name.equals("MP_GRSTCSETR") && !name.equals("MP_RSTSSETR")) {
                String clr = name.substring(0, name.length() - 4) + "CLRR";
                pair(name, off, clr, off + 4, 0);
            } else if (!name.endsWith("CLRR") || name.equals("MP_RSTSCLRR") || name.equals("MC_RSTSCLRR") || name.equals("BR_RSTSCLRR")) {
                reg(name, off).rw();
            }
        }
    }

    /** A set/clear register pair sharing one state: SETR sets with 1s, CLRR clears with 1s, both read it. */
    private void pair(String setName, long setOff, String clrName, long clrOff, long reset) {
        Register set = reg(setName, setOff).reset(reset).w1s(0xFFFF_FFFFL);
        reg(clrName, clrOff).onRead(set::get).onWrite((o, n, w) -> set.clearBits(w));
    }

    private void pll(String p, long cr, long cfgr1, long cfgr2, long fracr) {
        Register c = reg(p + "CR", cr).reset(0x73).field("PLLON", 0, 1, Access.RW).field(p + "RDY", 1, 1, Access.RO)
                .field("SSCG_CTRL", 2, 1, Access.RW).field("DIVPEN", 4, 1, Access.RW).field("DIVQEN", 5, 1, Access.RW)
                .field("DIVREN", 6, 1, Access.RW);
        // The PLL locks at once: RDY follows PLLON.
        c.onWrite((o, n, w) -> c.set((n & ~2L) | ((n & 1) << 1)));
        String m = "DIVM" + p.charAt(3);
        reg(p + "CFGR1", cr + 4).reset(cfgr1).field("DIVN", 0, 9, Access.RW).field(m, 16, 6, Access.RW).field("IFRGE", 24, 2, Access.RW);
        reg(p + "CFGR2", cr + 8).reset(cfgr2).field("DIVP", 0, 7, Access.RW).field("DIVQ", 8, 7, Access.RW).field("DIVR", 16, 7, Access.RW);
        reg(p + "FRACR", cr + 12).reset(fracr).field("FRACV", 3, 13, Access.RW).field("FRACLE", 16, 1, Access.RW);
        reg(p + "CSGR", cr + 16).rw();
    }

    private void globalReset(long written) {
        if ((written & MCURST) != 0) {
            trace("MCURST", 1, 0);
            recordMcuReset(McuResetCause.MCURST);
            for (Listener l : List.copyOf(listeners)) l.mcuResetRequested();
        }
        if ((written & (MPSYSRST | MPUP0RST | MPUP1RST)) != 0) {
            denials.add(String.format("MP_GRSTCSETR 0x%x: MPU/system resets are not modelled (ignored)", written));
        }
        // The bits read 1 only while the reset is in progress; in this model it completes at once.
        get("MP_GRSTCSETR").set(0);
    }

    @Override
    public void write(BusMaster m, long offset, int size, long value) {
        String why = protection(m, offset);
        if (why != null) {
            denials.add(String.format("%s write of 0x%08x to %s (offset 0x%03x) ignored: %s", m, value,
                    at(offset & ~3L) != null ? at(offset & ~3L).name() : "?", offset, why));
            trace("denied", offset, value);
            return;
        }
        super.write(m, offset, size, value);
    }

    private String protection(BusMaster m, long offset) {
        if (m.secure()) return null;
        long word = offset & ~3L;
        if (word == TZCR) return "TZCR is writable only by a secure master";
        if ((tzcr.get() & TZEN) == 0) return null;
        if (word < 0x800) return "RCC secure register and TZCR.TZEN = 1";
        if ((tzcr.get() & MCKPROT) != 0) {
            for (long r : MCKPROT_REGS) if (r == word) return "MCU clock register and TZCR.MCKPROT = 1";
        }
        return null;
    }

    // ------------------------------------------------------------------ model API

    public void addListener(Listener l) { listeners.add(l); }

    /** MP_GCR.BOOT_MCU: true when the M4 may boot when it leaves reset. */
    public boolean bootMcu() { return mpGcr.isSet(BOOT_MCU); }

    /** Sets the MC_RSTSCLRR flag of an M4 subsystem reset (and MCU-side reset flags the A7 reads). */
    public void recordMcuReset(McuResetCause cause) {
        mcRstsclrr.setBits(cause.flag);
    }

    public long mcRstsclrr() { return mcRstsclrr.get(); }
    public boolean trustZoneEnabled() { return tzcr.isSet(TZEN); }

    /** Writes refused by the TrustZone rules or not modelled, in order, for the run summary. */
    public List<String> denials() { return Collections.unmodifiableList(denials); }

    /** Whether bit {@code bit} of a set/clear enable register (e.g. "MC_AHB3ENSETR") is set. */
    public boolean isEnabled(String setRegister, int bit) { return get(setRegister).isSet(1L << bit); }

    /**
     * mcu_ck as the HAL computes it (HAL_RCC_GetMCUFreq): MSSCKSELR source, PLL3P with its fraction, then
     * MCUDIVR. With the DK2 values this is 208,877,929 Hz ("209 MHz").
     */
    public long mcuClockHz() {
        long src = get("MSSCKSELR").get() & 3;
        long hz = switch ((int) src) {
            case 0 -> HSI_HZ >> (get("HSICFGR").get() & 3);
            case 1 -> HSE_HZ;
            case 2 -> CSI_HZ;
            default -> (long) pll3pHz();
        };
        long div = Math.min(get("MCUDIVR").get() & 0xF, 9);
        return hz >> div;
    }

    /** In single precision, as HAL_RCC_GetPLL3ClockFreq computes it, so the result matches the firmware's. */
    private double pll3pHz() {
        long cfgr1 = get("PLL3CFGR1").get(), cfgr2 = get("PLL3CFGR2").get(), fracr = get("PLL3FRACR").get();
        long m = ((cfgr1 >>> 16) & 0x3F) + 1;
        float frac = ((fracr >>> 16) & 1) * ((fracr >>> 3) & 0x1FFF);
        float vco = (float) ((cfgr1 & 0x1FF) + 1) + frac / (float) 0x2000;
        long ref = switch ((int) (get("RCK3SELR").get() & 3)) {
            case 0 -> HSI_HZ >> (get("HSICFGR").get() & 3);
            case 1 -> HSE_HZ;
            case 2 -> CSI_HZ;
            default -> 0;
        };
        vco *= (float) (ref / m);
        return (long) (vco / (float) ((cfgr2 & 0x7F) + 1));
    }

    /** pclk1 (APB1, where WWDG1 and USART3/UART7 sit) for an M4 clock of {@code mcuHz}. */
    public long apb1ClockHz(long mcuHz) { return mcuHz >> Math.min(get("APB1DIVR").get() & 7, 4); }
}
