package org.mp15sim.scenario.board;

import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.linux.kernel.Kernel;

/**
 * A built, probed board: what the scenario runner, the CLI and the JUnit extension drive. Everything a user
 * does goes through Linux (its files, its log); the fault methods are the only back doors, and they act the
 * way the fault would on silicon (a watchdog reset, a core lockup, a key in the secure world).
 */
public interface Board extends AutoCloseable {
    BoardSpec spec();

    Scheduler scheduler();

    /** The Linux that runs now (a new one after {@link #rebootLinux()}). */
    Kernel linux();

    /** {@code /sys/class/remoteproc/remoteprocN} of the M4. */
    String remoteprocSysfs();

    /** {@code /sys/kernel/debug/remoteproc/remoteprocN} of the M4. */
    String remoteprocDebugfs();

    /** Everything the M4 firmware wrote to its console UART so far. */
    CharSequence console();

    /** Wraps an ELF into a signed image; {@code privateKeyPem == null} signs with the board's default key. */
    byte[] sign(byte[] elf, byte[] privateKeyPem) throws BoardException;

    /** WWDG1 expires: the M4 is reset and EXTI 68 raises Linux's watchdog interrupt. */
    void injectWatchdog() throws BoardException;

    /** The M4 core locks up. */
    void injectLockup() throws BoardException;

    /**
     * Replaces the verification public key (PEM) embedded in the secure world, as if an OP-TEE built with it had
     * been flashed under the running system (TEE boards only); the next LOAD_FW verifies with it.
     */
    void replaceVerificationKey(byte[] publicKeyPem) throws BoardException;

    /**
     * The IPCC channel number that the remoteproc node's {@code mbox-names} entry {@code mboxName} names (through its
     * {@code mboxes} entry), e.g. "shutdown" → 2 on the DK2.
     */
    int ipccChannel(String mboxName) throws BoardException;

    /**
     * From now on the M4's acknowledgements of IPCC channel {@code channel} (0-based, Linux numbering) are lost, as
     * if the firmware never acked: Linux's flag on that channel stays occupied.
     */
    void ipccNeverAck(int channel) throws BoardException;

    /** Linux restarts and probes again; the M4, its memories, TAMP and the secure world keep their state. */
    void rebootLinux() throws BoardException;

    /**
     * Called after every simulated event while a session drives the board: a chance to sample state that has no
     * event of its own (IPCC occupancy, the M4's run state) into the trace. Must be cheap.
     */
    default void observe() {}

    /** MMIO accesses that hit no modelled register during the run (one line per master and address), for the summary. */
    default java.util.List<String> unmodelledAccesses() { return java.util.List.of(); }

    /** Frees the board (ends its processes). */
    @Override void close();
}
