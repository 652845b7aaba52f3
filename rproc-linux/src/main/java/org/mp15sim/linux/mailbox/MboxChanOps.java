package org.mp15sim.linux.mailbox;

/** {@code struct mbox_chan_ops}: what a mailbox controller driver does for the framework. */
public interface MboxChanOps {
    /** {@code send_data}: posts {@code data} on the channel; 0 or a negative errno (the message stays queued). */
    int sendData(MboxChan chan, Object data);

    /** {@code startup}: called when a client binds the channel; 0 or a negative errno. */
    default int startup(MboxChan chan) { return 0; }

    /** {@code shutdown}: called when the client frees the channel. */
    default void shutdown(MboxChan chan) {}

    /** {@code last_tx_done}: polled by the framework when the controller has neither TX-done IRQ nor client ACK. */
    default boolean lastTxDone(MboxChan chan) { return true; }
}
