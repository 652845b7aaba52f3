package org.mp15sim.linux.virtio.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;

class VirtqueueTest {
    private final Scheduler s = new Scheduler();
    private final Kernel kernel = new Kernel(s, KernelConfig.defaults(), new AddressSpace("a7", new BusMaster("a7", 0, false)));
    private final Device dev = new Device(kernel, "virtio_rpmsg_bus", "virtio0");
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment mem = arena.allocate(0x1000, 16);
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        arena.close();
        s.close();
    }

    private Virtqueue vq(boolean eventIdx, boolean withCallback) {
        return new Virtqueue("output", 1, dev, new Vring(mem, 16, 16), eventIdx, () -> events.add("notify"),
                withCallback ? q -> events.add("callback") : null);
    }

    private int u16(long off) { return mem.get(Vring.U16, off) & 0xFFFF; }

    @ParameterizedTest(name = "num={0} align={1}")
    @CsvSource({"16, 16, 256, 304, 438", "256, 4096, 4096, 8192, 10246", "1, 4, 16, 24, 38", "64, 4096, 1024, 4096, 4614"})
    void layoutFollowsTheLegacySpec(int num, int align, long avail, long used, long size) {
        assertEquals(avail, Vring.availOffset(num));
        assertEquals(used, Vring.usedOffset(num, align));
        assertEquals(size, Vring.size(num, align));
    }

    @Test
    void aRingThatDoesNotFitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Vring(mem.asSlice(0, 437), 16, 16));
        assertThrows(IllegalArgumentException.class, () -> new Vring(mem, 12, 16));
    }

    @Test
    void addWritesDescriptorAvailSlotAndIndexLittleEndian() {
        Virtqueue q = vq(false, true);
        assertEquals(0, q.addOutbuf(0x1004_6000L, 0x23, "a"));
        byte[] desc0 = mem.asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE);
        assertEquals(List.of(0x00, 0x60, 0x04, 0x10, 0, 0, 0, 0, 0x23, 0, 0, 0, 0, 0, 1, 0), toList(desc0));
        assertEquals(0, u16(0x104), "avail ring[0] = head 0");
        assertEquals(1, u16(0x102), "avail idx");
        assertEquals(15, q.numFree());
        assertTrue(q.kick());
        assertEquals(List.of("notify"), events);
    }

    private static List<Integer> toList(byte[] b) {
        List<Integer> l = new ArrayList<>();
        for (byte x : b) l.add(x & 0xFF);
        return l;
    }

    @Test
    void getBufFollowsTheUsedRingAndRecyclesDescriptorsLifo() {
        Virtqueue q = vq(false, true);
        q.addInbuf(0x100, 512, "b0");
        q.addInbuf(0x300, 512, "b1");
        assertNull(q.getBuf());
        // device returns b1 first
        Vring r = q.vring();
        r.setUsedElem(0, 1, 40);
        r.setUsedIdx(1);
        Virtqueue.Used u = q.getBuf();
        assertEquals("b1", u.token());
        assertEquals(40, u.len());
        assertEquals(1, u16(0x100 + 4 + 2 * 16), "used_event written after get_buf while callbacks are on");
        assertEquals(0, q.addInbuf(0x500, 512, "b2"));
        assertEquals(0x500, r.descAddr(1), "the freed head is reused first");
        assertEquals(2, r.descNext(1), "its next is the old free head");
    }

    @Test
    void aCorruptUsedIdBreaksTheQueueWithTheKernelMessage() {
        Virtqueue q = vq(false, true);
        q.addInbuf(0x100, 512, "b0");
        q.vring().setUsedElem(0, 99, 4);
        q.vring().setUsedIdx(1);
        assertNull(q.getBuf());
        assertTrue(q.isBroken());
        assertTrue(kernel.dmesg().find("virtio_rpmsg_bus virtio0: output:id 99 out of range", 0) >= 0, kernel.dmesg().text());
        assertEquals(-Errno.EIO, q.addInbuf(0x100, 4, "x"));
    }

    @Test
    void noCallbackMeansNoInterruptFlagFromTheStart() {
        vq(false, false);
        assertEquals(1, u16(0x100));
    }

    @Test
    void kickHonoursNoNotifyAndEventIndex() {
        Virtqueue plain = vq(false, true);
        plain.addOutbuf(0x100, 4, "a");
        plain.vring().setUsedFlags(Vring.VRING_USED_F_NO_NOTIFY);
        assertTrue(plain.kick());
        assertTrue(events.isEmpty(), "device asked not to be notified");

        mem.fill((byte) 0);
        Virtqueue ev = vq(true, true);
        ev.addOutbuf(0x100, 4, "a");
        ev.vring().setAvailEvent(5);
        ev.kick();
        assertTrue(events.isEmpty(), "avail_event 5 not crossed by 0 -> 1");
        ev.vring().setAvailEvent(1);
        ev.addOutbuf(0x200, 4, "b");
        ev.kick();
        assertEquals(List.of("notify"), events, "avail_event 1 crossed by 1 -> 2");
    }

    @Test
    void interruptWithoutUsedBuffersIsNotHandled() {
        Virtqueue q = vq(false, true);
        assertFalse(q.interrupt());
        q.addInbuf(0x100, 4, "a");
        q.vring().setUsedElem(0, 0, 4);
        q.vring().setUsedIdx(1);
        assertTrue(q.interrupt());
        assertEquals(List.of("callback"), events);
    }

    @Test
    void fullRingRefusesWithEnospcAndNotifiesForOutbufs() {
        Virtqueue q = vq(false, true);
        for (int i = 0; i < 16; i++) assertEquals(0, q.addOutbuf(i, 1, i));
        assertEquals(-Errno.ENOSPC, q.addOutbuf(99, 1, 99));
        assertEquals(List.of("notify"), events);
        assertEquals(-Errno.ENOSPC, q.addInbuf(99, 1, 99));
        assertEquals(1, events.size());
    }

    @Test
    void enableCbReportsBuffersUsedMeanwhile() {
        Virtqueue q = vq(false, true);
        q.disableCb();
        assertEquals(1, u16(0x100));
        q.addOutbuf(0x100, 4, "a");
        q.vring().setUsedElem(0, 0, 4);
        q.vring().setUsedIdx(1);
        assertFalse(q.enableCb(), "a buffer was used while callbacks were off");
        assertEquals(0, u16(0x100));
    }
}
