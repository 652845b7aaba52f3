package org.mp15sim.linux.mailbox;

import org.mp15sim.linux.kernel.Device;

/**
 * {@code struct mbox_client}: how a consumer uses a channel.
 *
 * @param dev         the consumer device (error messages and DT lookup)
 * @param txBlock     {@code mbox_send_message} waits until the controller reports TX done
 * @param txTout      milliseconds of simulated time to wait when {@code txBlock}; 0 waits an hour, as the kernel does
 * @param knowsTxdone the client calls {@link Mailbox#clientTxdone} itself (TXDONE_BY_ACK on polling controllers)
 * @param rxCallback  called with the controller's message on {@code mbox_chan_received_data} (may be null)
 * @param txDone      called after each message was sent or timed out (may be null)
 */
public record MboxClient(Device dev, boolean txBlock, int txTout, boolean knowsTxdone, RxCallback rxCallback, TxDone txDone) {
    /** {@code rx_callback}: runs in the controller's interrupt (thread) context; must not sleep. */
    @FunctionalInterface
    public interface RxCallback {
        void received(MboxClient cl, Object msg);
    }

    /** {@code tx_done}: {@code result} is 0 or -ETIME. */
    @FunctionalInterface
    public interface TxDone {
        void done(MboxClient cl, Object msg, int result);
    }

    public MboxClient {
        if (txTout < 0) throw new IllegalArgumentException("mbox client " + dev + ": negative tx_tout " + txTout + " ms");
    }

    /** A non-blocking client with an RX callback (stm32_rproc's vq0/vq1). */
    public static MboxClient nonBlocking(Device dev, RxCallback rx) {
        return new MboxClient(dev, false, 0, false, rx, null);
    }

    /** A blocking client without RX (stm32_rproc's "shutdown" with 500 ms, "detach" with 200 ms). */
    public static MboxClient blocking(Device dev, int txToutMs) {
        return new MboxClient(dev, true, txToutMs, false, null, null);
    }
}
