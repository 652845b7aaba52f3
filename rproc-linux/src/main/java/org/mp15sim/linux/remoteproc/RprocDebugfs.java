package org.mp15sim.linux.remoteproc;

import static org.mp15sim.linux.remoteproc.ResourceTable.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.VfsFile;

/**
 * remoteproc_debugfs.c: {@code /sys/kernel/debug/remoteproc/remoteprocN/} with {@code name},
 * {@code resource_table}, {@code carveout_memories}, {@code crash} and one {@code traceN} per trace resource,
 * read live from the remote's memory.
 */
public final class RprocDebugfs {
    private static final String[] TYPES = {"carveout", "devmem", "trace", "vdev"};

    private RprocDebugfs() {}

    public static String dir(RemoteProc r) { return "/sys/kernel/debug/remoteproc/" + r.dev().name(); }

    static void create(RemoteProc r) {
        var vfs = r.kernel().vfs();
        String d = dir(r);
        vfs.registerText(d + "/name", () -> r.name() + "\n");
        vfs.registerText(d + "/resource_table", () -> rscTableShow(r));
        vfs.registerText(d + "/carveout_memories", () -> carveoutsShow(r));
        // rproc_crash_write: inject a crash of the given type
        vfs.register(d + "/crash", new VfsFile() {
            @Override public int write(byte[] data) throws ErrnoException {
                String w = new String(data, StandardCharsets.UTF_8).strip();
                RprocCrashType t = switch (w) {
                    case "mmufault" -> RprocCrashType.MMUFAULT;
                    case "watchdog" -> RprocCrashType.WATCHDOG;
                    case "fatal" -> RprocCrashType.FATAL_ERROR;
                    default -> null;
                };
                if (t == null) {
                    r.dev().err("Invalid crash type: " + w);
                    throw new ErrnoException(Errno.EINVAL, "crash");
                }
                r.reportCrash(t);
                return data.length;
            }
        });
    }

    static void remove(RemoteProc r) { r.kernel().vfs().unregisterTree(dir(r)); }

    static void addTrace(RemoteProc r, RemoteProc.Trace t) {
        String p = dir(r) + "/" + t.name();
        var vfs = r.kernel().vfs();
        if (vfs.exists(p)) vfs.unregister(p);
        vfs.register(p, new VfsFile() {
            // rproc_trace_read: the buffer up to its first NUL, read now from the remote's memory
            @Override public byte[] read() {
                MemorySegment va = r.daToVa(t.da(), t.len());
                if (va == null) return ("Trace " + t.name() + " not available\n").getBytes(StandardCharsets.UTF_8);
                byte[] b = va.toArray(ValueLayout.JAVA_BYTE);
                int n = 0;
                while (n < b.length && b[n] != 0) n++;
                return java.util.Arrays.copyOf(b, n);
            }
        });
    }

    static void removeTrace(RemoteProc r, RemoteProc.Trace t) { r.kernel().vfs().unregister(dir(r) + "/" + t.name()); }

    // rproc_rsc_table_show
    static String rscTableShow(RemoteProc r) {
        MemorySegment t = r.tablePtr();
        if (t == null) return "No resource table found\n";
        if (t.byteSize() < HEADER_SIZE) return "";
        StringBuilder sb = new StringBuilder();
        int num = num(t);
        for (int i = 0; i < num && HEADER_SIZE + 4L * (i + 1) <= t.byteSize(); i++) {
            int off = offset(t, i);
            if (off < 0 || off + RSC_HDR_SIZE > t.byteSize()) break;
            int type = (int) u32(t, off);
            int p = off + RSC_HDR_SIZE;
            if (type >= 0 && type < RSC_LAST) sb.append("Entry ").append(i).append(" is of type ").append(TYPES[type]).append('\n');
            switch (type) {
                case RSC_CARVEOUT, RSC_DEVMEM -> {
                    if (p + CARVEOUT_SIZE > t.byteSize()) break;
                    sb.append(String.format("  Device Address 0x%x%n  Physical Address 0x%x%n  Length 0x%x Bytes%n  Flags 0x%x%n", u32(t, p), u32(t, p + 4), u32(t, p + 8), u32(t, p + 12)));
                    sb.append(String.format("  Reserved (should be zero) [%d]%n  Name %s%n%n", u32(t, p + 16), name(t, p + 20, NAME_LEN)));
                }
                case RSC_TRACE -> {
                    if (p + TRACE_SIZE > t.byteSize()) break;
                    sb.append(String.format("  Device Address 0x%x%n  Length 0x%x Bytes%n  Reserved (should be zero) [%d]%n  Name %s%n%n",
                            u32(t, p), u32(t, p + 4), u32(t, p + 8), name(t, p + 12, NAME_LEN)));
                }
                case RSC_VDEV -> {
                    if (p + VDEV_SIZE > t.byteSize()) break;
                    int nv = u8(t, p + VDEV_NUM_OF_VRINGS);
                    sb.append(String.format("  ID %d%n  Notify ID %d%n  Device features 0x%x%n  Guest features 0x%x%n  Config length 0x%x%n  Status 0x%x%n  Number of vrings %d%n  Reserved (should be zero) [%d][%d]%n%n",
                            u32(t, p), u32(t, p + 4), u32(t, p + 8), u32(t, p + 12), u32(t, p + 16), u8(t, p + 20), nv, u8(t, p + 22), u8(t, p + 23)));
                    for (int j = 0; j < nv && vringOffset(p, j) + VDEV_VRING_SIZE <= t.byteSize(); j++) {
                        long v = vringOffset(p, j);
                        sb.append(String.format("  Vring %d%n    Device Address 0x%x%n    Alignment %d%n    Number of buffers %d%n    Notify ID %d%n    Physical Address 0x%x%n%n",
                                j, u32(t, v), u32(t, v + 4), u32(t, v + 8), (int) u32(t, v + 12), u32(t, v + 16)));
                    }
                }
                default -> sb.append("Unknown resource type found: ").append(type).append('\n');
            }
        }
        return sb.toString().replace("\r\n", "\n");
    }

    // rproc_carveouts_show
    static String carveoutsShow(RemoteProc r) {
        StringBuilder sb = new StringBuilder();
        for (RprocMemEntry c : r.carveouts()) {
            sb.append("Carveout memory entry:\n");
            sb.append("\tName: ").append(c.name).append('\n');
            sb.append(String.format("\tDMA: 0x%x%n\tDevice Address: 0x%x%n\tLength: 0x%x Bytes%n%n", c.dma, c.da, c.len));
        }
        return sb.toString().replace("\r\n", "\n");
    }
}
