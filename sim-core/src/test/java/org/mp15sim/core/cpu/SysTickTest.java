package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SysTickTest {
    private static SysTick running(int reload, long atCycle) {
        SysTick t = new SysTick(8);
        t.reset();
        t.writeRvr(atCycle, reload);
        t.writeCvr(atCycle);
        t.writeCsr(atCycle, SysTick.CSR_ENABLE | SysTick.CSR_TICKINT | SysTick.CSR_CLKSOURCE);
        return t;
    }

    @Test
    void reloadsOnTheTickAfterZeroAndWrapsEveryReloadPlusOne() {
        SysTick t = running(99, 1000);
        assertEquals(0, t.value(1000));
        assertEquals(99, t.value(1001));
        assertEquals(1, t.value(1099));
        assertEquals(0, t.value(1100));
        assertEquals(99, t.value(1101));
        assertEquals(1100, t.nextWrapCycle(1000));
        assertEquals(1200, t.nextWrapCycle(1100));
        assertEquals(1200, t.nextWrapCycle(1150));
    }

    @Test
    void countflagSetsOnWrapAndClearsOnRead() {
        SysTick t = running(9, 0);
        assertEquals(0, t.readCsr(5) & SysTick.CSR_COUNTFLAG);
        assertTrue((t.readCsr(10) & SysTick.CSR_COUNTFLAG) != 0);
        assertEquals(0, t.readCsr(11) & SysTick.CSR_COUNTFLAG);
        assertTrue((t.readCsr(35) & SysTick.CSR_COUNTFLAG) != 0, "several wraps: one flag");
    }

    @Test
    void cvrWriteRestartsFromReload() {
        SysTick t = running(9, 0);
        t.writeCvr(7);
        assertEquals(0, t.value(7));
        assertEquals(9, t.value(8));
        assertEquals(17, t.nextWrapCycle(7));
    }

    @Test
    void disabledCounterHoldsItsValue() {
        SysTick t = running(99, 0);
        t.writeCsr(31, SysTick.CSR_CLKSOURCE);
        int held = t.value(31);
        assertEquals(held, t.value(5000));
        assertEquals(Long.MAX_VALUE, t.nextWrapCycle(5000));
        t.writeCsr(6000, SysTick.CSR_ENABLE | SysTick.CSR_CLKSOURCE);
        assertEquals(6000 + held, t.nextWrapCycle(6000));
    }

    @Test
    void referenceClockTicksEighthOfTheCoreClock() {
        SysTick t = new SysTick(8);
        t.reset();
        t.writeRvr(0, 9);
        t.writeCsr(0, SysTick.CSR_ENABLE);
        assertEquals(80, t.nextWrapCycle(0));
        assertEquals(160, t.nextWrapCycle(80));
    }

    @Test
    void reloadOfZeroStopsAfterReachingZero() {
        SysTick t = running(0, 0);
        assertEquals(Long.MAX_VALUE, t.nextWrapCycle(0));
    }
}
