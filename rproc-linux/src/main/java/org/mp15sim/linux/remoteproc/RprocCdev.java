package org.mp15sim.linux.remoteproc;

import java.nio.charset.StandardCharsets;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * remoteproc_cdev.c (CONFIG_REMOTEPROC_CDEV): {@code /dev/remoteprocN} accepts "start", "stop" and "detach"
 * with the sysfs state checks. The command is compared with {@code strncmp(cmd, word, len)} over the written
 * length, so a trailing newline does not match: {@code echo -n start > /dev/remoteproc0} works, {@code echo start}
 * gives EINVAL, as on the board. Writes longer than the 10-byte command buffer are EINVAL. The
 * RPROC_SET_SHUTDOWN_ON_RELEASE ioctl and release are not modelled (the simulated VFS has no open/close).
 */
final class RprocCdev {
    private static final int CMD_LEN = 10;

    private RprocCdev() {}

    static String path(RemoteProc r) { return "/dev/" + r.dev().name(); }

    static void add(RemoteProc r) {
        r.kernel().vfs().register(path(r), new VfsFile() {
            @Override public int write(byte[] data) throws ErrnoException {
                int ret = RprocCdev.write(r, data);
                if (ret < 0) throw new ErrnoException(-ret, path(r));
                return data.length;
            }
        });
    }

    static void remove(RemoteProc r) { r.kernel().vfs().unregister(path(r)); }

    // strncmp(cmd, word, len) == 0 where cmd holds exactly len bytes
    private static boolean matches(String cmd, String word) {
        int n = cmd.length();
        String w = word + "\0";
        for (int i = 0; i < n; i++) {
            char c = i < w.length() ? w.charAt(i) : '\0';
            if (cmd.charAt(i) != c) return false;
            if (c == '\0') return true;
        }
        return true;
    }

    // rproc_cdev_write
    static int write(RemoteProc r, byte[] data) {
        if (data.length > CMD_LEN) return -Errno.EINVAL;
        String cmd = new String(data, StandardCharsets.ISO_8859_1);
        RprocState s = r.state();
        if (matches(cmd, "start")) {
            if (s == RprocState.RUNNING || s == RprocState.ATTACHED) return -Errno.EBUSY;
            return r.boot();
        } else if (matches(cmd, "stop")) {
            if (s != RprocState.RUNNING && s != RprocState.ATTACHED) return -Errno.EINVAL;
            return r.shutdown();
        } else if (matches(cmd, "detach")) {
            if (s != RprocState.ATTACHED) return -Errno.EINVAL;
            return r.detach();
        }
        r.dev().err("Unrecognized option");
        return -Errno.EINVAL;
    }
}
