package org.mp15sim.linux.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;

/** The framework's TX-done methods other than IRQ (polling controllers, ACKing clients), on a scripted controller. */
class MailboxFrameworkTest {
    private final Scheduler s = new Scheduler();
    private final Kernel kernel = new Kernel(s, KernelConfig.defaults(), new AddressSpace("a7", new BusMaster("a7", 0, false)));
    private final Mailbox mailbox = new Mailbox(kernel);
    private final Device consumer = new Device(kernel, "client", "client0");
    private final List<String> sent = new ArrayList<>();
    private boolean consumed;
    private long consumeAfter;

    @AfterEach
    void close() { s.close(); }

    private MboxController controller(boolean poll) {
        MboxController c = new MboxController(new Device(kernel, "fake-mbox", "mbox0"), "mbox", new MboxChanOps() {
            @Override public int sendData(MboxChan chan, Object data) {
                sent.add(SimTime.format(s.now()) + " " + data);
                consumed = false;
                if (consumeAfter > 0) s.schedule(consumeAfter, () -> consumed = true);
                return 0;
            }

            @Override public boolean lastTxDone(MboxChan chan) { return consumed; }
        }, 2, false, poll, 5);
        mailbox.registerController(c);
        return c;
    }

    private MboxBinding binding() { return new MboxBinding(List.of(new MboxSpec("mbox", 1)), List.of("tx")); }

    @Test
    void aPollingControllerIsPolledEveryPeriodUntilTheLastTxIsDone() throws Exception {
        controller(true);
        List<String> done = new ArrayList<>();
        MboxChan chan = mailbox.requestChannelByName(new MboxClient(consumer, false, 0, false, null,
                (cl, m, r) -> done.add(SimTime.format(s.now()) + " " + m + " " + r)), binding(), "tx");
        consumeAfter = SimTime.ms(7);
        chan.sendMessage("a");
        chan.sendMessage("b");
        s.runFor(SimTime.ms(40));
        // "a" is consumed at 7 ms and seen by the poll at 10 ms (kick-start at 0, then every 5 ms); "b" goes out
        // at once, is consumed at 17 ms and seen at 20 ms
        assertEquals(List.of("0s a", "10ms b"), sent);
        assertEquals(List.of("10ms a 0", "20ms b 0"), done);
        assertNull(chan.activeReq());
    }

    @Test
    void aClientThatKnowsTxDoneAcksItselfOnAPollingController() throws Exception {
        controller(true);
        int[] ret = {Integer.MIN_VALUE};
        MboxChan chan = mailbox.requestChannelByName(new MboxClient(consumer, true, 100, true, null, null), binding(), "tx");
        s.spawn("sender", () -> ret[0] = chan.sendMessage("x"));
        s.schedule(SimTime.ms(3), () -> chan.clientTxdone(0));
        s.runFor(SimTime.ms(200));
        assertEquals(0, ret[0], "the blocking send returned when the client acked, before any timeout");
        assertEquals(List.of("0s x"), sent);
    }

    @Test
    void txdoneFromAControllerWithoutTxIrqIsRefused() throws Exception {
        MboxController c = controller(true);
        MboxChan chan = mailbox.requestChannelByName(MboxClient.nonBlocking(consumer, null), binding(), "tx");
        chan.sendMessage("x");
        c.chan(1).txdone(0);
        assertTrue(kernel.dmesg().find("fake-mbox mbox0: Controller can't run the TX ticker", 0) >= 0, kernel.dmesg().text());
        assertEquals("x", chan.activeReq());
    }
}
