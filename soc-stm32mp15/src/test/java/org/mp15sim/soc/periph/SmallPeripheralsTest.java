package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.soc.SocFixture;

/** PWR, TAMP, SYSCFG, DBGMCU, GPIO and USART register behaviour at register level. */
class SmallPeripheralsTest {
    private final SocFixture f = new SocFixture();

    @AfterEach void close() { f.close(); }

    @Test
    void pddsIsSetAndClearedByTheLinuxSyscon() {
        long mcucr = Pwr.BASE + Pwr.MCUCR;
        f.a7().write32(mcucr, 1);
        assertTrue(f.soc.pwr().pdds());
        f.a7().write32(mcucr, f.a7().read32(mcucr) & ~1);
        assertFalse(f.soc.pwr().pdds());
        f.a7().write32(mcucr, 0xFFFF_FFFF);
        assertEquals(1, f.a7().read32(mcucr), "flags are read-only, CSSF reads 0");
    }

    @Test
    void backupRegistersSurviveAnM4Reset() {
        f.a7().write32(Tamp.BASE + 0x144, 0x1002_0118);
        f.a7().write32(Tamp.BASE + 0x148, Tamp.M4_STATE_CRUN);
        f.a7().write32(Rcc.BASE + Rcc.MP_GRSTCSETR, (int) Rcc.MCURST);
        f.soc.injectWatchdogExpiry();
        assertEquals(0x1002_0118, f.m4().read32(Tamp.BASE + 0x144));
        assertEquals(Tamp.M4_STATE_CRUN, f.soc.tamp().m4State());
    }

    @Test
    void smcrIsWritableOnlyBySecureMastersAndSplitsTheZones() {
        f.a7().write32(Tamp.BASE + Tamp.SMCR, 0x0008_0004);
        assertEquals(0, f.a7s().read32(Tamp.BASE + Tamp.SMCR));
        f.a7s().write32(Tamp.BASE + Tamp.SMCR, 0x0008_0004);       // BKP0-3 secure RW, BKP4-7 secure W / NS R
        f.a7s().write32(Tamp.BASE + 0x100 + 4 * 5, 55);
        f.a7().write32(Tamp.BASE + 0x100 + 4 * 5, 66);
        assertEquals(55, f.a7().read32(Tamp.BASE + 0x100 + 4 * 5), "zone 2: non-secure read allowed, write refused");
        f.a7().write32(Tamp.BASE + 0x100 + 4 * 8, 77);
        assertEquals(77, f.a7().read32(Tamp.BASE + 0x100 + 4 * 8), "zone 3: free");
    }

    @Test
    void syscfgSetClearPairsAndCompensationReady() {
        f.a7().write32(Syscfg.BASE + 0x04, 0x30);                  // PMCSETR
        f.a7().write32(Syscfg.BASE + 0x44, 0x10);                  // PMCCLRR
        assertEquals(0x20, f.a7().read32(Syscfg.BASE + 0x04));
        assertEquals(0x20, f.a7().read32(Syscfg.BASE + 0x44));
        assertEquals(0x100, f.a7().read32(Syscfg.BASE + 0x20) & 0x100, "CMPCR.READY");
        f.m4().write32(Syscfg.BASE, 0xFFFF_FFFF);
        assertEquals(0x75, f.m4().read32(Syscfg.BASE), "BOOT pins read-only, pull-down bits writable");
    }

    @Test
    void gpioInputsBsrrPriorityAndBrr() {
        long h = Gpio.GPIOA_BASE + 0x1000L * 7;
        f.m4().write32(h, 0x0000_4000);                            // PH7 output, the rest inputs
        f.soc.gpio('H').setInput(3, true);
        f.m4().write32(h + 0x18, (1 << 7) | (1 << (16 + 7)));      // set and reset together: set wins
        assertEquals((1 << 7) | (1 << 3), f.m4().read32(h + 0x10));
        f.m4().write32(h + 0x28, 1 << 7);                          // BRR
        assertEquals(1 << 3, f.m4().read32(h + 0x10));
        assertEquals(0, f.m4().read32(h + 0x18), "BSRR reads 0");
        assertEquals(2, f.soc.gpioLog().of('H', 7).size());
    }

    @Test
    void usartTransmitCompleteClearsUntilTheNextByteAndTheDisabledTransmitterDropsBytes() {
        long u = Usart.UART7_BASE;
        f.m4().write32(u + 0x28, 'a');                             // UE = 0: lost
        assertEquals("", f.soc.uart7().outputText());
        f.m4().write32(u, 1 | 8 | (1 << 6));                       // UE TE TCIE
        assertTrue(f.core.irq[82], "UART7_IRQn = 82: TC is set");
        f.m4().write32(u + 0x20, 1 << 6);                          // ICR.TCCF
        assertEquals(0, f.m4().read32(u + 0x1C) & (1 << 6));
        assertFalse(f.core.irq[82]);
        f.m4().write32(u + 0x28, 'b');
        assertTrue(f.core.irq[82]);
        assertEquals("b", f.soc.uart7().outputText());
    }

    @Test
    void bytesLeaveAtTheBaudRate() {
        long u = Usart.USART3_BASE;
        java.util.List<Long> at = new java.util.ArrayList<>();
        f.soc.usart3().addListener(b -> at.add(f.scheduler.now()));
        f.m4().write32(u + 0x0C, 907);                             // 104.5 MHz / 907 = 115,215 baud
        f.m4().write32(u, 1 | 8);
        f.m4().write32(u + 0x28, 'o');
        assertEquals(1 << 7, f.m4().read32(u + 0x1C) & (1 << 7), "TDR moved to the shift register: TXE");
        assertEquals(0, f.m4().read32(u + 0x1C) & (1 << 6), "TC only once the frame is out");
        f.m4().write32(u + 0x28, 'k');
        assertEquals(0, f.m4().read32(u + 0x1C) & (1 << 7), "TDR full");
        f.scheduler.runUntilIdle();
        long frame = Math.round(10.0 * 907 / 104_500_000 * 1e12);  // start + 8 data + stop
        assertEquals(java.util.List.of(frame, 2 * frame), at);
        assertEquals("ok", f.soc.usart3().outputText());
        assertEquals(0xC0, f.m4().read32(u + 0x1C) & 0xC0);
    }

    @Test
    void receiveOverrunSetsOre() {
        long u = Usart.USART3_BASE;
        f.m4().write32(u, 1 | 4);
        f.soc.usart3().receive(new byte[Usart.RX_DEPTH + 1]);
        assertEquals(1 << 3, f.m4().read32(u + 0x1C) & (1 << 3));
        f.m4().write32(u + 0x20, 1 << 3);
        assertEquals(0, f.m4().read32(u + 0x1C) & (1 << 3));
    }

    @Test
    void dbgmcuIdcodeIsReadOnly() {
        int id = f.a7().read32(Dbgmcu.BASE);
        f.a7().write32(Dbgmcu.BASE, 0);
        assertEquals(id, f.a7().read32(Dbgmcu.BASE));
        assertEquals(0x2001_0500, id);
    }
}
