package org.mp15sim.linux.mailbox;

import org.mp15sim.core.sched.Completion;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Errno;

/**
 * {@code struct mbox_chan} with the framework's per-channel operations (drivers/mailbox/mailbox.c): a ring of
 * {@link #MBOX_TX_QUEUE_LEN} queued messages, one active request, TX-done by IRQ, poll or client ACK, and the
 * blocking wait of {@code tx_block} clients.
 */
public final class MboxChan {
    /** {@code MBOX_TX_QUEUE_LEN}. */
    public static final int MBOX_TX_QUEUE_LEN = 20;
    static final int TXDONE_BY_IRQ = 1;
    static final int TXDONE_BY_POLL = 2;
    static final int TXDONE_BY_ACK = 4;
    /** {@code wait forever} for a blocking client with tx_tout 0: msecs_to_jiffies(3600000). */
    private static final long WAIT_FOREVER = SimTime.seconds(3600);
    /** ENOBUFS (105), which {@link Errno} does not name: the TX ring is full. */
    public static final int ENOBUFS = 105;

    private final MboxController mbox;
    private final int index;
    private int txdoneMethod;
    private MboxClient cl;
    private final Object[] msgData = new Object[MBOX_TX_QUEUE_LEN];
    private int msgCount;
    private int msgFree;
    private Object activeReq;
    private Completion txComplete;

    MboxChan(MboxController mbox, int index, int txdoneMethod) {
        this.mbox = mbox;
        this.index = index;
        this.txdoneMethod = txdoneMethod;
    }

    public MboxController controller() { return mbox; }
    /** The channel's index in its controller ({@code con_priv} of stm32-ipcc). */
    public int index() { return index; }
    public MboxClient client() { return cl; }
    /** The message handed to the controller and not yet reported done, or null. */
    public Object activeReq() { return activeReq; }
    /** Messages waiting behind the active one. */
    public int queued() { return msgCount; }

    private Scheduler scheduler() { return mbox.dev().kernel().scheduler(); }

    /** {@code __mbox_bind_client}. */
    int bind(MboxClient client) {
        if (cl != null) {
            client.dev().err("__mbox_bind_client: mailbox not free");
            return -Errno.EBUSY;
        }
        msgFree = 0;
        msgCount = 0;
        activeReq = null;
        cl = client;
        txComplete = new Completion(scheduler(), "mbox" + mbox.ofNode() + "." + index + ".tx_complete");
        if (txdoneMethod == TXDONE_BY_POLL && client.knowsTxdone()) txdoneMethod = TXDONE_BY_ACK;
        int ret = mbox.ops().startup(this);
        if (ret != 0) {
            client.dev().err("Unable to startup the chan (" + ret + ")");
            free();
            return ret;
        }
        return 0;
    }

    /** {@code add_to_rbuf}. */
    private int addToRbuf(Object mssg) {
        if (msgCount == MBOX_TX_QUEUE_LEN) return -ENOBUFS;
        int idx = msgFree;
        msgData[idx] = mssg;
        msgCount++;
        msgFree = idx == MBOX_TX_QUEUE_LEN - 1 ? 0 : msgFree + 1;
        return idx;
    }

    /** {@code msg_submit}: hands the oldest queued message to the controller unless one is in flight. */
    private void msgSubmit() {
        int err = -Errno.EBUSY;
        if (msgCount != 0 && activeReq == null) {
            int count = msgCount;
            int idx = msgFree;
            if (idx >= count) idx -= count;
            else idx += MBOX_TX_QUEUE_LEN - count;
            Object data = msgData[idx];
            err = mbox.ops().sendData(this, data);
            if (err == 0) {
                activeReq = data;
                msgCount--;
            }
        }
        if (err == 0 && (txdoneMethod & TXDONE_BY_POLL) != 0 && !mbox.pollTimer.isPending()) {
            mbox.pollTimer.scheduleIn(0); // kick-start the poll at once, as the kernel does
        }
    }

    /** {@code tx_tick}. */
    void txTick(int r) {
        Object mssg = activeReq;
        activeReq = null;
        msgSubmit();
        if (mssg == null) return;
        if (cl.txDone() != null) cl.txDone().done(cl, mssg, r);
        if (r != -Errno.ETIME && cl.txBlock()) txComplete.complete();
    }

    /**
     * {@code mbox_send_message}: queues {@code mssg} and submits it if the channel is idle. A blocking client waits
     * (in the calling simulation process) up to {@code tx_tout} ms for TX done; on timeout the request is
     * dropped and -ETIME returned. Otherwise returns the non-negative queue token, or -ENOBUFS / -EINVAL.
     */
    public int sendMessage(Object mssg) {
        if (cl == null) return -Errno.EINVAL;
        int t = addToRbuf(mssg);
        if (t < 0) {
            mbox.dev().err("Try increasing MBOX_TX_QUEUE_LEN");
            return t;
        }
        msgSubmit();
        if (cl.txBlock()) {
            long wait = cl.txTout() == 0 ? WAIT_FOREVER : SimTime.ms(cl.txTout());
            if (txComplete.waitFor(wait) == 0) {
                t = -Errno.ETIME;
                txTick(t);
            }
        }
        return t;
    }

    /** {@code mbox_chan_received_data}: the controller got {@code mssg}; hands it to the client's RX callback. */
    public void receivedData(Object mssg) {
        if (cl != null && cl.rxCallback() != null) cl.rxCallback().received(cl, mssg);
    }

    /** {@code mbox_chan_txdone}: a controller with TX-done IRQ reports the last message as sent. */
    public void txdone(int r) {
        if ((txdoneMethod & TXDONE_BY_IRQ) == 0) {
            mbox.dev().err("Controller can't run the TX ticker");
            return;
        }
        txTick(r);
    }

    /** {@code mbox_client_txdone}: a client that knows when its message was consumed reports it. */
    public void clientTxdone(int r) {
        if ((txdoneMethod & TXDONE_BY_ACK) == 0) {
            mbox.dev().err("Client can't run the TX ticker");
            return;
        }
        txTick(r);
    }

    /** {@code mbox_free_channel}: shuts the channel down; queued requests are dropped without callbacks. */
    public void free() {
        if (cl == null) return;
        mbox.ops().shutdown(this);
        cl = null;
        activeReq = null;
        msgCount = 0;
        if (txdoneMethod == TXDONE_BY_ACK && mbox.txdonePoll() && !mbox.txdoneIrq()) txdoneMethod = TXDONE_BY_POLL;
    }

    @Override public String toString() { return mbox.ofNode() + " chan " + index; }
}
