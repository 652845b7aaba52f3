package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.SocFixture;
import org.mp15sim.soc.m4.M4Subsystem;

class WwdgTest {
    private static final long B = Wwdg.BASE;
    private final SocFixture f = new SocFixture();
    /** pclk1 = 209 MHz / 2 on the DK2; one counter tick = 4096 pclk1 cycles at WDGTB = 0. */
    private final ClockDomain pclk1 = new ClockDomain("pclk1", 104_500_000L);

    @BeforeEach
    void startM4AndUnmaskLine68() {
        f.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
        f.a7().write32(Rcc.BASE + Rcc.MP_GCR, 0);
        f.a7().write32(Exti.BASE + 0x40, 1 << 4);   // RTSR3: line 68 rising
        f.a7().write32(Exti.BASE + 0xA0, 1 << 4);   // C1IMR3
        f.a7().write32(Rcc.BASE + Rcc.MC_RSTSCLRR, -1);
    }

    @AfterEach void close() { f.close(); }

    private long ticks(long n) { return pclk1.cyclesToPs(4096 * n); }

    @Test
    void counterRunsDownAtPclkOver4096() {
        f.m4().write32(B + Wwdg.CR, 0x7F);          // not activated: free running
        f.scheduler.runFor(ticks(10));
        assertEquals(0x7F - 10, f.m4().read32(B + Wwdg.CR) & 0x7F);
    }

    @Test
    void expiryResetsTheM4SetsTheFlagAndRaisesExti68TowardLinux() {
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        f.scheduler.runFor(ticks(64) - 1);
        assertEquals(M4Subsystem.State.RUNNING, f.soc.m4Subsystem().state());
        f.scheduler.runFor(1);
        assertEquals(M4Subsystem.State.HELD, f.soc.m4Subsystem().state(), "BOOT_MCU = 0: the M4 stays halted");
        assertEquals(Rcc.WWDG1RSTF, f.soc.rcc().mcRstsclrr());
        assertTrue(f.soc.exti().isPending(68));
        assertTrue(f.soc.gicSpi(143).isHigh(), "stm32_rproc_wdg's interrupt");
        assertFalse(f.soc.wwdg().isActive(), "the watchdog is reset with the MCU");
        assertEquals(SimTime.format(ticks(64)), SimTime.format(f.soc.m4Subsystem().history().getLast().time()));
    }

    @Test
    void refreshInsideTheWindowKeepsTheM4Alive() {
        f.m4().write32(B + Wwdg.CFR, 0x50);         // window 0x50
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        for (int i = 0; i < 10; i++) {
            f.scheduler.runFor(ticks(0x7F - 0x48));  // counter at 0x48 < W
            f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        }
        assertEquals(M4Subsystem.State.RUNNING, f.soc.m4Subsystem().state());
        assertEquals(1, f.soc.m4Subsystem().boots());
    }

    @Test
    void refreshAboveTheWindowResets() {
        f.m4().write32(B + Wwdg.CFR, 0x50);
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        f.scheduler.runFor(ticks(5));                // counter 0x7A > 0x50
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        assertEquals(M4Subsystem.State.HELD, f.soc.m4Subsystem().state());
        assertTrue(f.soc.wwdg().lastExpiryCause().contains("window"));
    }

    @Test
    void writingT6ClearResetsAtOnce() {
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x3F));
        assertEquals(M4Subsystem.State.HELD, f.soc.m4Subsystem().state());
    }

    @Test
    void earlyWakeupInterruptAt0x40() {
        f.m4().write32(B + Wwdg.CFR, (int) (Wwdg.EWI | 0x7F));
        f.m4().write32(B + Wwdg.CR, (int) (Wwdg.WDGA | 0x7F));
        f.scheduler.runFor(ticks(63) - 1);
        assertFalse(f.core.irq[0]);
        f.scheduler.runFor(1);
        assertEquals(1, f.m4().read32(B + Wwdg.SR));
        assertTrue(f.core.irq[0], "WWDG1_IRQn = 0");
        f.m4().write32(B + Wwdg.SR, 0);             // rc_w0
        assertFalse(f.core.irq[0]);
    }

    @Test
    void faultInjectionExpiresNow() {
        f.soc.injectWatchdogExpiry();
        assertEquals(M4Subsystem.State.HELD, f.soc.m4Subsystem().state());
        assertTrue(f.soc.gicSpi(143).isHigh());
    }
}
