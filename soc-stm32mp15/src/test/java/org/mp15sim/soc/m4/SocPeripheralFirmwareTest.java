package org.mp15sim.soc.m4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.FirmwareImage;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.periph.Exti;
import org.mp15sim.soc.periph.GpioLog;
import org.mp15sim.soc.periph.Ipcc;
import org.mp15sim.soc.periph.Rcc;

/**
 * Runs firmware/soc_periph (project firmware, committed ELF) on the Unicorn M4 inside the SoC, with this
 * test playing the A7: it answers the M4's IPCC kick the way Linux's stm32-ipcc driver does and watches
 * the watchdog reset arrive on EXTI 68. The firmware records what it saw in RETRAM at 0xF000.
 */
class SocPeripheralFirmwareTest {
    private static final Path ELF = Path.of("..", "firmware", "bin", "soc_periph.elf");
    private static final long RESULTS = 0x3800_F000L; // RETRAM 0xF000 seen from the A7
    private static final int R_MAGIC = 0, R_BOOTR = 1, R_IDCODE = 2, R_AHB3EN = 3, R_RLR0 = 4, R_R1_LOCKED = 5;
    private static final int R_R1_FOREIGN = 6, R_HSEM_IRQS = 7, R_HSEM_ISR_AFTER = 8, R_IPCC_CHANNELS = 9;
    private static final int R_IPCC_RX_IRQS = 10, R_IPCC_RX_CHANNEL = 11, R_IPCC_ACKED = 12, R_LED_TOGGLES = 13;
    private static final int R_WWDG_EWI = 15, R_WWDG_COUNTER_AT_EWI = 16, R_STAGE = 17;

    private Scheduler scheduler;
    private Stm32mp15 soc;
    private final List<Long> consoleTimes = new java.util.ArrayList<>();

    @BeforeEach
    void boot() {
        scheduler = new Scheduler();
        soc = new Stm32mp15(scheduler, Stm32mp15Config.dk2());
        soc.createM4Core();
        FirmwareImage.read(ELF).loadInto(soc.m4());
    }

    @AfterEach
    void close() {
        soc.close();
        scheduler.close();
    }

    private int result(int n) { return soc.a7().read32(RESULTS + 4L * n); }

    @Test
    void firmwareSeesEveryPeripheralBehaveAsOnTheBoard() {
        var a7 = soc.a7();
        // The A7 side of the IPCC, as stm32_ipcc_probe + startup(chan 0) leave it.
        a7.write32(Ipcc.BASE + Ipcc.C1MR, 0xFFFF_FFFF);
        a7.write32(Ipcc.BASE + Ipcc.C1CR, (int) (Ipcc.RXOIE | Ipcc.TXFIE));
        a7.write32(Ipcc.BASE + Ipcc.C1MR, 0x003F003F & ~1);
        var rx = soc.a7ExtiInterrupt(Exti.LINE_IPCC_CPU1, false);
        var ack = scheduler.timer("a7 ipcc rx", () -> {
            a7.write32(Ipcc.BASE + Ipcc.C1SCR, 1);            // ack the M4's channel 0 (after the rx callback)
            a7.write32(Ipcc.BASE + Ipcc.C1SCR, 1 << 17);      // and kick channel 1 toward the M4
        });
        rx.addListener(high -> { if (high) ack.scheduleIn(SimTime.us(5)); });
        soc.usart3().addListener(b -> consoleTimes.add(scheduler.now()));
        var wdg = soc.a7ExtiInterrupt(Exti.LINE_WWDG1_RESET, true);
        long[] wdgAt = {-1};
        wdg.addListener(high -> { if (high && wdgAt[0] < 0) wdgAt[0] = scheduler.now(); });

        // stm32_rproc_start: PDDS = 0, BOOT_MCU 1 then 0.
        a7.write32(0x5000_1014L, 0);
        a7.write32(Rcc.BASE + Rcc.MP_GCR, 1);
        a7.write32(Rcc.BASE + Rcc.MP_GCR, 0);
        assertTrue(scheduler.runUntil(() -> wdgAt[0] >= 0, SimTime.ms(50)),
                "no watchdog reset within 50 ms; stage " + result(R_STAGE) + ", core " + soc.m4Core().core()
                        + ", faults " + soc.m4Core().core().faults());

        assertEquals(0x50C0_FFEE, result(R_MAGIC));
        assertEquals(0b101, result(R_BOOTR) & 7, "SYSCFG BOOTR: SD card boot");
        assertEquals(0x500, result(R_IDCODE) & 0xFFF);
        assertEquals((1 << Rcc.HSEMEN) | (1 << Rcc.IPCCEN), result(R_AHB3EN));
        assertEquals(0x8000_0200, result(R_RLR0), "1-step lock by core 2");
        assertEquals(0x8000_0205, result(R_R1_LOCKED));
        assertEquals(0x8000_0205, result(R_R1_FOREIGN), "an unlock in core 1's name is ignored");
        assertEquals(1, result(R_HSEM_IRQS), "free interrupt on NVIC 125");
        assertEquals(0, result(R_HSEM_ISR_AFTER), "the handler cleared C2ISR");
        assertEquals(6, result(R_IPCC_CHANNELS));
        assertEquals(1, result(R_IPCC_ACKED), "the A7 cleared channel 0");
        assertEquals(1, result(R_IPCC_RX_IRQS), "one RX-occupied interrupt");
        assertEquals(1, result(R_IPCC_RX_CHANNEL));
        assertEquals(0, soc.ipcc().a7ToM4Occupied(), "the M4 handler cleared channel 1");
        assertEquals(3, result(R_LED_TOGGLES));
        assertEquals(1, result(R_WWDG_EWI), "early wake-up interrupt once");
        assertEquals(0x40, result(R_WWDG_COUNTER_AT_EWI) & 0x7F, "EWI at counter 0x40");

        assertEquals("soc_periph: console\r\n", soc.usart3().outputText());
        assertEquals(21, consoleTimes.size());
        long frame = consoleTimes.get(20) - consoleTimes.get(19);
        assertEquals(86_800, frame / 1000, 100, "one 8N1 frame at 115200 baud is ~86.8 us: " + SimTime.format(frame));

        List<GpioLog.Change> led = soc.gpioLog().of('H', 7);
        assertEquals(3, led.size());
        long gap = led.get(1).time() - led.get(0).time();
        // delay_ms(2) waits for two SysTick increments: between 1 and 2 ms after the toggle.
        assertTrue(gap > SimTime.ms(1) && gap <= SimTime.ms(2) + SimTime.us(20), "LED toggles paced by SysTick: " + SimTime.format(gap));

        assertEquals(M4Subsystem.State.HELD, soc.m4Subsystem().state(), "BOOT_MCU = 0: halted after the watchdog reset");
        assertTrue((soc.rcc().mcRstsclrr() & Rcc.WWDG1RSTF) != 0);
        assertTrue(soc.unmodelledAccesses().isEmpty(), String.join("\n", soc.summary()));
        assertEquals(java.util.List.of(), soc.clockWarnings(), "the firmware clocks what it uses");
        assertTrue(soc.m4Core().core().faults().isEmpty(), soc.m4Core().core().faults().toString());
    }

    @Test
    void runningTheSameFirmwareTwiceGivesIdenticalObservations() {
        String first = observe(scheduler, soc);
        Scheduler s2 = new Scheduler();
        try (Stm32mp15 soc2 = new Stm32mp15(s2, Stm32mp15Config.dk2())) {
            soc2.createM4Core();
            FirmwareImage.read(ELF).loadInto(soc2.m4());
            assertEquals(first, observe(s2, soc2));
        } finally {
            s2.close();
        }
    }

    /** Releases the M4 for 20 ms and renders everything observable: GPIO log, reset history, results, time. */
    private static String observe(Scheduler s, Stm32mp15 x) {
        x.a7().write32(Rcc.BASE + Rcc.MP_GCR, 1);
        x.a7().write32(Rcc.BASE + Rcc.MP_GCR, 0);
        s.runFor(SimTime.ms(20));
        StringBuilder b = new StringBuilder();
        b.append(x.gpioLog().changes()).append(x.m4Subsystem().history()).append(x.summary());
        for (int i = 0; i < 19; i++) b.append(' ').append(Integer.toHexString(x.a7().read32(RESULTS + 4L * i)));
        b.append(' ').append(x.m4Core().core().instructions());
        return b.toString();
    }

    @Test
    void elfIsCommitted() {
        assertTrue(Files.isRegularFile(ELF), "firmware/bin/soc_periph.elf (run make in firmware/)");
    }
}
