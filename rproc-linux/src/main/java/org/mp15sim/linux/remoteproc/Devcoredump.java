package org.mp15sim.linux.remoteproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.mp15sim.core.sched.Completion;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * drivers/base/devcoredump.c as the remoteproc core uses it: a dump appears as
 * {@code /sys/class/devcoredump/devcdN/data}; reading returns it, writing anything frees it, and it is freed
 * after 5 minutes otherwise. {@code dev_coredumpm} (inline) reads its segments live at read time.
 */
public final class Devcoredump {
    /** DEVCD_TIMEOUT: 5 minutes. */
    public static final long DEVCD_TIMEOUT = SimTime.seconds(300);

    /** One dump: the bytes (for inline dumps, the content as read at the time of {@link #bytes()}). */
    public static final class Dump {
        private final String path;
        private final Supplier<byte[]> content;
        private byte[] snapshot;

        Dump(String path, Supplier<byte[]> content) {
            this.path = path;
            this.content = content;
        }

        /** The sysfs directory, e.g. /sys/class/devcoredump/devcd1. */
        public String path() { return path; }

        /** The ELF core file. */
        public byte[] bytes() {
            if (snapshot == null) snapshot = content.get();
            return snapshot.clone();
        }

        /** Writes the core file to the host filesystem. */
        public void saveTo(Path file) throws IOException { Files.write(file, bytes()); }
    }

    private Devcoredump() {}

    /**
     * Registers a dump of {@code rproc}; {@code freed} (may be null) completes when userspace or the timeout
     * frees it. Returns the dump, or null when the device still has an unread dump: devcoredump then drops the
     * new one at once (and frees it, which completes {@code freed}).
     */
    static Dump create(RemoteProc rproc, Supplier<byte[]> content, Completion freed) {
        Kernel k = rproc.kernel();
        if (rproc.devcdLive) {
            if (freed != null) freed.complete();
            return null;
        }
        rproc.devcdLive = true;
        String dir = "/sys/class/devcoredump/devcd" + RemoteprocClass.of(k).nextDevcdIndex();
        Dump d = new Dump(dir, content);
        boolean[] gone = {false};
        Timer[] timeout = new Timer[1];
        Runnable free = () -> {
            if (gone[0]) return;
            gone[0] = true;
            rproc.devcdLive = false;
            d.bytes(); // keep what was there for the scenario's record
            k.vfs().unregisterTree(dir);
            if (timeout[0] != null) timeout[0].cancel();
            if (freed != null) freed.complete();
        };
        k.vfs().register(dir + "/data", new VfsFile() {
            @Override public byte[] read() { return content.get(); }

            @Override public int write(byte[] data) throws ErrnoException {
                free.run();
                return data.length;
            }
        });
        k.vfs().registerText(dir + "/failing_device", () -> "../../" + rproc.dev().name() + "\n");
        timeout[0] = k.scheduler().schedule("devcd_free(" + dir + ")", DEVCD_TIMEOUT, free);
        rproc.recordCoredump(d);
        return d;
    }
}
