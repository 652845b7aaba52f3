package org.mp15sim.linux.stm32;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.mailbox.Mailbox;
import org.mp15sim.linux.mailbox.MboxChan;
import org.mp15sim.linux.mailbox.MboxChanOps;
import org.mp15sim.linux.mailbox.MboxController;

/**
 * Test double for the IPCC + M4 side of the mailbox: a controller "ipcc" with 6 channels and TX-done IRQ. The
 * fake remote frees vq channels after 2 µs and the shutdown/detach channels after 50 µs when told to ack.
 */
final class FakeIpcc implements MboxChanOps {
    final MboxController controller;
    final List<Integer> sent = new ArrayList<>();
    boolean ackShutdown = true;
    boolean ackDetach = true;
    private final Scheduler s;

    FakeIpcc(Kernel k, Mailbox mailbox) {
        this.s = k.scheduler();
        this.controller = new MboxController(new Device(k, "stm32-ipcc", "4c001000.mailbox"), "ipcc", this, 6, true, false, 0);
        mailbox.registerController(controller);
    }

    @Override
    public int sendData(MboxChan chan, Object data) {
        int c = chan.index();
        sent.add(c);
        boolean ack = c < 2 || (c == 2 && ackShutdown) || (c == 3 && ackDetach);
        if (ack) s.schedule("fake-m4-ack", SimTime.us(c < 2 ? 2 : 50), () -> chan.txdone(0));
        return 0;
    }

    /** The remote kicks channel {@code c} (RX on the Linux side). */
    void remoteKick(int c) { controller.chan(c).receivedData(null); }

    long count(int chan) { return sent.stream().filter(x -> x == chan).count(); }
}
