package org.mp15sim.linux.remoteproc;

import java.nio.charset.StandardCharsets;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Vfs;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * remoteproc_sysfs.c: {@code /sys/class/remoteproc/remoteprocN/{state,firmware,recovery,coredump,name}} with
 * the kernel's accepted words and errnos. Writes run in the writer's process and block (in simulated time)
 * for as long as the operation takes, as {@code echo start > state} does on the board.
 */
public final class RprocSysfs {
    private RprocSysfs() {}

    /** The sysfs directory of {@code rproc}. */
    public static String dir(RemoteProc rproc) { return "/sys/class/remoteproc/" + rproc.dev().name(); }

    // sysfs_streq: equal, ignoring one trailing newline on either side
    static boolean streq(String a, String b) {
        String x = a.endsWith("\n") ? a.substring(0, a.length() - 1) : a;
        String y = b.endsWith("\n") ? b.substring(0, b.length() - 1) : b;
        return x.equals(y);
    }

    private interface Store {
        int store(String buf);
    }

    private static VfsFile attr(java.util.function.Supplier<String> show, Store store, RemoteProc rproc, boolean respectReadOnly) {
        return new VfsFile() {
            @Override public byte[] read() { return show.get().getBytes(StandardCharsets.UTF_8); }

            @Override public int write(byte[] data) throws ErrnoException {
                if (store == null) throw new ErrnoException(Errno.EACCES, "write to read-only attribute");
                if (respectReadOnly && rproc.sysfsReadOnly) throw new ErrnoException(Errno.EPERM, "sysfs_read_only");
                int r = store.store(new String(data, StandardCharsets.UTF_8));
                if (r < 0) throw new ErrnoException(-r, "write");
                return data.length;
            }
        };
    }

    static void register(RemoteProc r) {
        Vfs vfs = r.kernel().vfs();
        String d = dir(r);
        vfs.register(d + "/name", attr(() -> r.name() + "\n", null, r, false));
        vfs.register(d + "/state", attr(() -> stateShow(r), buf -> stateStore(r, buf), r, true));
        vfs.register(d + "/firmware", attr(() -> firmwareShow(r), buf -> r.setFirmware(buf), r, true));
        vfs.register(d + "/recovery", attr(() -> r.recoveryDisabled() ? "disabled\n" : "enabled\n", buf -> recoveryStore(r, buf), r, true));
        vfs.register(d + "/coredump", attr(() -> r.dumpConf().word() + "\n", buf -> coredumpStore(r, buf), r, true));
    }

    static void unregister(RemoteProc r) { r.kernel().vfs().unregisterTree(dir(r)); }

    // state_show: values above RPROC_LAST print "invalid"
    static String stateShow(RemoteProc r) { return r.state().sysfsName() + "\n"; }

    // state_store
    static int stateStore(RemoteProc r, String buf) {
        RprocState s = r.state();
        boolean checks = r.sysfsStateChecks();
        if (streq(buf, "start")) {
            if (checks && (s == RprocState.RUNNING || s == RprocState.ATTACHED)) return -Errno.EBUSY;
            int ret = r.boot();
            if (ret != 0) r.dev().err("Boot failed: " + ret);
            return ret;
        } else if (streq(buf, "stop")) {
            if (checks && s != RprocState.RUNNING && s != RprocState.ATTACHED) return -Errno.EINVAL;
            return r.shutdown();
        } else if (streq(buf, "detach")) {
            if (checks && s != RprocState.ATTACHED) return -Errno.EINVAL;
            return r.detach();
        }
        r.dev().err("Unrecognised option: " + buf.stripTrailing());
        return -Errno.EINVAL;
    }

    // firmware_show: "unknown" while attached, the image run by someone else is not known
    static String firmwareShow(RemoteProc r) { return (r.state() == RprocState.ATTACHED ? "unknown" : r.firmware()) + "\n"; }

    // recovery_store
    static int recoveryStore(RemoteProc r, String buf) {
        if (streq(buf, "enabled")) {
            r.setRecoveryDisabled(false);
            r.triggerRecovery();
        } else if (streq(buf, "disabled")) {
            r.setRecoveryDisabled(true);
        } else if (streq(buf, "recover")) {
            r.triggerRecovery();
        } else {
            return -Errno.EINVAL;
        }
        return 0;
    }

    // coredump_store
    static int coredumpStore(RemoteProc r, String buf) {
        if (r.state() == RprocState.CRASHED) {
            r.dev().err("can't change coredump configuration");
            return -Errno.EBUSY;
        }
        for (RprocDumpMechanism m : RprocDumpMechanism.values()) {
            if (streq(buf, m.word())) {
                r.setDumpConf(m);
                return 0;
            }
        }
        r.dev().err("Invalid coredump configuration");
        return -Errno.EINVAL;
    }
}
