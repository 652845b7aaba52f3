package org.mp15sim.linux.mailbox;

import org.mp15sim.core.sched.Timer;
import org.mp15sim.linux.kernel.Device;

/**
 * {@code struct mbox_controller}: a mailbox provider with {@code numChans} channels, registered with the
 * {@link Mailbox} framework under its DT node so that consumers' {@code mboxes} entries find it.
 * The framework picks the TX-done method as the kernel does: IRQ if {@code txdoneIrq}, else polling every
 * {@code txpollPeriodMs} if {@code txdonePoll}, else the client's ACK.
 */
public final class MboxController {
    private final Device dev;
    private final String ofNode;
    private final MboxChanOps ops;
    private final boolean txdoneIrq;
    private final boolean txdonePoll;
    private final int txpollPeriodMs;
    private final MboxChan[] chans;
    Mailbox framework;
    Timer pollTimer;

    public MboxController(Device dev, String ofNode, MboxChanOps ops, int numChans, boolean txdoneIrq, boolean txdonePoll,
            int txpollPeriodMs) {
        if (dev == null || ops == null || numChans <= 0) {
            throw new IllegalArgumentException("mbox controller " + ofNode + ": needs a device, ops and at least one channel (got "
                    + numChans + ")");
        }
        this.dev = dev;
        this.ofNode = ofNode;
        this.ops = ops;
        this.txdoneIrq = txdoneIrq;
        this.txdonePoll = txdonePoll;
        this.txpollPeriodMs = txpollPeriodMs <= 0 ? 1 : txpollPeriodMs;
        int method = txdoneIrq ? MboxChan.TXDONE_BY_IRQ : txdonePoll ? MboxChan.TXDONE_BY_POLL : MboxChan.TXDONE_BY_ACK;
        this.chans = new MboxChan[numChans];
        for (int i = 0; i < numChans; i++) chans[i] = new MboxChan(this, i, method);
    }

    public Device dev() { return dev; }
    public String ofNode() { return ofNode; }
    public MboxChanOps ops() { return ops; }
    public int numChans() { return chans.length; }
    public boolean txdoneIrq() { return txdoneIrq; }
    public boolean txdonePoll() { return txdonePoll; }
    int txpollPeriodMs() { return txpollPeriodMs; }

    public MboxChan chan(int i) { return chans[i]; }

    /**
     * {@code of_mbox_index_xlate}: the first cell is the channel index. Returns null when it is out of range
     * (the kernel's ERR_PTR(-EINVAL)).
     */
    MboxChan xlate(MboxSpec spec) {
        if (spec.argCount() < 1) return null;
        int ind = spec.arg(0);
        if (ind < 0 || ind >= chans.length) return null;
        return chans[ind];
    }

    /** {@code txdone_hrtimer}: polls every channel with a message in flight. */
    void poll() {
        boolean resched = false;
        for (MboxChan chan : chans) {
            if (chan.activeReq() != null && chan.client() != null) {
                if (ops.lastTxDone(chan)) chan.txTick(0);
                else resched = true;
            }
        }
        if (resched) pollTimer.scheduleIn(org.mp15sim.core.time.SimTime.ms(txpollPeriodMs));
    }

    @Override public String toString() { return "mbox " + ofNode + " (" + dev + ")"; }
}
