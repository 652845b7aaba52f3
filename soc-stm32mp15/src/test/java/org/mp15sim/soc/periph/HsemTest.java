package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.soc.SocFixture;

class HsemTest {
    private static final long B = Hsem.BASE;
    private final SocFixture f = new SocFixture();
    private final Hsem hsem = f.soc.hsem();

    @AfterEach void close() { f.close(); }

    @Test
    void oneStepLockByTheM4ReadsCoreId2() {
        assertEquals(0x8000_0200, f.m4().read32(B + 0x80));          // RLR0
        assertEquals(0x8000_0200, f.a7().read32(B + 0x00));          // R0 seen by anyone
        assertEquals(0x8000_0200, f.a7().read32(B + 0x80), "a locked semaphore is not stolen by a 1-step read");
    }

    @Test
    void oneStepLockByTheA7ReadsCoreId1() {
        assertEquals(0x8000_0100, f.a7().read32(B + 0x84));
        assertEquals(0x8000_0100, f.m4().read32(B + 0x84));
    }

    @Test
    void twoStepLockRecordsProcessIdAndRefusesAnotherCoresName() {
        f.m4().write32(B + 4 * 5, 0x8000_0100 | 7);                  // M4 claims to be core 1: ignored
        assertEquals(0, hsem.semaphore(5));
        f.m4().write32(B + 4 * 5, 0x8000_0200 | 7);
        assertEquals(0x8000_0207, f.m4().read32(B + 4 * 5));
        f.a7().write32(B + 4 * 5, 0x8000_0100 | 3);                  // A7 tries while taken
        assertEquals(0x8000_0207, hsem.semaphore(5));
    }

    @Test
    void unlockNeedsOwnerCoreAndProcess() {
        f.m4().write32(B + 4 * 2, 0x8000_0209);
        f.m4().write32(B + 4 * 2, 0x0000_0208);                      // wrong PROCID
        assertEquals(0x8000_0209, hsem.semaphore(2));
        f.a7().write32(B + 4 * 2, 0x0000_0109);                      // wrong core
        assertEquals(0x8000_0209, hsem.semaphore(2));
        f.m4().write32(B + 4 * 2, 0x0000_0209);
        assertEquals(0, hsem.semaphore(2));
    }

    @Test
    void freeingSetsStatusAndEnabledInterruptReachesM4Nvic125() {
        f.m4().write32(B + Hsem.C2IER, 1 << 3);
        f.a7().read32(B + 0x80 + 4 * 3);                              // A7 takes semaphore 3
        f.a7().write32(B + 4 * 3, 0x0000_0100);                       // and frees it
        assertEquals(1 << 3, f.m4().read32(B + Hsem.C2ISR));
        assertEquals(1 << 3, f.m4().read32(B + Hsem.C2MISR));
        assertTrue(hsem.it2().isHigh());
        assertTrue(f.core.irq[125]);
        assertEquals(1 << 3, f.a7().read32(B + Hsem.C1ISR), "C1ISR is set too, but C1IER is 0");
        assertEquals(0, f.a7().read32(B + Hsem.C1MISR));
        assertFalse(hsem.it1().isHigh());
        f.m4().write32(B + Hsem.C2ICR, 1 << 3);
        assertFalse(hsem.it2().isHigh());
        assertEquals(0, f.m4().read32(B + Hsem.C2ISR));
    }

    @Test
    void a7InterruptGoesThroughExti63ToGicSpi125() {
        f.a7().write32(B + Hsem.C1IER, 1);
        f.m4().read32(B + 0x80);
        f.m4().write32(B, 0x200);
        assertTrue(f.soc.gicSpi(125).isHigh());
    }

    @Test
    void clearAllNeedsTheKey() {
        f.m4().read32(B + 0x80);
        f.m4().read32(B + 0x84);
        f.a7().read32(B + 0x88);
        f.m4().write32(B + Hsem.KEYR, 0x1234_0000);
        f.m4().write32(B + Hsem.CR, 0x4321_0200);                      // wrong key
        assertEquals(0x8000_0200, hsem.semaphore(0));
        f.m4().write32(B + Hsem.CR, 0x1234_0200);
        assertEquals(0, hsem.semaphore(0));
        assertEquals(0, hsem.semaphore(1));
        assertEquals(0x8000_0100, hsem.semaphore(2), "the A7's semaphore stays");
    }

    @Test
    void hardwareConfiguration() {
        assertEquals(32, f.a7().read32(B + 0x3F0) & 0xFF);
    }
}
