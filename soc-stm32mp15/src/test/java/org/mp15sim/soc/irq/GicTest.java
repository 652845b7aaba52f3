package org.mp15sim.soc.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.sched.SimulationException;
import org.mp15sim.soc.SocFixture;
import org.mp15sim.soc.Stm32mp15;

class GicTest {
    private final SocFixture f = new SocFixture();
    private final Gic gic = f.soc.gic();
    private final List<String> seen = new ArrayList<>();

    @AfterEach void close() { f.close(); }

    @Test
    void requestedEdgeInterruptIsDeliveredOnceInItsOwnEvent() {
        gic.requestIrq(143, "m4 wdg", true, spi -> seen.add("spi " + spi + " @" + f.scheduler.now()));
        gic.spi(143).pulse();
        assertEquals(List.of(), seen, "delivery waits for the interrupt-entry event");
        f.scheduler.runUntilIdle();
        assertEquals(List.of("spi 143 @0"), seen);
        assertEquals(1, gic.takenCount(143));
        assertFalse(gic.isActive(143));
    }

    @Test
    void levelInterruptIsTakenAgainUntilTheHandlerClearsItsSource() {
        gic.requestIrq(101, "ipcc tx", false, spi -> {
            seen.add("tx");
            if (seen.size() == 3) gic.spi(101).lower();
        });
        gic.spi(101).raise();
        f.scheduler.runUntilIdle();
        assertEquals(3, seen.size());
    }

    @Test
    void aHandlerThatNeverClearsItsLevelSourceIsReportedAsAStorm() {
        gic.requestIrq(100, "ipcc rx", false, spi -> { });
        gic.spi(100).raise();
        SimulationException e = assertThrows(SimulationException.class, f.scheduler::runUntilIdle);
        assertTrue(e.getMessage().contains("interrupt storm"), e.getMessage());
    }

    @Test
    void disabledInterruptStaysPendingUntilEnabled() {
        gic.requestIrq(101, "ipcc tx", false, spi -> { seen.add("tx"); gic.spi(101).lower(); });
        gic.disable(101);
        gic.spi(101).raise();
        f.scheduler.runUntilIdle();
        assertEquals(List.of(), seen);
        assertTrue(gic.isPending(101));
        gic.enable(101);
        f.scheduler.runUntilIdle();
        assertEquals(List.of("tx"), seen);
    }

    @Test
    void busDriverCanAcknowledgeAndEndInterruptsThroughTheRegisters() {
        gic.setAutoDispatch(false);
        var a7 = f.a7();
        a7.write32(Gic.GICD_BASE, 1);                                   // GICD_CTLR
        a7.write32(Gic.GICC_BASE, 1);                                   // GICC_CTLR
        a7.write32(Gic.GICC_BASE + 0x04, 0xF0);                         // PMR
        int id = 100 + 32;
        a7.write8(Gic.GICD_BASE + 0x400 + id, 0xA0);                    // IPRIORITYR byte
        a7.write8(Gic.GICD_BASE + 0x800 + id, 0x01);                    // ITARGETSR byte: CPU0
        a7.write32(Gic.GICD_BASE + 0x100 + 4 * (id / 32), 1 << (id % 32)); // ISENABLER
        assertEquals(0xA0, a7.read8(Gic.GICD_BASE + 0x400 + id));
        gic.spi(100).raise();
        assertTrue(gic.cpu0Irq().isHigh());
        assertEquals(id, a7.read32(Gic.GICC_BASE + 0x0C));              // IAR
        assertFalse(gic.cpu0Irq().isHigh(), "active: not signalled again");
        assertEquals(Gic.SPURIOUS, a7.read32(Gic.GICC_BASE + 0x0C));
        gic.spi(100).lower();
        a7.write32(Gic.GICC_BASE + 0x10, id);                           // EOIR
        assertFalse(gic.isActive(100));
        assertFalse(gic.cpu0Irq().isHigh());
    }

    @Test
    void higherPriorityWins() {
        gic.requestIrq(10, "low", false, spi -> { seen.add("low"); gic.spi(10).lower(); });
        gic.requestIrq(20, "high", false, spi -> { seen.add("high"); gic.spi(20).lower(); });
        f.a7().write8(Gic.GICD_BASE + 0x400 + 52, 0x80);               // SPI 20 priority 0x80 < 0xA0
        gic.spi(10).raise();
        gic.spi(20).raise();
        f.scheduler.runUntilIdle();
        assertEquals(List.of("high", "low"), seen);
    }

    @Test
    void typerReportsTheStm32mp15Size() {
        assertEquals(8, f.a7().read32(Gic.GICD_BASE + 4) & 0x1F);
        assertEquals(Stm32mp15.IRQ_IPCC_RX0, 100);
    }
}
