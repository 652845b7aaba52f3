package org.mp15sim.linux.rpmsg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.linux.virtio.ring.Vring;

/**
 * The remote processor's side of the rpmsg vdev, written against the ring bytes only (what OpenAMP does on the M4):
 * it consumes Linux's TX ring (vring1), fills Linux's RX buffers (vring0), echoes every message sent to one of its
 * {@link #echoAddrs}, and records everything it receives.
 */
final class RemoteDouble {
    record Msg(int src, int dst, byte[] payload) {
        String text() { return new String(payload, StandardCharsets.ISO_8859_1); }
    }

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final FakeRprocVdev vdev;
    final List<Msg> received = new ArrayList<>();
    final List<Integer> echoAddrs = new ArrayList<>();
    private final ArrayDeque<Msg> outbox = new ArrayDeque<>();
    private int rxLastAvail;   // vring0: buffers Linux gave us to write into
    private int txLastAvail;   // vring1: messages Linux sent
    boolean consumeTx = true;
    int kicksToHost0;
    int kicksToHost1;

    RemoteDouble(FakeRprocVdev vdev) {
        this.vdev = vdev;
        vdev.remote = this;
    }

    private Vring ring(int i) { return new Vring(vdev.vring(i).va(), vdev.num, 16); }

    void hostKicked(int index) {
        if (index == 1 && consumeTx) drainTx();
        flushOutbox();
    }

    /** Consume every message Linux has queued on vring1. */
    void drainTx() {
        Vring tx = ring(1);
        boolean any = false;
        while (txLastAvail != tx.availIdx()) {
            int head = tx.availRing(txLastAvail & (vdev.num - 1));
            long addr = tx.descAddr(head);
            int len = tx.descLen(head);
            MemorySegment m = vdev.mem(addr, len);
            int src = m.get(U32, 0), dst = m.get(U32, 4);
            int plen = m.get(U16, 12) & 0xFFFF;
            byte[] p = new byte[plen];
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 16, p, 0, plen);
            Msg msg = new Msg(src, dst, p);
            received.add(msg);
            if (echoAddrs.contains(dst)) outbox.add(new Msg(dst, src, p));
            int u = tx.usedIdx();
            tx.setUsedElem(u & (vdev.num - 1), head, len);
            tx.setUsedIdx((u + 1) & 0xFFFF);
            txLastAvail = (txLastAvail + 1) & 0xFFFF;
            any = true;
        }
        if (any && (tx.availFlags() & Vring.VRING_AVAIL_F_NO_INTERRUPT) == 0) {
            kicksToHost1++;
            vdev.remoteKick(1);
        }
    }

    void send(int src, int dst, byte[] payload) {
        outbox.add(new Msg(src, dst, payload));
        flushOutbox();
    }

    void send(int src, int dst, String text) { send(src, dst, text.getBytes(StandardCharsets.ISO_8859_1)); }

    /** A raw message with a header length of its own choosing (malformed-input tests). */
    void sendRaw(int src, int dst, int hdrLen, byte[] payload, int usedLen) {
        Vring rx = ring(0);
        if (rxLastAvail == rx.availIdx()) throw new IllegalStateException("no RX buffer");
        int head = rx.availRing(rxLastAvail & (vdev.num - 1));
        MemorySegment m = vdev.mem(rx.descAddr(head), rx.descLen(head));
        m.set(U32, 0, src);
        m.set(U32, 4, dst);
        m.set(U32, 8, 0);
        m.set(U16, 12, (short) hdrLen);
        m.set(U16, 14, (short) 0);
        MemorySegment.copy(payload, 0, m, ValueLayout.JAVA_BYTE, 16, payload.length);
        int u = rx.usedIdx();
        rx.setUsedElem(u & (vdev.num - 1), head, usedLen);
        rx.setUsedIdx((u + 1) & 0xFFFF);
        rxLastAvail = (rxLastAvail + 1) & 0xFFFF;
        kicksToHost0++;
        vdev.remoteKick(0);
    }

    void announce(String name, int addr, int flags) { send(addr, 0x35, RpmsgNs.encode(name, addr, flags)); }

    private void flushOutbox() {
        Vring rx = ring(0);
        boolean any = false;
        while (!outbox.isEmpty() && rxLastAvail != rx.availIdx()) {
            Msg msg = outbox.pollFirst();
            int head = rx.availRing(rxLastAvail & (vdev.num - 1));
            MemorySegment m = vdev.mem(rx.descAddr(head), rx.descLen(head));
            m.set(U32, 0, msg.src());
            m.set(U32, 4, msg.dst());
            m.set(U32, 8, 0);
            m.set(U16, 12, (short) msg.payload().length);
            m.set(U16, 14, (short) 0);
            MemorySegment.copy(msg.payload(), 0, m, ValueLayout.JAVA_BYTE, 16, msg.payload().length);
            int u = rx.usedIdx();
            rx.setUsedElem(u & (vdev.num - 1), head, 16 + msg.payload().length);
            rx.setUsedIdx((u + 1) & 0xFFFF);
            rxLastAvail = (rxLastAvail + 1) & 0xFFFF;
            any = true;
        }
        if (any && (rx.availFlags() & Vring.VRING_AVAIL_F_NO_INTERRUPT) == 0) {
            kicksToHost0++;
            vdev.remoteKick(0);
        }
    }

    int outboxSize() { return outbox.size(); }
}
