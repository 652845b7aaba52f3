package org.mp15sim.linux.rpmsg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.virtio.VirtioBus;

class VirtioRpmsgBusTest {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Scheduler s;
    private Kernel kernel;
    private VirtioBus virtioBus;
    private Rpmsg rpmsg;
    private FakeRprocVdev vdev;
    private RemoteDouble remote;

    @BeforeEach
    void setUp() {
        s = new Scheduler();
        kernel = new Kernel(s, KernelConfig.defaults(), new AddressSpace("a7", new BusMaster("a7", 0, false)));
        virtioBus = new VirtioBus();
        rpmsg = Rpmsg.install(kernel, virtioBus);
        vdev = new FakeRprocVdev(kernel);
        remote = new RemoteDouble(vdev);
    }

    @AfterEach
    void tearDown() {
        s.close();
        vdev.sram3.close();
    }

    private void probe() {
        assertEquals(0, virtioBus.registerDevice(vdev));
        s.runFor(SimTime.ms(1));
    }

    private boolean logged(String text) { return kernel.dmesg().find(text, 0) >= 0; }

    private int u16(long da) { return vdev.mem(da, 2).get(U16, 0) & 0xFFFF; }
    private int u32(long da) { return vdev.mem(da, 4).get(U32, 0); }

    @Test
    void probePostsEveryRxBufferSetsDriverOkAndThenKicksVq0() {
        probe();
        assertEquals(List.of("status 1", "status 3", "features 1", "status 7", "kick 0"), vdev.events);
        assertTrue(logged("virtio_rpmsg_bus virtio0: rpmsg host is online"), kernel.dmesg().text());
        // vring0: 16 device-writable 512-byte buffers from the start of vdev0buffer, byte for byte
        for (int i = 0; i < 16; i++) {
            long d = 0x1004_0000L + 16L * i;
            assertEquals(0x1004_2000L + 512L * i, vdev.mem(d, 8).get(U64, 0), "desc " + i + " addr");
            assertEquals(512, u32(d + 8), "desc " + i + " len");
            assertEquals(2, u16(d + 12), "desc " + i + " flags = VRING_DESC_F_WRITE");
            assertEquals(i == 15 ? 0 : i + 1, u16(d + 14), "desc " + i + " next = free-list successor");
            assertEquals(i, u16(0x1004_0104L + 2L * i), "avail ring slot " + i);
        }
        assertEquals(0, u16(0x1004_0100L), "vring0 avail flags: RX interrupts wanted");
        assertEquals(16, u16(0x1004_0102L), "vring0 avail idx");
        assertEquals(0, u16(0x1004_0132L), "vring0 used idx untouched");
        assertEquals(1, u16(0x1004_1100L), "vring1 avail flags = VRING_AVAIL_F_NO_INTERRUPT (tx-complete suppressed)");
        assertEquals(0, u16(0x1004_1102L), "vring1 avail idx");
        assertEquals(0x4000, vdev.poolUsed, "32 buffers of 512 bytes");
        assertTrue(kernel.vfs().exists("/dev/rpmsg_ctrl0"));
        assertTrue(kernel.vfs().exists("/sys/bus/rpmsg/devices/virtio0.rpmsg_ns.53.53/name"));
        assertEquals(List.of(0x35), rpmsg.virtio().vrp(vdev).endpointAddrs());
    }

    @Test
    void withoutTheNsFeatureThereIsNoNameServiceEndpoint() {
        vdev.dfeatures = 0;
        probe();
        assertEquals(0, vdev.gfeatures);
        assertEquals(List.of(), rpmsg.virtio().vrp(vdev).endpointAddrs());
        assertFalse(kernel.vfs().exists("/sys/bus/rpmsg/devices/virtio0.rpmsg_ns.53.53/name"));
    }

    @Test
    void aSingleVringFailsTheProbeAndMarksTheDeviceFailed() {
        vdev.vrings = 1;
        assertEquals(-Errno.EINVAL, virtioBus.registerDevice(vdev));
        assertEquals(0x83, vdev.status);
    }

    @Test
    void aRingSizeThatIsNotAPowerOfTwoIsRefusedWithAClearError() {
        vdev.num = 12;
        assertEquals(-Errno.ENOMEM, virtioBus.registerDevice(vdev));
        assertTrue(logged("virtio_rpmsg_bus virtio0: vring_new_virtqueue input failed: vring0 num 12 is not a power of 2"),
                kernel.dmesg().text());
        assertEquals(0x83, vdev.status);
    }

    @Test
    void aRingTooBigForItsCarveoutIsRefused() {
        vdev.num = 256;
        assertEquals(-Errno.ENOMEM, virtioBus.registerDevice(vdev));
        assertTrue(logged("vring0 its 4096-byte mapping cannot hold 6678 bytes"), kernel.dmesg().text());
    }

    @Test
    void nameServiceAnnouncementsCreateTtysForBothServiceNames() throws ErrnoException {
        probe();
        remote.announce("rpmsg-tty-channel", 0x0, 0);
        remote.announce("rpmsg-tty", 0x401, 0);
        s.runFor(SimTime.ms(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty-channel addr 0x0"), kernel.dmesg().text());
        assertTrue(logged("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x401"));
        assertTrue(kernel.vfs().exists("/dev/ttyRPMSG0"));
        assertTrue(kernel.vfs().exists("/dev/ttyRPMSG1"));
        assertEquals("0x400\n", kernel.vfs().readText("/sys/bus/rpmsg/devices/virtio0.rpmsg-tty-channel.-1.0/src"));
        assertEquals("0x401\n", kernel.vfs().readText("/sys/bus/rpmsg/devices/virtio0.rpmsg-tty.-1.1025/src"));
        assertEquals("false\n", kernel.vfs().readText("/sys/bus/rpmsg/devices/virtio0.rpmsg-tty.-1.1025/announce"));
        assertTrue(remote.received.isEmpty(), "channels created by the remote are not announced back");
    }

    @Test
    void ttyWritesAreFramedAndTheEchoIsReadBackWithinABound() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        remote.echoAddrs.add(0x400);
        s.runFor(SimTime.ms(1));
        RpmsgTtyPort tty = rpmsg.tty().port(0);
        String[] got = {null};
        long[] at = {0};
        s.spawn("user", () -> {
            try {
                assertEquals(19, tty.write("Hello Virtual UART0".getBytes(StandardCharsets.US_ASCII)));
            } catch (ErrnoException e) {
                throw new AssertionError(e);
            }
            long t0 = s.now();
            got[0] = new String(tty.read(4096, SimTime.ms(10)), StandardCharsets.US_ASCII);
            at[0] = s.now() - t0;
        });
        s.runFor(SimTime.ms(20));
        assertEquals("Hello Virtual UART0", got[0]);
        assertTrue(at[0] > 0 && at[0] < SimTime.ms(1), SimTime.format(at[0]));
        // The TX buffer is the first of the second half of the pool; header {src, dst, reserved, len, flags}
        long tx = 0x1004_2000L + 16 * 512;
        assertEquals(0x400, u32(tx));
        assertEquals(0x400, u32(tx + 4));
        assertEquals(0, u32(tx + 8));
        assertEquals(19, u16(tx + 12));
        assertEquals(0, u16(tx + 14));
        assertEquals(tx, vdev.mem(0x1004_1000L, 8).get(U64, 0), "vring1 desc 0 points at the TX buffer");
        assertEquals(16 + 19, u32(0x1004_1008L), "desc len covers header + payload");
        assertEquals(0, u16(0x1004_100CL), "device-readable: no flags");
        assertEquals(new RemoteDouble.Msg(0x400, 0x400, "Hello Virtual UART0".getBytes()).text(), remote.received.get(0).text());
    }

    @Test
    void everyMessageIsATraceInstantOnTheRpmsgTrack() {
        List<String> records = new java.util.ArrayList<>();
        List<String> tracks = new java.util.ArrayList<>();
        s.setTrace(new org.mp15sim.core.trace.Trace() {
            @Override public boolean enabled() { return true; }
            @Override public int track(String name) {
                if (!tracks.contains(name)) tracks.add(name);
                return tracks.indexOf(name);
            }
            @Override public void record(byte kind, long time, int track, String name, long a, long b, String text) {
                if (tracks.get(track).startsWith("rpmsg")) records.add(tracks.get(track) + " " + name + " " + Long.toHexString(a) + " " + b);
            }
        });
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        remote.echoAddrs.add(0x400);
        s.runFor(SimTime.ms(1));
        assertEquals(0, rpmsg.tty().port(0).rpdev().ept().trysend(new byte[] {1, 2, 3}));
        s.runFor(SimTime.ms(1));
        assertEquals(List.of("rpmsg virtio0 rx 40000000035 40", "rpmsg virtio0 tx 40000000400 3", "rpmsg virtio0 rx 40000000400 3"), records);
    }

    @Test
    void aBlockingReadTimesOutEmptyInSimulatedTime() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        s.runFor(SimTime.ms(1));
        RpmsgTtyPort tty = rpmsg.tty().port(0);
        byte[][] got = {null};
        long[] at = {0};
        s.spawn("user", () -> {
            long t0 = s.now();
            got[0] = tty.read(16, SimTime.ms(50));
            at[0] = s.now() - t0;
        });
        s.runFor(SimTime.ms(100));
        assertEquals(0, got[0].length);
        assertEquals(SimTime.ms(50), at[0]);
    }

    @Test
    void destroyAnnouncementRemovesTheTtyAndHangsItUp() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        s.runFor(SimTime.ms(1));
        RpmsgTtyPort tty = rpmsg.tty().port(0);
        remote.announce("rpmsg-tty", 0x400, 1);
        s.runFor(SimTime.ms(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: destroying channel rpmsg-tty addr 0x400"));
        assertFalse(kernel.vfs().exists("/dev/ttyRPMSG0"));
        assertTrue(tty.isHungUp());
        assertEquals(Errno.EIO, assertThrows(ErrnoException.class, () -> tty.write(new byte[] {1})).errno());
        remote.announce("rpmsg-tty", 0x400, 1);
        s.runFor(SimTime.ms(1));
        assertTrue(logged("rpmsg_destroy_channel failed: -22"));
    }

    @Test
    void malformedAndOrphanMessagesAreReportedAndTheirBuffersReturned() {
        probe();
        remote.send(0x10, 0x35, new byte[39]);
        s.runFor(SimTime.ms(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: malformed ns msg (39)"));
        remote.send(0x10, 0x777, "nobody");
        s.runFor(SimTime.ms(1));
        assertTrue(logged("virtio_rpmsg_bus virtio0: msg received with no recipient"));
        assertEquals(18, u16(0x1004_0102L), "both RX buffers were posted again");
        remote.sendRaw(0x10, 0x35, 600, new byte[8], 24);
        s.runFor(SimTime.ms(1));
        assertTrue(logged("inbound msg too big: (24, 600)"), kernel.dmesg().text());
    }

    @Test
    void sendersRunOutOfTxBuffersWhenTheRemoteStopsConsuming() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        s.runFor(SimTime.ms(1));
        remote.consumeTx = false;
        RpmsgEndpoint ept = rpmsg.tty().port(0).rpdev().ept();
        for (int i = 0; i < 16; i++) assertEquals(0, ept.trysend(new byte[] {(byte) i}), "tx buffer " + i);
        assertEquals(-Errno.ENOMEM, ept.trysend(new byte[] {16}));
        int[] ret = {1};
        long[] at = {0};
        s.spawn("sender", () -> {
            long t0 = s.now();
            ret[0] = ept.send(new byte[] {17});
            at[0] = s.now() - t0;
        });
        s.runFor(SimTime.seconds(20));
        assertEquals(-Rpmsg.ERESTARTSYS, ret[0]);
        assertEquals(SimTime.seconds(15), at[0]);
        assertTrue(logged("timeout waiting for a tx buffer"));
    }

    @Test
    void aBlockedSenderIsWokenWhenTheRemoteReturnsATxBuffer() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        s.runFor(SimTime.ms(1));
        remote.consumeTx = false;
        RpmsgEndpoint ept = rpmsg.tty().port(0).rpdev().ept();
        for (int i = 0; i < 16; i++) ept.trysend(new byte[] {(byte) i});
        int[] ret = {1};
        s.spawn("sender", () -> ret[0] = ept.send(new byte[] {17}));
        s.runFor(SimTime.ms(5));
        assertEquals(1, ret[0], "still waiting");
        assertEquals(0, u16(0x1004_1100L), "tx-complete interrupts enabled while a sender sleeps");
        remote.consumeTx = true;
        remote.drainTx();
        s.runFor(SimTime.ms(5));
        assertEquals(0, ret[0]);
        assertEquals(1, u16(0x1004_1100L), "and suppressed again afterwards");
        remote.drainTx();
        assertEquals(17, remote.received.size());
    }

    @Test
    void tooBigMessagesAreRefusedWithEmsgsize() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        s.runFor(SimTime.ms(1));
        RpmsgEndpoint ept = rpmsg.tty().port(0).rpdev().ept();
        assertEquals(496, ept.mtu());
        assertEquals(-Rpmsg.EMSGSIZE, ept.trysend(new byte[497]));
        assertTrue(logged("message is too big (497)"));
    }

    @Test
    void rpmsgCharEndpointsSendAndReceiveWholeMessages() throws ErrnoException {
        probe();
        remote.echoAddrs.add(0x400);
        RpmsgCtrlDev ctrl = (RpmsgCtrlDev) kernel.vfs().lookup("/dev/rpmsg_ctrl0");
        RpmsgEptDev ep = ctrl.createEndpoint("rpmsg-client-sample", Rpmsg.RPMSG_ADDR_ANY, 0x400);
        assertEquals("/dev/rpmsg0", ep.path());
        assertEquals(4, kernel.vfs().writeText("/dev/rpmsg0", "ping"));
        assertEquals(1024, ep.ept().addr());
        assertEquals(2, kernel.vfs().writeText("/dev/rpmsg0", "me"));
        s.runFor(SimTime.ms(1));
        assertEquals("ping", kernel.vfs().readText("/dev/rpmsg0"));
        assertEquals("me", kernel.vfs().readText("/dev/rpmsg0"));
        assertEquals("", kernel.vfs().readText("/dev/rpmsg0"));
        assertEquals(new RemoteDouble.Msg(1024, 0x400, "ping".getBytes()).src(), remote.received.get(0).src());
    }

    @Test
    void aFixedEndpointAddressAlreadyBoundFailsToOpen() {
        probe();
        RpmsgCtrlDev ctrl = rpmsgCtrl();
        RpmsgEptDev ep = ctrl.createEndpoint("dup", 0x35, 0x10);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, ep::open).errno());
        assertTrue(logged("idr_alloc failed: -28"));
        assertTrue(logged("failed to open dup"));
    }

    private RpmsgCtrlDev rpmsgCtrl() {
        try {
            return (RpmsgCtrlDev) kernel.vfs().lookup("/dev/rpmsg_ctrl0");
        } catch (ErrnoException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLocalChannelWithAFixedAddressIsAnnouncedToTheRemoteAndWithdrawn() throws ErrnoException {
        probe();
        RpmsgCtrlDev ctrl = rpmsgCtrl();
        RpmsgDevice raw = ctrl.createDevice("rpmsg-raw", 0x500, 0x600);
        s.runFor(SimTime.ms(1));
        assertEquals(1, remote.received.size());
        RemoteDouble.Msg ns = remote.received.get(0);
        assertEquals(0x500, ns.src());
        assertEquals(0x35, ns.dst());
        assertArrayEquals(RpmsgNs.encode("rpmsg-raw", 0x500, 0), ns.payload());
        RpmsgEptDev ep = (RpmsgEptDev) raw.drvdata();
        assertNotNull(ep);
        assertEquals("/dev/rpmsg0", ep.path());
        ctrl.releaseDevice("rpmsg-raw", 0x500, 0x600);
        s.runFor(SimTime.ms(1));
        assertArrayEquals(RpmsgNs.encode("rpmsg-raw", 0x500, 1), remote.received.get(1).payload());
        assertFalse(kernel.vfs().exists("/dev/rpmsg0"));
    }

    @Test
    void removingTheVirtioDeviceResetsItAndRemovesEveryNode() {
        probe();
        remote.announce("rpmsg-tty-channel", 0x0, 0);
        s.runFor(SimTime.ms(1));
        RpmsgTtyPort tty = rpmsg.tty().port(0);
        virtioBus.unregisterDevice(vdev);
        assertEquals(0, vdev.status);
        assertFalse(kernel.vfs().exists("/dev/ttyRPMSG0"));
        assertFalse(kernel.vfs().exists("/dev/rpmsg_ctrl0"));
        assertTrue(kernel.vfs().list("/sys/bus/rpmsg").isEmpty());
        assertTrue(tty.isHungUp());
    }

    @Test
    void theSameStimuliGiveTheSameLog() {
        String first = runEcho();
        tearDown();
        setUp();
        assertEquals(first, runEcho());
    }

    private String runEcho() {
        probe();
        remote.announce("rpmsg-tty", 0x400, 0);
        remote.echoAddrs.add(0x400);
        s.runFor(SimTime.ms(1));
        RpmsgTtyPort tty = rpmsg.tty().port(0);
        s.spawn("user", () -> {
            for (int i = 0; i < 40; i++) {
                try {
                    tty.write(("msg" + i).getBytes());
                } catch (ErrnoException e) {
                    throw new AssertionError(e);
                }
                tty.read(100, SimTime.ms(1));
            }
        });
        s.runFor(SimTime.ms(100));
        MemorySegment sram = vdev.sram3.segment().asSlice(0, 0x6000);
        return kernel.dmesg().text() + remote.received.size() + ":" + java.util.HexFormat.of().formatHex(sram.toArray(ValueLayout.JAVA_BYTE));
    }
}
