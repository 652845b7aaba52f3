package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.soc.SocFixture;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.m4.M4Subsystem;

class RccTest {
    private static final long B = Rcc.BASE;
    private SocFixture f = new SocFixture();

    @AfterEach void close() { f.close(); }

    private M4Subsystem m4() { return f.soc.m4Subsystem(); }

    @Test
    void m4IsHeldAtPowerOn() {
        assertEquals(M4Subsystem.State.HELD, m4().state());
        assertEquals(List.of(), f.core.calls);
        assertEquals(0, f.a7().read32(B + Rcc.MP_GCR));
    }

    @Test
    void linuxStartReleasesThenReassertsHoldBootAndTheM4KeepsRunning() {
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GCR, 0);
        assertEquals(M4Subsystem.State.RUNNING, m4().state());
        assertEquals(List.of("resetAndRun"), f.core.calls);
        assertEquals(1, m4().boots());
    }

    @Test
    void mcuResetSelfClearsSetsTheFlagAndLeavesTheM4HeldWhenBootMcuIsClear() {
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GCR, 0);
        f.a7().write32(B + Rcc.MC_RSTSCLRR, -1);                     // clear power-on flags
        f.a7().write32(B + Rcc.MP_GRSTCSETR, (int) Rcc.MCURST);
        assertEquals(0, f.a7().read32(B + Rcc.MP_GRSTCSETR), "MCURST clears once the reset is done");
        assertEquals(Rcc.MCURSTF, f.a7().read32(B + Rcc.MC_RSTSCLRR));
        assertEquals(M4Subsystem.State.HELD, m4().state());
        assertEquals(List.of("resetAndRun", "halt"), f.core.calls);
        f.m4().write32(B + Rcc.MC_RSTSCLRR, (int) Rcc.MCURSTF);      // W1C
        assertEquals(0, f.m4().read32(B + Rcc.MC_RSTSCLRR));
    }

    @Test
    void resetWithBootMcuSetRebootsTheM4() {
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GRSTCSETR, (int) Rcc.MCURST);
        assertEquals(M4Subsystem.State.RUNNING, m4().state());
        assertEquals(List.of("resetAndRun", "halt", "resetAndRun"), f.core.calls);
    }

    @Test
    void writingBootMcuOneWhileRunningDoesNotRestart() {
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GCR, 0);
        f.a7().write32(B + Rcc.MP_GCR, 1);
        assertEquals(1, m4().boots());
    }

    @Test
    void sysResetRequestPulsesExti73AndStaysHalted() {
        f.a7().write32(Exti.BASE + 0x40, 1 << 9);                    // RTSR3 line 73
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.a7().write32(B + Rcc.MP_GCR, 0);
        m4().sysResetRequest();
        assertEquals(M4Subsystem.State.HELD, m4().state());
        assertTrue(f.soc.exti().isPending(73));
        assertTrue((f.soc.rcc().mcRstsclrr() & Rcc.MCSYSRSTF) != 0);
    }

    @Test
    void lockupRaisesTheCrashSignalUntilReset() {
        f.a7().write32(B + Rcc.MP_GCR, 1);
        f.soc.injectM4Lockup();
        assertEquals(M4Subsystem.State.LOCKED_UP, m4().state());
        assertTrue(m4().lockup().isHigh());
        assertFalse(f.core.running);
        f.a7().write32(B + Rcc.MP_GRSTCSETR, (int) Rcc.MCURST);
        assertFalse(m4().lockup().isHigh());
        assertEquals(M4Subsystem.State.RUNNING, m4().state());
    }

    @Test
    void clockEnableSetAndClearRegistersShareOneState() {
        f.m4().write32(B + Rcc.MC_AHB3ENSETR, 1 << Rcc.HSEMEN);
        f.m4().write32(B + Rcc.MC_AHB3ENSETR, 1 << Rcc.IPCCEN);       // 0 bits have no effect
        assertEquals((1 << Rcc.HSEMEN) | (1 << Rcc.IPCCEN), f.m4().read32(B + Rcc.MC_AHB3ENSETR));
        assertEquals((1 << Rcc.HSEMEN) | (1 << Rcc.IPCCEN), f.m4().read32(B + Rcc.MC_AHB3ENCLRR));
        f.m4().write32(B + Rcc.MC_AHB3ENCLRR, 1 << Rcc.HSEMEN);
        assertEquals(1 << Rcc.IPCCEN, f.m4().read32(B + Rcc.MC_AHB3ENSETR));
        f.m4().write32(B + Rcc.MC_AHB4ENSETR, 0x80);
        assertTrue(f.soc.rcc().isEnabled("MC_AHB4ENSETR", 7));
    }

    @Test
    void halSystemCoreClockComputationYields209MHz() {
        // HAL_RCC_GetMCUFreq in single precision over the DK2 values: PLL3P from HSE 24 MHz, M=2, N=34, frac 0x1A04, P=2.
        float vco = (34f + 0x1A04 / (float) 0x2000) * (float) (24_000_000 / 2);
        assertEquals((long) (vco / 2f), f.soc.rcc().mcuClockHz());
        assertEquals(208_877, f.soc.rcc().mcuClockHz() / 1000);
        assertEquals(3, f.m4().read32(B + 0x48) & 3, "MSSCKSELR.MCUSSRC = PLL3");
    }

    @Test
    void everyCmsisRegisterIsModelled() {
        Rcc rcc = f.soc.rcc();
        for (String n : List.of("TZCR", "OCENSETR", "OCENCLRR", "HSICFGR", "MSSCKSELR", "PLL3CR", "PLL3CFGR1", "PLL3CFGR2",
                "PLL3FRACR", "PLL3CSGR", "RCK3SELR", "MCUDIVR", "APB1DIVR", "MP_GCR", "MP_GRSTCSETR", "MC_RSTSCLRR",
                "MC_AHB3ENSETR", "MC_AHB3ENCLRR", "MC_AHB4ENSETR", "MC_AHB4ENCLRR", "MC_APB1ENSETR", "MP_AHB3ENSETR",
                "UART78CKSELR", "MC_MLAHBLPENCLRR", "TZAHB6RSTCLRR", "MP_SREQCLRR", "MP_IWDGFZCLRR", "SIDR")) {
            assertNotNull(rcc.get(n), n);
        }
        assertEquals(220, rcc.registers().size());
    }

    @Test
    void tzcrIsWritableOnlyBySecureMasters() {
        f.a7().write32(B + Rcc.TZCR, 1);
        assertEquals(0, f.a7().read32(B + Rcc.TZCR));
        assertEquals(1, f.soc.rcc().denials().size());
        f.a7s().write32(B + Rcc.TZCR, 1);
        assertEquals(1, f.a7().read32(B + Rcc.TZCR));
    }

    @Test
    void withTzenNonSecureHoldBootWritesAreRefusedButTheSecureWorldStartsTheM4() {
        f.close();
        f = new SocFixture(Stm32mp15Config.dk2().withSecureRcc(true, true));
        f.a7().write32(B + Rcc.MP_GCR, 1);
        assertEquals(M4Subsystem.State.HELD, m4().state());
        assertEquals(0, f.a7().read32(B + Rcc.MP_GCR));
        f.a7().write32(B + Rcc.MP_GRSTCSETR, (int) Rcc.MCURST);
        assertEquals(List.of(), f.core.calls);
        f.a7().write32(B + 0x830, 3);                                  // MCUDIVR under MCKPROT
        assertEquals(0, f.a7().read32(B + 0x830) & 0xF);
        f.m4().write32(B + Rcc.MC_AHB3ENSETR, 1 << Rcc.IPCCEN);       // the MCU's own enables stay usable
        assertTrue(f.soc.rcc().isEnabled("MC_AHB3ENSETR", Rcc.IPCCEN));
        f.a7s().write32(B + Rcc.MP_GCR, 1);
        assertEquals(M4Subsystem.State.RUNNING, m4().state());
        assertEquals(3, f.soc.rcc().denials().size());
    }

    @Test
    void pllReadyFollowsPllOn() {
        f.a7().write32(B + 0x880, 0);
        assertEquals(0, f.a7().read32(B + 0x880) & 2);
        f.a7().write32(B + 0x880, 1);
        assertEquals(2, f.a7().read32(B + 0x880) & 2);
    }
}
