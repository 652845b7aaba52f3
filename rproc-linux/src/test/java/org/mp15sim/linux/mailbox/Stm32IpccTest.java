package org.mp15sim.linux.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;

class Stm32IpccTest {
    private Scheduler s;
    private IpccDouble ipcc;
    private Kernel kernel;
    private Mailbox mailbox;
    private Stm32Ipcc driver;
    private Device consumer;
    private final MboxBinding binding = MboxBinding.stm32mp15M4("ipcc");

    @BeforeEach
    void setUp() throws ErrnoException {
        s = new Scheduler();
        ipcc = new IpccDouble(s);
        AddressSpace bus = new AddressSpace("a7", new BusMaster("a7", 0, false));
        bus.mapMmio(0x4C00_1000L, 0x400, ipcc);
        kernel = new Kernel(s, KernelConfig.defaults(), bus);
        mailbox = new Mailbox(kernel);
        driver = Stm32Ipcc.probe(kernel, mailbox, Stm32Ipcc.Config.stm32mp15(ipcc.a7Rx, ipcc.a7Tx));
        consumer = new Device(kernel, "stm32-rproc", "10000000.m4");
    }

    @AfterEach
    void tearDown() { s.close(); }

    @Test
    void probeMasksEveryChannelEnablesBothSourcesAndLogsTheVersion() {
        assertEquals(List.of("R C1MR", "W C1MR 0xffffffff", "R C1CR", "W C1CR 0x00010001", "R HWCFGR", "R VER"), ipcc.takeLog());
        assertEquals(0x003F_003F, ipcc.c1mr);
        assertEquals(6, driver.numChans());
        assertTrue(kernel.dmesg().find("stm32-ipcc 4c001000.mailbox: ipcc rev:1.0 enabled, 6 chans, proc 0", 0) >= 0,
                kernel.dmesg().text());
    }

    @Test
    void theDk2DeviceTreeGivesTheSameIpccAndM4Binding() {
        var dt = org.mp15sim.soc.dt.BoardDts.bundled("dk2");
        var cfg = Stm32Ipcc.Config.fromDt(dt.compatible("st,stm32mp1-ipcc").get(0), ipcc.a7Rx, ipcc.a7Tx);
        assertEquals(Stm32Ipcc.Config.stm32mp15(ipcc.a7Rx, ipcc.a7Tx), cfg);
        assertEquals(binding, Mailbox.bindingOf(dt.compatible("st,stm32mp1-m4").get(0)));
    }

    @Test
    void invalidProcIdIsRejectedWithEinval() {
        var cfg = new Stm32Ipcc.Config("ipcc2", "x.mailbox", 0x4C00_1000L, 2, ipcc.a7Rx, ipcc.a7Tx, false);
        ErrnoException e = assertThrows(ErrnoException.class, () -> Stm32Ipcc.probe(kernel, mailbox, cfg));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(kernel.dmesg().find("Invalid proc_id (2)", 0) >= 0);
    }

    @Test
    void startupUnmasksOnlyThatChannelsRxOccupied() throws ErrnoException {
        ipcc.takeLog();
        mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> {}), binding, "vq1");
        assertEquals(List.of("R C1MR", "W C1MR 0x003f003d"), ipcc.takeLog());
    }

    @Test
    void sendSetsOccupiedThenUnmasksTxFree() throws ErrnoException {
        MboxChan vq1 = mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> {}), binding, "vq1");
        ipcc.takeLog();
        assertEquals(0, vq1.sendMessage("kick"));
        assertEquals(List.of("R C1SCR", "W C1SCR 0x00020000", "R C1MR", "W C1MR 0x003d003d"), ipcc.takeLog());
        assertEquals(0b10, ipcc.c1toc2sr);
        assertEquals("kick", vq1.activeReq());
    }

    @Test
    void txFreeIrqMasksTheChannelAgainAndSubmitsTheQueuedMessage() throws ErrnoException {
        MboxChan vq0 = mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> {}), binding, "vq0");
        vq0.sendMessage("a");
        assertEquals(1, vq0.sendMessage("b"));
        assertEquals(1, vq0.queued());
        s.runFor(SimTime.ms(1));
        assertEquals("a", vq0.activeReq(), "no TX done while the M4 has not freed the channel");
        ipcc.m4Ack(0);
        s.runFor(SimTime.ms(1));
        assertEquals("b", vq0.activeReq());
        assertEquals(0, vq0.queued());
        assertEquals(1, ipcc.c1toc2sr, "second kick posted");
        ipcc.m4Ack(0);
        s.runFor(SimTime.ms(1));
        assertNull(vq0.activeReq());
        assertEquals(0x0001_0000, ipcc.c1mr & 0x0001_0000, "TX-free masked again after the last TX done");
        assertFalse(ipcc.a7Tx.isHigh());
    }

    @Test
    void blockingSendReturnsOnceTheRemoteAcks() throws ErrnoException {
        MboxChan shutdown = mailbox.requestChannelByName(MboxClient.blocking(consumer, 500), binding, "shutdown");
        int[] result = {Integer.MIN_VALUE};
        long[] returnedAt = {-1};
        s.spawn("stop", () -> {
            result[0] = shutdown.sendMessage("shutdown");
            returnedAt[0] = s.now();
        });
        s.schedule(SimTime.ms(3), () -> ipcc.m4Ack(2));
        s.runFor(SimTime.seconds(1));
        assertEquals(0, result[0]);
        assertTrue(returnedAt[0] > SimTime.ms(3) && returnedAt[0] < SimTime.ms(4), SimTime.format(returnedAt[0]));
    }

    @Test
    void blockingSendTimesOutWithEtimeAfterTxTout() throws ErrnoException {
        MboxChan shutdown = mailbox.requestChannelByName(MboxClient.blocking(consumer, 500), binding, "shutdown");
        MboxChan detach = mailbox.requestChannelByName(MboxClient.blocking(consumer, 200), binding, "detach");
        int[] result = new int[2];
        long[] at = new long[2];
        s.spawn("stop", () -> {
            result[0] = shutdown.sendMessage("shutdown");
            at[0] = s.now();
            result[1] = detach.sendMessage("detach");
            at[1] = s.now();
        });
        s.runFor(SimTime.seconds(2));
        assertEquals(-Errno.ETIME, result[0]);
        assertEquals(SimTime.ms(500), at[0]);
        assertEquals(-Errno.ETIME, result[1]);
        assertEquals(SimTime.ms(700), at[1]);
        assertNull(shutdown.activeReq(), "a timed-out request is dropped");
    }

    @Test
    void rxIrqCallsTheClientWhileTheFlagIsSetThenClearsIt() throws ErrnoException {
        List<String> seen = new ArrayList<>();
        mailbox.requestChannelByName(MboxClient.nonBlocking(consumer,
                (c, m) -> seen.add("rx flag=" + (ipcc.c2toc1sr & 1) + " msg=" + m)), binding, "vq0");
        ipcc.m4Post(0);
        assertTrue(ipcc.a7Rx.isHigh());
        s.runFor(SimTime.ms(1));
        assertEquals(List.of("rx flag=1 msg=null"), seen);
        assertEquals(0, ipcc.c2toc1sr);
        assertFalse(ipcc.a7Rx.isHigh());
    }

    @Test
    void aPostOnAnUnrequestedChannelStaysMaskedAndPending() throws ErrnoException {
        List<Object> seen = new ArrayList<>();
        mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> seen.add(m)), binding, "vq0");
        ipcc.m4Post(4);
        s.runFor(SimTime.ms(1));
        assertTrue(seen.isEmpty());
        assertEquals(1 << 4, ipcc.c2toc1sr);
    }

    @Test
    void freeMasksRxAndTxOfTheChannel() throws ErrnoException {
        MboxChan vq0 = mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> {}), binding, "vq0");
        vq0.sendMessage(null);
        vq0.free();
        assertEquals(0x0001_0001, ipcc.c1mr & 0x0001_0001);
        assertEquals(-Errno.EINVAL, vq0.sendMessage(null), "a freed channel has no client");
    }

    @Test
    void requestErrorsFollowTheKernel() throws ErrnoException {
        MboxClient cl = MboxClient.nonBlocking(consumer, (c, m) -> {});
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> mailbox.requestChannelByName(cl, binding, "vq2")).errno());
        assertTrue(kernel.dmesg().find("could not locate channel named \"vq2\"", 0) >= 0);
        mailbox.requestChannelByName(cl, binding, "vq0");
        assertEquals(Errno.EBUSY, assertThrows(ErrnoException.class, () -> mailbox.requestChannelByName(cl, binding, "vq0")).errno());
        MboxBinding other = new MboxBinding(List.of(new MboxSpec("hsem", 0), new MboxSpec("ipcc", 7)), List.of("a", "b"));
        assertEquals(Errno.EPROBE_DEFER, assertThrows(ErrnoException.class, () -> mailbox.requestChannelByName(cl, other, "a")).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> mailbox.requestChannelByName(cl, other, "b")).errno());
    }

    @Test
    void theTxRingHoldsTwentyMessagesBehindTheActiveOne() throws ErrnoException {
        MboxChan vq0 = mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, (c, m) -> {}), binding, "vq0");
        for (int i = 0; i <= MboxChan.MBOX_TX_QUEUE_LEN; i++) assertTrue(vq0.sendMessage(i) >= 0, "message " + i);
        assertEquals(-MboxChan.ENOBUFS, vq0.sendMessage("overflow"));
        assertTrue(kernel.dmesg().find("Try increasing MBOX_TX_QUEUE_LEN", 0) >= 0);
        List<Object> done = new ArrayList<>();
        for (int i = 0; i <= MboxChan.MBOX_TX_QUEUE_LEN; i++) {
            done.add(vq0.activeReq());
            ipcc.m4Ack(0);
            s.runFor(SimTime.us(100));
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i <= MboxChan.MBOX_TX_QUEUE_LEN; i++) expected.add(i);
        assertEquals(expected, done, "messages leave the ring in FIFO order");
        assertNotEquals(null, vq0.client());
    }
}
