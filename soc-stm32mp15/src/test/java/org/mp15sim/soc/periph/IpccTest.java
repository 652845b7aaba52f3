package org.mp15sim.soc.periph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.soc.SocFixture;

class IpccTest {
    private static final long B = Ipcc.BASE;
    private final SocFixture f = new SocFixture();
    private final Ipcc ipcc = f.soc.ipcc();

    @AfterEach void close() { f.close(); }

    /**
     * Spec §1.3 truth table, one row per input combination, for both processors and channel index 2:
     * RXO(P) = RXOIE and other side's flag and not CHnOM; TXF(P) = TXFIE and not own flag and not CHnFM.
     */
    static Stream<Arguments> truthTable() {
        List<Arguments> rows = new ArrayList<>();
        for (int proc = 1; proc <= 2; proc++) {
            for (int ie = 0; ie < 2; ie++) for (int masked = 0; masked < 2; masked++) for (int flag = 0; flag < 2; flag++) {
                rows.add(Arguments.of(proc, "RXO", ie == 1, masked == 1, flag == 1, ie == 1 && masked == 0 && flag == 1));
                rows.add(Arguments.of(proc, "TXF", ie == 1, masked == 1, flag == 1, ie == 1 && masked == 0 && flag == 0));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "C{0} {1}: IE={2} masked={3} flag={4} -> {5}")
    @MethodSource("truthTable")
    void interruptOutputsFollowTheTruthTable(int proc, String line, boolean ie, boolean masked, boolean flag, boolean expected) {
        int ch = 2;
        long bank = proc == 1 ? 0x00 : 0x10;
        long otherBank = proc == 1 ? 0x10 : 0x00;
        AddressSpace me = proc == 1 ? f.a7() : f.m4();
        AddressSpace other = proc == 1 ? f.m4() : f.a7();
        boolean rxo = line.equals("RXO");
        // Everything else masked so only channel 2 can drive the line.
        long unmaskBit = rxo ? 1L << ch : 1L << (16 + ch);
        me.write32(B + bank + 0x4, (int) (masked ? 0x003F003FL : 0x003F003FL & ~unmaskBit));
        if (flag) {
            if (rxo) other.write32(B + otherBank + 0x8, 1 << (16 + ch)); // the other side posts
            else me.write32(B + bank + 0x8, 1 << (16 + ch));             // I post
        }
        me.write32(B + bank, ie ? (rxo ? 1 : 1 << 16) : 0);
        boolean actual = switch (proc * 10 + (rxo ? 1 : 2)) {
            case 11 -> ipcc.c1RxOccupied().isHigh();
            case 12 -> ipcc.c1TxFree().isHigh();
            case 21 -> ipcc.c2RxOccupied().isHigh();
            default -> ipcc.c2TxFree().isHigh();
        };
        assertEquals(expected, actual);
    }

    @Test
    void setClearRegistersReadZeroSoReadModifyWriteDoesNotRepeatOldCommands() {
        f.m4().write32(B + Ipcc.C2SCR, 1 << 16);           // M4 posts channel 0
        assertEquals(0, f.m4().read32(B + Ipcc.C2SCR));
        f.a7().write32(B + Ipcc.C1SCR, f.a7().read32(B + Ipcc.C1SCR) | 1); // A7 clears channel 0 with |=
        assertEquals(0, ipcc.m4ToA7Occupied());
        assertEquals(0, f.a7().read32(B + Ipcc.C2TOC1SR));
    }

    @Test
    void linuxSendIsAcknowledgedByTheM4ClearingTheFlag() {
        // Linux probe: mask all, enable both interrupts.
        f.a7().write32(B + Ipcc.C1MR, 0xFFFF_FFFF);
        f.a7().write32(B + Ipcc.C1CR, (int) (Ipcc.RXOIE | Ipcc.TXFIE));
        // HAL init on the M4: CR = 0, MR = 0x3F003F, SCR = 0x3F, then both enables, RX unmasked on channel 1.
        f.m4().write32(B + Ipcc.C2CR, 0);
        f.m4().write32(B + Ipcc.C2MR, 0x003F003F);
        f.m4().write32(B + Ipcc.C2SCR, 0x3F);
        f.m4().write32(B + Ipcc.C2CR, (int) (Ipcc.RXOIE | Ipcc.TXFIE));
        f.m4().write32(B + Ipcc.C2MR, 0x003F003F & ~(1 << 1));
        // stm32_ipcc_send_data(chan 1): set occupied, unmask TX free.
        f.a7().write32(B + Ipcc.C1SCR, 1 << 17);
        f.a7().write32(B + Ipcc.C1MR, f.a7().read32(B + Ipcc.C1MR) & ~(1 << 17));
        assertEquals(0b10, f.a7().read32(B + Ipcc.C1TOC2SR));
        assertTrue(ipcc.c2RxOccupied().isHigh(), "M4 RX occupied (NVIC 103)");
        assertTrue(f.core.irq[103]);
        assertFalse(ipcc.c1TxFree().isHigh(), "channel still occupied: no TX free yet");
        // HAL RX handler: mask, callback, clear the A7 flag, unmask.
        f.m4().write32(B + Ipcc.C2MR, f.m4().read32(B + Ipcc.C2MR) | (1 << 1));
        assertFalse(ipcc.c2RxOccupied().isHigh());
        f.m4().write32(B + Ipcc.C2SCR, f.m4().read32(B + Ipcc.C2SCR) | (1 << 1));
        f.m4().write32(B + Ipcc.C2MR, f.m4().read32(B + Ipcc.C2MR) & ~(1 << 1));
        assertFalse(ipcc.c2RxOccupied().isHigh());
        assertTrue(ipcc.c1TxFree().isHigh(), "A7 TX free (GIC SPI 101) once the M4 acknowledged");
        assertTrue(f.soc.gicSpi(101).isHigh());
        // Linux TX irq: mask the channel's TX free -> the line drops.
        f.a7().write32(B + Ipcc.C1MR, f.a7().read32(B + Ipcc.C1MR) | (1 << 17));
        assertFalse(ipcc.c1TxFree().isHigh());
    }

    @Test
    void m4KickReachesGicSpi100ThroughExtiLine61() {
        f.a7().write32(B + Ipcc.C1CR, 1);
        f.a7().write32(B + Ipcc.C1MR, 0x003F003F & ~1);
        f.m4().write32(B + Ipcc.C2SCR, 1 << 16);
        assertTrue(f.soc.exti().input(61).isHigh());
        assertTrue(f.soc.gicSpi(100).isHigh());
        f.a7().write32(B + Ipcc.C1SCR, 1); // Linux acks after the rx callback
        assertFalse(f.soc.gicSpi(100).isHigh());
    }

    @Test
    void identificationRegisters() {
        assertEquals(6, f.a7().read32(B + Ipcc.HWCFGR) & 0xFF);
        assertEquals(0x10, f.a7().read32(B + Ipcc.VER));
        assertEquals(0x003F003F, f.a7().read32(B + Ipcc.C1MR));
        assertEquals(0, f.a7().read32(B + Ipcc.C1CR));
    }

    @Test
    void statusRegistersIgnoreWrites() {
        f.m4().write32(B + Ipcc.C2SCR, 1 << 20);
        f.a7().write32(B + Ipcc.C2TOC1SR, 0);
        f.a7().write32(B + Ipcc.C1TOC2SR, 0x3F);
        assertEquals(1 << 4, f.a7().read32(B + Ipcc.C2TOC1SR));
        assertEquals(0, f.a7().read32(B + Ipcc.C1TOC2SR));
    }

    /** Linux probe and stm32_ipcc_send_data on {@code ch}: TX-free enabled and unmasked only for that channel. */
    private void linuxPosts(int ch) {
        f.a7().write32(B + Ipcc.C1MR, 0xFFFF_FFFF);
        f.a7().write32(B + Ipcc.C1CR, (int) (Ipcc.RXOIE | Ipcc.TXFIE));
        f.a7().write32(B + Ipcc.C1SCR, 1 << (16 + ch));
        f.a7().write32(B + Ipcc.C1MR, f.a7().read32(B + Ipcc.C1MR) & ~(1 << (16 + ch)));
    }

    @Test
    void droppedM4AckLeavesLinuxChannelOccupiedAndTxFreeLow() {
        ipcc.dropM4Acks(2);
        linuxPosts(2);
        linuxPosts(0);
        f.m4().write32(B + Ipcc.C2SCR, (1 << 2) | (1 << 0)); // the firmware acks both channels in one write

        assertEquals(0b100, ipcc.a7ToM4Occupied(), "channel 2's clear is lost, channel 0's acts");
        f.a7().write32(B + Ipcc.C1MR, f.a7().read32(B + Ipcc.C1MR) | (1 << 16)); // Linux masks channel 0's TX free
        assertFalse(ipcc.c1TxFree().isHigh(), "no TX free for the unacked channel 2");
        assertEquals(1, ipcc.droppedM4Acks());
        assertEquals(0b100, ipcc.m4AcksDroppedChannels());
        assertTrue(f.soc.summary().stream().anyMatch(l -> l.contains("M4 acknowledgements dropped") && l.contains("1 ack")),
                () -> String.join("\n", f.soc.summary()));
    }

    @Test
    void droppedM4AcksLeaveTheOtherDirectionAndSetsAlone() {
        ipcc.dropM4Acks(2);
        f.m4().write32(B + Ipcc.C2SCR, 1 << 18);   // the M4 still posts channel 2
        assertEquals(0b100, ipcc.m4ToA7Occupied());
        f.a7().write32(B + Ipcc.C1SCR, 1 << 2);    // and Linux's ack of it still clears
        assertEquals(0, ipcc.m4ToA7Occupied());
        f.m4().write32(B + Ipcc.C2SCR, 1 << 2);    // a clear of an idle channel is no lost ack
        assertEquals(0, ipcc.droppedM4Acks());
    }

    @Test
    void withoutTheFaultTheSameAckFreesTheChannel() {
        linuxPosts(2);
        f.m4().write32(B + Ipcc.C2SCR, 1 << 2);
        assertEquals(0, ipcc.a7ToM4Occupied());
        assertTrue(ipcc.c1TxFree().isHigh());
        assertTrue(f.soc.summary().stream().noneMatch(l -> l.contains("acknowledgements dropped")), () -> String.join("\n", f.soc.summary()));
    }

    @Test
    void dropM4AcksRefusesAChannelTheBlockDoesNotHave() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ipcc.dropM4Acks(6));
        assertTrue(e.getMessage().contains("0..5"), e.getMessage());
    }
}
