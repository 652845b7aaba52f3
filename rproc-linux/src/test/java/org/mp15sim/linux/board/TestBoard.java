package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.rpmsg.RpmsgTtyPort;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.soc.m4.CortexM4;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/**
 * A DK2 for tests: a scheduler, the SoC (with the Unicorn M4 when asked), the Linux booted on them, and what a shell
 * on that Linux does (sysfs writes, tty echo), each run in a simulation process until it returns.
 */
public final class TestBoard implements AutoCloseable {
    /** How long a shell command may take (simulated) before the test fails. */
    private static final long PROCESS_LIMIT = SimTime.seconds(100);

    public final Scheduler s = new Scheduler();
    public final Stm32mp15 soc = new Stm32mp15(s, Stm32mp15Config.dk2());
    private LinuxSystem linux;

    private TestBoard() {}

    /** The SoC without an M4 core: the test drives the M4 side itself (or not at all). */
    public static TestBoard withoutM4() { return new TestBoard(); }

    /** The SoC with its Cortex-M4 (Unicorn), which runs the firmware Linux loads. */
    public static TestBoard withM4() {
        TestBoard b = new TestBoard();
        b.soc.createM4Core();
        return b;
    }

    /** The M4 core; fails without one. */
    public CortexM4 m4() {
        if (soc.m4Core() == null) throw new IllegalStateException("this TestBoard has no M4 core (use withM4())");
        return soc.m4Core();
    }

    /** Boots Linux on the bundled device tree {@code board} ("dk2", "dk2-tee") and runs until its probes are done. */
    public LinuxSystem boot(String board, Stm32mpSecureWorld secure) {
        linux = LinuxSystem.boot(s, soc, BoardDts.bundled(board), secure, KernelConfig.defaults());
        awaitUp();
        return linux;
    }

    /** Boots as {@link #boot(String, Stm32mpSecureWorld)} and installs {@code elf} as rproc-m4-fw. */
    public LinuxSystem boot(String board, Stm32mpSecureWorld secure, byte[] elf) {
        boot(board, secure);
        installFirmware(elf);
        return linux;
    }

    /** Reboots Linux with the M4 left running and waits for its probes. */
    public LinuxSystem rebootWithM4Running() {
        linux = linux.rebootWithM4Running();
        awaitUp();
        return linux;
    }

    private void awaitUp() { assertTrue(s.runUntil(linux::isUp, s.now() + SimTime.seconds(5)), "kernel_init finished"); }

    public LinuxSystem linux() { return linux; }

    /** Installs {@code elf} as the M4's default firmware, rproc-m4-fw. */
    public void installFirmware(byte[] elf) { linux.kernel().firmware().install("rproc-m4-fw", elf); }

    /** OP-TEE on the DK2 platform with {@code config}, on the SoC's secure bus. */
    public Stm32mpSecureWorld secureWorld(TeeConfig config) {
        return Stm32mpSecureWorld.create(Stm32RprocPlatform.dk2(), config, soc.a7Secure(), s);
    }

    public Stm32mpSecureWorld secureWorld() { return secureWorld(TeeConfig.defaults()); }

    /** Runs {@code body} in a simulation process and the scheduler until it returns; gives its result. */
    public <T> T inProcess(Supplier<T> body) { return inProcess(s, body); }

    /** {@link #inProcess(Supplier)} on any scheduler (for benches without a SoC). */
    public static <T> T inProcess(Scheduler s, Supplier<T> body) {
        Object[] out = new Object[1];
        boolean[] done = {false};
        s.spawn("shell", () -> {
            out[0] = body.get();
            done[0] = true;
        });
        assertTrue(s.runUntil(() -> done[0], s.now() + PROCESS_LIMIT), "process did not finish within 100 s of simulated time");
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    /** {@code echo text > path}: 0 or -errno. */
    public int write(String path, String text) {
        return inProcess(() -> {
            try {
                linux.kernel().vfs().writeText(path, text);
                return 0;
            } catch (ErrnoException e) {
                return -e.errno();
            }
        });
    }

    /** {@code cat path} from the test thread (not in a process: nothing runs meanwhile), or the errno's message. */
    public String read(String path) {
        try {
            return linux.kernel().vfs().readText(path);
        } catch (ErrnoException e) {
            return e.getMessage();
        }
    }

    /** The M4 rproc's sysfs attribute, /sys/class/remoteproc/remoteprocN/{@code attr}. */
    public String sysfs(String attr) { return "/sys/class/remoteproc/" + linux.rproc().dev().name() + "/" + attr; }

    /** {@code echo word > .../state}: 0 or -errno. */
    public int state(String word) { return write(sysfs("state"), word); }

    public String dmesg() { return linux.kernel().dmesg().text(); }

    public boolean logged(String text) { return linux.kernel().dmesg().find(text, 0) >= 0; }

    /** Writes {@code text} to the rpmsg tty {@code tty} and gives what comes back within {@code within}. */
    public String echo(String tty, String text, long within) {
        return inProcess(() -> {
            try {
                RpmsgTtyPort port = (RpmsgTtyPort) linux.kernel().vfs().lookup(tty);
                port.write(text.getBytes(StandardCharsets.US_ASCII));
                return new String(port.read(4096, within), StandardCharsets.US_ASCII);
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        });
    }

    /** Runs until {@code path} exists, at most {@code within}; fails with the dmesg and the M4's state. */
    public void awaitPath(String path, long within) {
        assertTrue(s.runUntil(() -> linux.kernel().vfs().exists(path), s.now() + within),
                () -> path + " within " + SimTime.format(within) + "\n" + dmesg()
                        + (soc.m4Core() == null ? "" : "\nM4: " + soc.m4Core().core().state() + " " + soc.m4Core().core().faults()));
    }

    @Override
    public void close() {
        s.close();
        soc.close(); // and its M4 core
    }
}
