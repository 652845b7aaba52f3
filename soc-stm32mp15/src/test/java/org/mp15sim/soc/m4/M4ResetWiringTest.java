package org.mp15sim.soc.m4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.cpu.FirmwareImage;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.periph.Exti;
import org.mp15sim.soc.periph.Rcc;

/** The real core's reset paths through the SoC, with the sim-core test programs sysreset and lockup. */
class M4ResetWiringTest {
    private Scheduler scheduler;
    private Stm32mp15 soc;

    @BeforeEach
    void create() {
        scheduler = new Scheduler();
        soc = new Stm32mp15(scheduler, Stm32mp15Config.dk2());
        soc.createM4Core();
    }

    @AfterEach
    void close() {
        soc.close();
        scheduler.close();
    }

    private void load(String program) {
        FirmwareImage.read(Path.of("..", "firmware", "bin", program + ".elf")).loadInto(soc.m4());
    }

    private int bootCount() { return soc.a7().read32(0x3800_FF00L); }

    @Test
    void sysResetRequestWithHoldBootLeavesTheM4HaltedAndInterruptsTheA7OnExti73() {
        load("sysreset");
        IrqLine a7 = soc.a7ExtiInterrupt(Exti.LINE_CPU2_SYSRESETREQ, true);
        long[] at = {-1};
        a7.addListener(high -> { if (high && at[0] < 0) at[0] = scheduler.now(); });
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 0);
        scheduler.runFor(SimTime.ms(5));
        assertEquals(1, bootCount(), "started once, not rebooted");
        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state());
        assertEquals(ArmV7mCore.State.HELD, soc.m4Core().core().state());
        assertTrue(at[0] >= 0, "GIC SPI 129 (EXTI 73) rose");
        assertTrue((soc.rcc().mcRstsclrr() & Rcc.MCSYSRSTF) != 0);
    }

    @Test
    void sysResetRequestWithBootMcuSetRebootsTheFirmware() {
        load("sysreset");
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
        scheduler.runFor(SimTime.ms(5));
        assertEquals(2, bootCount());
        assertEquals(2, soc.m4Subsystem().boots());
    }

    @Test
    void lockupRaisesTheCrashSignalAndAWatchdogResetRecoversTheM4() {
        load("lockup");
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
        scheduler.runFor(SimTime.ms(1));
        assertEquals(M4Subsystem.State.LOCKED_UP, soc.m4Subsystem().state());
        assertTrue(soc.m4Subsystem().lockup().isHigh());
        assertEquals(ArmV7mCore.State.LOCKED_UP, soc.m4Core().core().state());
        soc.injectWatchdogExpiry();                       // what an armed WWDG1 would do next
        assertFalse(soc.m4Subsystem().lockup().isHigh());
        scheduler.runFor(SimTime.ms(1));
        assertEquals(2, soc.m4Subsystem().boots(), "BOOT_MCU = 1: the M4 restarted after the watchdog reset");
    }

    @Test
    void strictPolicyEndsTheRunWithAnErrorNamingTheFirmwaresUnmodelledAccess() {
        Scheduler s2 = new Scheduler();
        try (Stm32mp15 strict = new Stm32mp15(s2, Stm32mp15Config.dk2().withUnmappedPolicy(org.mp15sim.core.mem.UnmappedPolicy.STRICT))) {
            strict.createM4Core();
            FirmwareImage.read(Path.of("..", "firmware", "bin", "sysreset.elf")).loadInto(strict.m4());
            strict.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> s2.runFor(SimTime.ms(1)));
            String all = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
            assertTrue(all.contains("0x4fff0100"), all);  // the program's first TESTDEV_RESULT write
        } finally {
            s2.close();
        }
    }
}
