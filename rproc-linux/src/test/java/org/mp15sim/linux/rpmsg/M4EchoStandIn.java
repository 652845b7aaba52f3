package org.mp15sim.linux.rpmsg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.m4.M4Core;
import org.mp15sim.soc.periph.Ipcc;

/**
 * A Java stand-in for firmware/rpmsg_echo running on the M4, for end-to-end tests while no M4 core executes
 * firmware: the same algorithm as rpmsg_echo.c (IPCC C2 bank set-up, doorbells acknowledged at once, DRIVER_OK
 * poll, "rpmsg-tty" announced at 0x400, echo with back-pressure, shutdown/detach acknowledged or ignored), done
 * only through the M4's bus view of the IPCC and the shared SRAM, reacting {@link #latency} after its IPCC
 * interrupt rises.
 */
final class M4EchoStandIn implements M4Core {
    static final int ECHO_ADDR = 0x400;
    private static final long IPCC = Ipcc.BASE;

    private final Scheduler s;
    private final AddressSpace m4;
    private final Stm32mp15 soc;
    private final long rsc;
    private final boolean ack;
    long latency = SimTime.us(2);
    final List<String> log = new ArrayList<>();
    private boolean running;
    private boolean started;
    private boolean stopped;
    private long toHost, fromHost;
    private int toHostLast, fromHostLast;
    int echoed;

    M4EchoStandIn(Stm32mp15 soc, long rscAddr, boolean ackShutdown) {
        this.soc = soc;
        this.s = soc.scheduler();
        this.m4 = soc.m4();
        this.rsc = rscAddr;
        this.ack = ackShutdown;
        soc.m4Subsystem().attach(this);
    }

    /** The reset handler: C run-time set-up, then ipcc_init() of the firmware. */
    @Override
    public void resetAndRun() {
        running = true;
        started = false;
        stopped = false;
        m4.write32(IPCC + Ipcc.C2CR, 0);
        m4.write32(IPCC + Ipcc.C2MR, 0x003F_003F);
        m4.write32(IPCC + Ipcc.C2SCR, 0x3F);
        m4.write32(IPCC + Ipcc.C2CR, (int) Ipcc.RXOIE);
        int listen = ack ? 0xF : 0x3;
        m4.write32(IPCC + Ipcc.C2MR, m4.read32(IPCC + Ipcc.C2MR) & ~listen);
        log.add("boot");
    }

    @Override public void halt() { running = false; }

    @Override
    public void setIrqLevel(int irq, boolean high) {
        if (irq == Stm32mp15.IRQ_IPCC_RX1 && high && running) s.schedule("m4-standin", latency, this::service);
    }

    private void service() {
        if (!running || stopped) return;
        int pending = m4.read32(IPCC + Ipcc.C1TOC2SR) & ~m4.read32(IPCC + Ipcc.C2MR) & 0x3F;
        int doorbells = pending & 0x3;
        int requests = pending & ~0x3;
        if (doorbells != 0) m4.write32(IPCC + Ipcc.C2SCR, doorbells);
        if (requests != 0) m4.write32(IPCC + Ipcc.C2MR, m4.read32(IPCC + Ipcc.C2MR) | requests);
        if ((requests & 4) != 0) {
            log.add("shutdown after " + echoed + " echoes");
            m4.write32(IPCC + Ipcc.C2MR, 0x003F_003F);
            m4.write32(IPCC + Ipcc.C2SCR, 4);
            stopped = true;
            return;
        }
        if ((requests & 8) != 0) {
            log.add("detach");
            m4.write32(IPCC + Ipcc.C2SCR, 8);
            m4.write32(IPCC + Ipcc.C2MR, m4.read32(IPCC + Ipcc.C2MR) & ~8);
            started = false;
            return;
        }
        if (!started) {
            if ((m4.read8(rsc + 48) & 4) == 0) return;
            toHost = m4.read32(rsc + 52) & 0xFFFF_FFFFL;
            fromHost = m4.read32(rsc + 72) & 0xFFFF_FFFFL;
            toHostLast = 0;
            fromHostLast = 0;
            started = true;
            log.add(String.format("host ready, vring0 0x%08x vring1 0x%08x", toHost, fromHost));
            byte[] ns = RpmsgNs.encode("rpmsg-tty", ECHO_ADDR, 0);
            if (put(toHost, ECHO_ADDR, 0x35, ns) && wantsInterrupt(toHost)) notifyHost(0);
        }
        serviceFromHost();
    }

    private static long avail(long ring) { return ring + 16L * 16; }
    private static long used(long ring) { return ring + 0x130; }

    private boolean hasAvail(long ring, int last) { return (m4.read16(avail(ring) + 2) & 0xFFFF) != last; }
    private boolean wantsInterrupt(long ring) { return (m4.read16(avail(ring)) & 1) == 0; }

    private void putUsed(long ring, int head, int len) {
        int idx = m4.read16(used(ring) + 2) & 0xFFFF;
        m4.write32(used(ring) + 4 + 8L * (idx & 15), head);
        m4.write32(used(ring) + 8 + 8L * (idx & 15), len);
        m4.write16(used(ring) + 2, (idx + 1) & 0xFFFF);
    }

    private boolean put(long ring, int src, int dst, byte[] data) {
        if (!hasAvail(ring, toHostLast)) return false;
        int head = m4.read16(avail(ring) + 4 + 2L * (toHostLast & 15)) & 0xFFFF;
        toHostLast = (toHostLast + 1) & 0xFFFF;
        long d = ring + 16L * (head & 15);
        long buf = m4.read32(d) & 0xFFFF_FFFFL;
        int len = Math.min(data.length, m4.read32(d + 8) - 16);
        m4.write32(buf, src);
        m4.write32(buf + 4, dst);
        m4.write32(buf + 8, 0);
        m4.write16(buf + 12, len);
        m4.write16(buf + 14, 0);
        m4.writeBytes(buf + 16, data, 0, len);
        putUsed(ring, head, 16 + len);
        return true;
    }

    private void serviceFromHost() {
        boolean sent = false, returned = false;
        while (hasAvail(fromHost, fromHostLast) && hasAvail(toHost, toHostLast)) {
            int head = m4.read16(avail(fromHost) + 4 + 2L * (fromHostLast & 15)) & 0xFFFF;
            fromHostLast = (fromHostLast + 1) & 0xFFFF;
            long d = fromHost + 16L * (head & 15);
            long buf = m4.read32(d) & 0xFFFF_FFFFL;
            int dlen = m4.read32(d + 8);
            int src = m4.read32(buf), dst = m4.read32(buf + 4);
            int len = Math.min(m4.read16(buf + 12) & 0xFFFF, dlen - 16);
            byte[] p = m4.readBytes(buf + 16, len);
            if (dst == ECHO_ADDR) {
                sent |= put(toHost, ECHO_ADDR, src, p);
                echoed++;
            } else {
                log.add("dropped for 0x" + Integer.toHexString(dst) + ": " + new String(p, StandardCharsets.ISO_8859_1));
            }
            putUsed(fromHost, head, dlen);
            returned = true;
        }
        if (sent && wantsInterrupt(toHost)) notifyHost(0);
        if (returned && wantsInterrupt(fromHost)) notifyHost(1);
    }

    /** Kicks Linux on {@code ch} once it took the previous kick (the firmware busy-waits; we poll each µs). */
    private void notifyHost(int ch) {
        if ((m4.read32(IPCC + Ipcc.C2TOC1SR) & (1 << ch)) != 0) {
            s.schedule("m4-standin-kick", SimTime.us(1), () -> notifyHost(ch));
            return;
        }
        m4.write32(IPCC + Ipcc.C2SCR, 1 << (16 + ch));
    }
}
