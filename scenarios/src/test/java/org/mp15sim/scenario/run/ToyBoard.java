package org.mp15sim.scenario.run;

import java.nio.charset.StandardCharsets;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.linux.kernel.VfsFile;
import org.mp15sim.scenario.board.Board;
import org.mp15sim.scenario.board.BoardSpec;

/**
 * A stand-in board for testing the runner's mechanics (blocking shell commands, exact waits, errno checks,
 * streams, faults). It is NOT a model of remoteproc: "start" takes 1 ms after reading the firmware, a tty echo
 * answers after 10 µs, a watchdog crash recovers after 2 ms. The real board comes from the assembly.
 */
public final class ToyBoard implements Board {
    static final String SYS = "/sys/class/remoteproc/remoteproc0";
    final BoardSpec spec;
    final Scheduler scheduler = new Scheduler();
    Kernel linux;
    Device dev;
    String state = "offline";
    String firmware = "rproc-m4-fw";
    boolean recovery = true;
    final StringBuilder console = new StringBuilder();
    final StringBuilder ttyOut = new StringBuilder();
    int reboots;
    boolean hangOnStart;

    public ToyBoard(BoardSpec spec) {
        this.spec = spec;
        boot();
    }

    private void boot() {
        linux = new Kernel(scheduler, KernelConfig.defaults(), new AddressSpace("a7", new BusMaster("a7", 0, false)));
        dev = new Device(linux, "remoteproc", "remoteproc0");
        linux.vfs().register(SYS + "/state", new VfsFile() {
            @Override public byte[] read() { return (state + "\n").getBytes(StandardCharsets.UTF_8); }

            @Override public int write(byte[] data) throws ErrnoException {
                String cmd = new String(data, StandardCharsets.UTF_8).strip();
                switch (cmd) {
                    case "start" -> start();
                    case "stop" -> {
                        if (!state.equals("running")) throw new ErrnoException(Errno.EINVAL, "stop");
                        scheduler.delay(SimTime.us(100));
                        state = "offline";
                        linux.vfs().unregister("/dev/ttyRPMSG0");
                        dev.info("stopped remote processor m4");
                    }
                    default -> throw new ErrnoException(Errno.EINVAL, "state");
                }
                return data.length;
            }
        });
        linux.vfs().register(SYS + "/firmware", new VfsFile() {
            @Override public byte[] read() { return (firmware + "\n").getBytes(StandardCharsets.UTF_8); }

            @Override public int write(byte[] data) throws ErrnoException {
                if (!state.equals("offline")) throw new ErrnoException(Errno.EBUSY, "firmware");
                String n = new String(data, StandardCharsets.UTF_8);
                int nl = n.indexOf('\n');
                if (nl >= 0) n = n.substring(0, nl);
                if (n.isEmpty()) throw new ErrnoException(Errno.EINVAL, "firmware");
                firmware = n;
                return data.length;
            }
        });
        linux.vfs().registerText(SYS + "/recovery", () -> recovery ? "enabled\n" : "disabled\n");
        dev.info("toy board probed" + (reboots > 0 ? " after reboot " + reboots : ""));
    }

    private void start() throws ErrnoException {
        if (state.equals("running")) throw new ErrnoException(Errno.EBUSY, "start");
        linux.firmware().request(dev, firmware);
        if (hangOnStart) scheduler.await(new org.mp15sim.core.sched.SimEvent("never"));
        scheduler.delay(SimTime.ms(1));
        state = "running";
        dev.info("remote processor m4 is now up");
        console.append("m4: hello\n");
        scheduler.schedule("tty", SimTime.us(100), () -> linux.vfs().register("/dev/ttyRPMSG0", new VfsFile() {
            @Override public byte[] read() {
                byte[] b = ttyOut.toString().getBytes(StandardCharsets.ISO_8859_1);
                ttyOut.setLength(0);
                return b;
            }

            @Override public int write(byte[] data) {
                String s = new String(data, StandardCharsets.ISO_8859_1);
                scheduler.schedule("echo", SimTime.us(10), () -> ttyOut.append(s));
                return data.length;
            }
        }));
    }

    @Override public BoardSpec spec() { return spec; }
    @Override public Scheduler scheduler() { return scheduler; }
    @Override public Kernel linux() { return linux; }
    @Override public String remoteprocSysfs() { return SYS; }
    @Override public String remoteprocDebugfs() { return "/sys/kernel/debug/remoteproc/remoteproc0"; }
    @Override public CharSequence console() { return console; }

    @Override public byte[] sign(byte[] elf, byte[] key) {
        byte[] out = new byte[elf.length + 4];
        System.arraycopy(elf, 0, out, 4, elf.length);
        return out;
    }

    @Override public void injectWatchdog() {
        dev.err("crash detected in m4: type watchdog");
        state = "crashed";
        if (recovery) {
            scheduler.schedule("recover", SimTime.ms(2), () -> {
                state = "running";
                dev.info("remote processor m4 is now up");
            });
        }
    }

    @Override public void injectLockup() {}
    @Override public void replaceVerificationKey(byte[] pem) {}
    @Override public int ipccChannel(String mboxName) { return java.util.List.of("vq0", "vq1", "shutdown", "detach").indexOf(mboxName); }
    @Override public void ipccNeverAck(int channel) {}

    @Override public void rebootLinux() {
        reboots++;
        state = "offline";
        boot();
    }

    @Override public void close() { scheduler.close(); }
}
