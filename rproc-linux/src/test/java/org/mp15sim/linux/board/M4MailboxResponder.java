package org.mp15sim.linux.board;

import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.periph.Ipcc;

/**
 * Test double for the M4 firmware's IPCC handling (until the M4 core runs real firmware on main): through the M4
 * bus it enables its RX interrupt and, on each channel the A7 posts, clears the flag after {@code latency}
 * (the ack the stm32_rproc shutdown/detach handshake waits for). Channels not in {@code ackMask} are left
 * occupied.
 */
final class M4MailboxResponder {
    private final AddressSpace m4;
    int ackMask = 0b1111;
    long latency = SimTime.us(20);
    int acks;
    final int[] acksPerChannel = new int[6];

    M4MailboxResponder(Stm32mp15 soc) {
        this.m4 = soc.m4();
        m4.write32(Ipcc.BASE + Ipcc.C2CR, (int) Ipcc.RXOIE);
        m4.write32(Ipcc.BASE + Ipcc.C2MR, 0xFFFF_0000);
        soc.ipcc().c2RxOccupied().addListener(high -> {
            if (!high) return;
            soc.scheduler().schedule("m4-ipcc-ack", latency, () -> {
                int pending = m4.read32(Ipcc.BASE + Ipcc.C1TOC2SR) & ackMask;
                if (pending != 0) {
                    acks += Integer.bitCount(pending);
                    for (int c = 0; c < 6; c++) if ((pending & (1 << c)) != 0) acksPerChannel[c]++;
                    m4.write32(Ipcc.BASE + Ipcc.C2SCR, pending);
                }
            });
        });
    }
}
