package org.mp15sim.soc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.soc.periph.GpioLog;
import org.mp15sim.soc.periph.Syscfg;
import org.mp15sim.soc.periph.Tamp;
import org.mp15sim.soc.periph.Usart;

class Stm32mp15Test {
    private SocFixture f = new SocFixture();

    @AfterEach void close() { f.close(); }

    @Test
    void mcuSramAliasesAreOneMemory() {
        f.m4().write32(0x1004_0000L, 0xCAFE_F00D);
        assertEquals(0xCAFE_F00D, f.a7().read32(0x3004_0000L));
        assertEquals(0xCAFE_F00D, f.a7().read32(0x1004_0000L));
        f.a7().write32(0x3005_FFFCL, 0x1234_5678);
        assertEquals(0x1234_5678, f.m4().read32(0x1005_FFFCL), "last word of SRAM4");
    }

    @Test
    void retramIsAtZeroForTheM4AndAt0x38000000ForTheA7() {
        f.a7().writeBytes(0x3800_0000L, new byte[] {0, 0, 4, 0x10, (byte) 0x89, 0x43, 0, 0x10}, 0, 8);
        assertEquals(0x1004_0000, f.m4().read32(0));
        assertEquals(0x1000_4389, f.m4().read32(4));
        assertEquals(0x1004_0000, f.m4().read32(0x3800_0000L), "M4 S-bus alias");
    }

    @Test
    void ddrIsLazyAndSizedFromTheParameter() {
        assertEquals(512L << 20, f.soc.memories().ddr().size());
        f.a7().write32(0xC000_0000L + (256L << 20), 42);
        assertEquals(42, f.a7().read32(0xC000_0000L + (256L << 20)));
        f.close();
        f = new SocFixture(Stm32mp15Config.dk2().withDdrSize(256L << 20));
        assertEquals(0, f.a7().read32(0xD000_0000L), "outside a 256 MiB DDR: unmapped, reads zero");
        assertTrue(!f.soc.unmodelledAccesses().isEmpty());
    }

    @Test
    void secureDdrRegionRefusesNonSecureMasters() {
        assertThrows(BusErrorException.class, () -> f.a7().read32(0xDE00_0000L));
        assertThrows(BusErrorException.class, () -> f.m4().write32(0xDFFF_FFFCL, 1));
        f.a7s().write32(0xDE00_0000L, 7);
        assertEquals(7, f.a7s().read32(0xDE00_0000L));
        assertEquals(2, f.soc.busErrors().size());
        assertTrue(f.soc.summary().stream().anyMatch(l -> l.contains("secure TZC region")));
    }

    @Test
    void mcuIsolatedRetramIsReachableOnlyByTheM4() {
        f.soc.firewall().setRetram(Firewall.Decprot.MCU_ISOLATED);
        f.m4().write32(0, 1);
        assertThrows(BusErrorException.class, () -> f.a7().read32(0x3800_0000L));
        assertThrows(BusErrorException.class, () -> f.a7s().read32(0x3800_0000L));
        f.soc.firewall().setSram(3, Firewall.Decprot.SECURE_W_NS_R);
        assertEquals(0, f.a7().read32(0x1004_0000L));
        assertThrows(BusErrorException.class, () -> f.a7().write32(0x1004_0000L, 1));
        f.a7s().write32(0x1004_0000L, 9);
        assertEquals(9, f.m4().read32(0x3004_0000L));
    }

    @Test
    void teeModelReachesTampAndRccThroughTheSecureBus() {
        f.a7s().write32(Tamp.BASE + Tamp.SMCR, 0x0000_0010);                  // BKP0..15 secure only
        f.a7().write32(Tamp.BASE + 0x100, 5);                                  // refused
        f.a7s().write32(Tamp.BASE + 0x100, 6);
        assertEquals(0, f.a7().read32(Tamp.BASE + 0x100));
        assertEquals(6, f.a7s().read32(Tamp.BASE + 0x100));
        f.a7().write32(Tamp.BASE + 0x148, Tamp.M4_STATE_CRUN);                 // BKP18R is free
        f.a7().write32(Tamp.BASE + 0x144, 0x1002_0118);
        assertEquals(Tamp.M4_STATE_CRUN, f.soc.tamp().m4State());
        assertEquals(0x1002_0118, f.soc.tamp().resourceTableAddress());
        assertEquals(2, f.soc.tamp().denials());
    }

    @Test
    void bootPinsAreNotEngineeringMode() {
        int bootr = f.m4().read32(Syscfg.BASE);
        assertNotEquals(Syscfg.BOOT_ENGINEERING, bootr & 7);
        assertEquals(Syscfg.BOOT_SD_CARD, bootr & 7);
    }

    @Test
    void dbgmcuIdentifiesAnStm32mp15() {
        assertEquals(0x500, f.m4().read32(0x5008_1000L) & 0xFFF);
    }

    @Test
    void led7TogglesAreLogged() {
        long gpioh = 0x5000_9000L;
        f.m4().write32(gpioh, (f.m4().read32(gpioh) & ~(3 << 14)) | (1 << 14)); // PH7 output
        f.m4().write32(gpioh + 0x18, 1 << 7);                                    // BSRR set
        f.scheduler.runFor(1000);
        f.m4().write32(gpioh + 0x18, 1 << (16 + 7));                             // BSRR reset
        f.m4().write32(gpioh + 0x18, 1 << (16 + 7));                             // no change: not logged
        List<GpioLog.Change> led = f.soc.gpioLog().of('H', 7);
        assertEquals(2, led.size());
        assertEquals("0s PH7=1", led.get(0).toString());
        assertEquals("1ns PH7=0", led.get(1).toString());
        assertEquals(0, f.m4().read32(gpioh + 0x10) & (1 << 7), "IDR follows ODR for an output");
    }

    @Test
    void usart3ConsoleTransmitsAndReceives() {
        long b = Usart.USART3_BASE;
        List<Integer> bytes = new ArrayList<>();
        f.soc.usart3().addListener(bytes::add);
        f.m4().write32(b, 1 | 4 | 8 | (1 << 5));                                // UE RE TE RXNEIE
        assertEquals(0x0060_00C0, f.m4().read32(b + 0x1C) & 0x0060_00E0, "TEACK REACK TXE TC");
        for (byte c : "hi\n".getBytes(StandardCharsets.US_ASCII)) f.m4().write32(b + 0x28, c);
        assertEquals("hi\n", f.soc.usart3().outputText());
        assertEquals(List.of((int) 'h', (int) 'i', (int) '\n'), bytes);
        f.soc.usart3().receive(new byte[] {'x'});
        assertTrue(f.core.irq[39], "USART3_IRQn = 39 on RXNE");
        assertEquals('x', f.m4().read32(b + 0x24));
        assertEquals(0, f.m4().read32(b + 0x1C) & (1 << 5));
    }

    @Test
    void unmodelledAccessesAreSummarisedWithTheirAddressAndMaster() {
        f.m4().read32(0x4001_0000L);                                             // UART4: not modelled
        f.m4().read32(0x4001_0000L);
        f.m4().write32(0x4C00_1020L, 1);                                         // IPCC reserved offset
        assertEquals(List.of("m4 0x40010000 R: 2 access(es), unmodelled", "m4 0x4c001020 W: 1 access(es), unmodelled"),
                f.soc.unmodelledAccesses().summary());
    }

    @Test
    void strictPolicyFailsOnTheFirstUnmodelledAccess() {
        f.close();
        f = new SocFixture(Stm32mp15Config.dk2().withUnmappedPolicy(UnmappedPolicy.STRICT));
        assertThrows(IllegalStateException.class, () -> f.m4().read32(0x4001_0000L));
        assertThrows(IllegalStateException.class, () -> f.m4().read32(0x4C00_1020L));
    }

    @Test
    void busErrorPolicyRaisesBusErrors() {
        f.close();
        f = new SocFixture(Stm32mp15Config.dk2().withUnmappedPolicy(UnmappedPolicy.BUS_ERROR));
        assertThrows(BusErrorException.class, () -> f.m4().read32(0x4001_0000L));
    }

    @Test
    void m4AccessToAnUnclockedPeripheralIsDiagnosedOnce() {
        f.m4().read32(0x4C00_1000L);
        f.m4().read32(0x4C00_1004L);
        assertEquals(1, f.soc.clockWarnings().size());
        assertTrue(f.soc.clockWarnings().getFirst().contains("MC_AHB3ENSETR.IPCCEN"), f.soc.clockWarnings().toString());
        f.m4().write32(0x5000_0AA0L, 1 << 11);                 // HSEMEN first: no warning for HSEM
        f.m4().read32(0x4C00_0000L);
        f.a7().read32(0x5000_9000L);                            // the A7 is not checked
        assertEquals(1, f.soc.clockWarnings().size());
        assertTrue(f.soc.summary().stream().anyMatch(l -> l.startsWith("clock: m4 read IPCC")));
    }

    @Test
    void gicIsOnlyOnTheA7Buses() {
        assertEquals(0x0200_143B, f.a7().read32(0xA002_1008L));
        f.m4().read32(0xA002_1008L);
        assertTrue(f.soc.unmodelledAccesses().summary().getFirst().startsWith("m4 0xa0021008"));
    }

    @Test
    void doorbellsResetsAndLinesAppearInTheTrace() {
        List<String> seen = new ArrayList<>();
        List<String> tracks = new ArrayList<>();
        f.scheduler.setTrace(new org.mp15sim.core.trace.Trace() {
            @Override public boolean enabled() { return true; }
            @Override public int track(String name) {
                if (!tracks.contains(name)) tracks.add(name);
                return tracks.indexOf(name);
            }
            @Override public void record(byte kind, long time, int track, String name, long a, long b, String text) {
                seen.add(tracks.get(track) + ":" + name + ":" + a);
            }
        });
        f.m4().write32(0x4C00_1018L, 1 << 16);                  // M4 posts IPCC channel 0
        f.a7().write32(0x5000_010CL, 1);                        // BOOT_MCU
        f.soc.injectWatchdogExpiry();
        assertTrue(seen.contains("IPCC:C2SCR:1"), seen.toString());
        assertTrue(seen.contains("RCC:BOOT_MCU:1"), seen.toString());
        assertTrue(seen.contains("M4:reset (WWDG1):0"), seen.toString());
        assertTrue(seen.contains("irq:EXTI input 68:1"), seen.toString());
    }

    @Test
    void sameStimuliGiveTheSameObservableState() {
        byte[] a = run();
        byte[] b = run();
        assertArrayEquals(a, b);
    }

    private static byte[] run() {
        try (SocFixture x = new SocFixture()) {
            x.a7().write32(0x5000_010CL, 1);
            x.m4().write32(0x4000_A000L, 0xFF);
            x.scheduler.runFor(10_000_000_000L);
            return String.join("\n", x.soc.summary() + "" + x.soc.m4Subsystem().history() + x.soc.rcc().mcRstsclrr())
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
