package org.mp15sim.soc.m4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.Nvic;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.unicorn.ArmReg;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.periph.Ipcc;
import org.mp15sim.soc.periph.Rcc;

/**
 * ST's prebuilt OpenAMP_TTY_echo.elf (Cube v1.2.0, read from the shared directory, never committed) on
 * the SoC with the STRICT unmapped policy: loaded as the Linux ELF loader does, released through
 * BOOT_MCU, run for 50 ms of simulated time. It must get through SystemInit, HAL_Init (clock tree and
 * SysTick), the RCC clock enables and the IPCC init with every register access modelled, and then spin in
 * {@code rproc_virtio_wait_remote_ready} until the host's virtio driver sets DRIVER_OK.
 */
class OpenAmpTtyEchoSmokeTest {
    private Scheduler scheduler;
    private Stm32mp15 soc;

    @AfterEach
    void close() {
        if (soc != null) soc.close();
        if (scheduler != null) scheduler.close();
    }

    private static Path elf() {
        String shared = System.getProperty("mp15sim.shared");
        assumeTrue(shared != null, "system property mp15sim.shared not set");
        Path p = Path.of(shared, "firmware", "st", "OpenAMP_TTY_echo.elf");
        assumeTrue(Files.isRegularFile(p), "ST firmware not present at " + p);
        return p;
    }

    @Test
    void reachesTheBusyWaitOnTheVdevStatusWithEveryAccessModelled() throws Exception {
        Path path = elf();
        scheduler = new Scheduler();
        soc = new Stm32mp15(scheduler, Stm32mp15Config.dk2().withUnmappedPolicy(UnmappedPolicy.STRICT));
        soc.createM4Core();
        Elf32File elf = ElfLoading.load(soc, path);
        long waitLo = 0x1000_28A6L, waitHi = 0x1000_28BCL;   // rproc_virtio_wait_remote_ready (symbol table)
        long statusLo = 0x1000_2650L, statusHi = 0x1000_268EL; // rproc_virtio_get_status
        assertEquals(waitLo, symbol(elf, "rproc_virtio_wait_remote_ready") & ~1L, "Thumb function address");

        soc.a7().write32(0x5000_1014L, 0);                   // PDDS = 0
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);          // BOOT_MCU 1 ...
        soc.a7().write32(Rcc.BASE + Rcc.MP_GCR, 0);          // ... then 0, the M4 keeps running
        scheduler.runFor(SimTime.ms(50));

        var core = soc.m4Core().core();
        assertTrue(core.faults().isEmpty(), "faults: " + core.faults());
        assertEquals(M4Subsystem.State.RUNNING, soc.m4Subsystem().state());
        assertTrue(soc.unmodelledAccesses().isEmpty(), String.join("\n", soc.summary()));
        assertEquals(java.util.List.of(), soc.clockWarnings(), "the firmware clocks what it uses");
        assertTrue(soc.rcc().isEnabled("MC_AHB3ENSETR", Rcc.HSEMEN) && soc.rcc().isEnabled("MC_AHB3ENSETR", Rcc.IPCCEN));
        // HAL_IPCC_Init + the OpenAMP mailbox glue: both C2 interrupts enabled, IPCC_RX1 (IRQ 103) on in the NVIC.
        assertEquals(Ipcc.RXOIE | Ipcc.TXFIE, soc.a7().read32(Ipcc.BASE + Ipcc.C2CR));
        assertTrue(core.nvic().isEnabled(Nvic.FIRST_IRQ + Stm32mp15.IRQ_IPCC_RX1), "NVIC IRQ 103 enabled");
        assertEquals(0x10, core.nvic().priority(Nvic.FIRST_IRQ + Stm32mp15.IRQ_IPCC_RX1));
        int spinning = 0;
        for (int i = 0; i < 10; i++) {
            scheduler.runFor(SimTime.us(100));
            long pc = core.register(ArmReg.PC) & 0xFFFF_FFFFL;
            if ((pc >= waitLo && pc < waitHi) || (pc >= statusLo && pc < statusHi)) spinning++;
        }
        assertTrue(spinning >= 5, "PC in the vdev-status wait loop in only " + spinning + " of 10 samples");
        assertEquals(0, soc.ipcc().m4ToA7Occupied(), "nothing sent before DRIVER_OK");
    }

    private static long symbol(Elf32File elf, String name) {
        return org.mp15sim.core.cpu.FirmwareImage.parse("st", elf.bytes().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                .requireSymbol(name);
    }
}
