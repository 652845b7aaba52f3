package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mp15sim.soc.SocFixture;

class ExtiTest {
    private static final long B = Exti.BASE;
    private final SocFixture f = new SocFixture();
    private final Exti exti = f.soc.exti();

    @AfterEach void close() { f.close(); }

    @ParameterizedTest(name = "line {0} is {1}, A7 SPI {2}, M4 IRQ {3}")
    @CsvSource({
        "0, CONFIGURABLE, 6, 6", "5, CONFIGURABLE, 23, 23", "15, CONFIGURABLE, 127, 127",
        "61, DIRECT, 100, -1", "62, DIRECT, -1, -1", "63, DIRECT, 125, -1", "64, DIRECT, -1, -1",
        "65, CONFIGURABLE, 144, -1", "66, CONFIGURABLE, -1, 144", "67, RESERVED, -1, -1",
        "68, CONFIGURABLE, 143, -1", "73, CONFIGURABLE, 129, -1"})
    void lineKindsAndRouting(int line, Exti.LineType type, int spi, int irq) {
        assertEquals(type, Exti.type(line));
        assertEquals(spi, Exti.gicSpi(line));
        assertEquals(irq, Exti.nvicIrq(line));
    }

    @Test
    void wwdgResetLineIsLatchedOnRisingEdgeAndClearedByTheA7() {
        // What the Linux EXTI driver does for <&exti 68 IRQ_TYPE_EDGE_RISING>: rising trigger, unmask CPU1.
        f.a7().write32(B + 0x40, 1 << 4);           // RTSR3 bit 4
        f.a7().write32(B + 0xA0, 1 << 4);           // C1IMR3 bit 4
        exti.input(68).pulse();
        assertTrue(exti.isPending(68));
        assertEquals(1 << 4, f.a7().read32(B + 0x4C)); // RPR3
        assertTrue(f.soc.gicSpi(143).isHigh(), "GIC SPI 143 while pending and unmasked");
        f.a7().write32(B + 0x4C, 1 << 4);           // W1C, the irq_eoi of stm32_exti_h_eoi
        assertFalse(exti.isPending(68));
        assertFalse(f.soc.gicSpi(143).isHigh());
    }

    @Test
    void edgeWithoutRisingTriggerSelectedIsIgnored() {
        f.a7().write32(B + 0xA0, 1 << 4);
        exti.input(68).pulse();
        assertFalse(exti.isPending(68));
    }

    @Test
    void maskedLineIsPendingButInvisibleToTheCpu() {
        f.a7().write32(B + 0x40, 1 << 4);
        exti.input(68).pulse();
        assertTrue(exti.isPending(68));
        assertFalse(f.soc.gicSpi(143).isHigh());
        f.a7().write32(B + 0xA0, 1 << 4);
        assertTrue(f.soc.gicSpi(143).isHigh(), "unmasking a pending line raises the output");
    }

    @Test
    void softwareTriggerSetsPendingAndReadsZero() {
        f.a7().write32(B + 0xA0, 1 << 9);           // C1IMR3: line 73
        f.a7().write32(B + 0x48, 1 << 9);           // SWIER3
        assertEquals(0, f.a7().read32(B + 0x48));
        assertTrue(exti.isPending(73));
        assertTrue(f.soc.gicSpi(129).isHigh());
    }

    @Test
    void fallingEdgeLatchesIntoFpr() {
        f.a7().write32(B + 0x04, 1);                // FTSR1 line 0
        exti.input(0).raise();
        assertFalse(exti.isPending(0));
        exti.input(0).lower();
        assertEquals(1, f.a7().read32(B + 0x10));   // FPR1
    }

    @Test
    void directLinesAreNotLatchedAndCannotBeSoftwareTriggered() {
        f.a7().write32(B + 0x28, 1 << 29);          // SWIER2 bit for line 61: not configurable
        assertFalse(exti.isPending(61));
        exti.input(61).raise();
        assertTrue(exti.cpu1Output(61).isHigh());
        assertEquals(0, f.a7().read32(B + 0x2C));   // RPR2 stays 0 for a direct line
        exti.input(61).lower();
        assertFalse(exti.cpu1Output(61).isHigh());
    }

    @Test
    void m4GpioInterruptNeedsC2ImrAndGoesToItsNvicLine() {
        // PH7 as input, EXTI line 7 from port H (index 7), rising edge, unmasked for CPU2.
        f.m4().write32(0x5000_9000L, 0);            // GPIOH MODER: all inputs
        f.m4().write32(B + 0x64, 7 << 24);          // EXTICR2: EXTI7 = port H
        f.m4().write32(B + 0x00, 1 << 7);           // RTSR1
        f.m4().write32(B + 0xC0, 1 << 7);           // C2IMR1
        f.soc.gpio('H').setInput(7, true);
        assertTrue(exti.isPending(7));
        assertTrue(f.core.irq[65], "EXTI7_IRQn = 65");
        f.m4().write32(B + 0x0C, 1 << 7);
        assertFalse(f.core.irq[65]);
    }

    @Test
    void switchingExticrToAPortWhosePadIsHighIsARisingEdge() {
        f.m4().write32(0x5000_2000L, 0);            // GPIOA inputs
        f.soc.gpio('A').setInput(2, true);          // EXTICR1 selects port A for line 2 at reset
        f.m4().write32(B + 0x00, 1 << 2);           // RTSR1 line 2
        f.m4().write32(B + 0x60, 1 << 16);          // EXTI2 = port B (pad low): the line falls
        assertFalse(exti.input(2).isHigh());
        f.m4().write32(B + 0x60, 0);                // back to port A: the line rises
        assertTrue(exti.isPending(2));
    }

    @Test
    void gpioOfAnotherPortDoesNotReachTheLine() {
        f.m4().write32(0x5000_2000L, 0);            // GPIOA inputs
        f.m4().write32(B + 0x64, 7 << 24);          // line 7 from port H
        f.m4().write32(B + 0x00, 1 << 7);
        f.soc.gpio('A').setInput(7, true);
        assertFalse(exti.isPending(7));
    }

    @Test
    void linuxProbeClearsTheCpu1MasksWithoutUnmodelledAccesses() {
        for (long off : new long[] {0x80, 0x84, 0x90, 0x94, 0xA0, 0xA4}) f.a7().write32(B + off, 0);
        assertTrue(f.soc.unmodelledAccesses().isEmpty(), f.soc.summary().toString());
    }

    @Test
    void systemInitClearsTheM4Masks() {
        for (long off : new long[] {0xC0, 0xC4, 0xD0, 0xD4, 0xE0, 0xE4}) {
            f.m4().write32(B + off, -1);
            f.m4().write32(B + off, 0);
            assertEquals(0, f.m4().read32(B + off));
        }
        assertTrue(f.soc.unmodelledAccesses().isEmpty());
    }

    @Test
    void a7ExtiInterruptGivesLinuxACleanPulsePerWatchdogReset() {
        var line = f.soc.a7ExtiInterrupt(68, true);
        assertEquals(f.soc.gicSpi(143), line);
        java.util.List<Long> rises = new java.util.ArrayList<>();
        line.addListener(high -> { if (high) rises.add(f.scheduler.now()); });
        f.soc.injectWatchdogExpiry();
        f.scheduler.runFor(1000);
        assertFalse(line.isHigh(), "the irqchip EOI cleared RPR3");
        f.soc.injectWatchdogExpiry();
        f.scheduler.runFor(1000);
        assertEquals(java.util.List.of(0L, 1000L), rises);
    }
}
