package org.mp15sim.scenario.lang;

/** A fault a scenario injects into the running board ({@code inject ...}). */
public sealed interface Fault {
    /** {@code inject watchdog}: WWDG1 expires, the M4 is reset and EXTI 68 tells Linux (crash type watchdog). */
    record Watchdog() implements Fault {}

    /** {@code inject lockup}: the M4 core locks up (a fault it cannot take), as after a double fault. */
    record Lockup() implements Fault {}

    /**
     * {@code inject corrupt NAME at OFFSET [xor MASK]} or {@code inject corrupt NAME segment N [xor MASK]}: flips
     * bits of one byte of /lib/firmware/NAME — at a file offset, or the first byte of the N-th PT_LOAD segment's
     * file data (in the ELF embedded in a signed image, too). {@code segment} is -1 for the offset form.
     */
    record CorruptByte(String firmware, long offset, int segment, int xorMask) implements Fault {}

    /**
     * {@code inject key FILE}: the secure world's embedded verification key is replaced by the public key in FILE
     * (PEM), as if an OP-TEE built with that key had been flashed; the TA/PTA state is kept.
     */
    record ReplaceKey(FileRef key) implements Fault {}

    /**
     * {@code inject ipcc-noack CHANNEL}: from now on the M4's acknowledgements of that IPCC channel are lost (its
     * clear of Linux's occupied flag), so Linux's sends on it are never "tx done". CHANNEL is an {@code mbox-names}
     * entry of the remoteproc node ({@code mboxName}, mapped to a channel number through the board's device tree
     * when the step runs; {@code channel} is then -1) or a channel number ({@code mboxName} is null).
     */
    record IpccNoAck(String mboxName, int channel) implements Fault {
        public static IpccNoAck named(String mboxName) { return new IpccNoAck(mboxName, -1); }

        public static IpccNoAck number(int channel) { return new IpccNoAck(null, channel); }
    }
}
