package org.mp15sim.linux.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The paths a user touches on the board: {@code /sys/class/remoteproc/...}, {@code /sys/kernel/debug/...},
 * {@code /dev/ttyRPMSGn}. A flat map from absolute path to file, sorted so listings are deterministic.
 */
public final class Vfs {
    private final TreeMap<String, VfsFile> files = new TreeMap<>();

    public void register(String path, VfsFile file) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("vfs path must be absolute: " + path);
        if (files.putIfAbsent(path, file) != null) throw new IllegalStateException("vfs: " + path + " already exists");
    }

    /** A read-only text attribute computed on each read. */
    public void registerText(String path, Supplier<String> content) {
        register(path, new VfsFile() {
            @Override public byte[] read() { return content.get().getBytes(StandardCharsets.UTF_8); }
        });
    }

    public void unregister(String path) { files.remove(path); }

    /** Removes every path below (and including) {@code prefix}. */
    public void unregisterTree(String prefix) {
        files.keySet().removeIf(p -> p.equals(prefix) || p.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"));
    }

    public boolean exists(String path) { return files.containsKey(path); }

    public VfsFile lookup(String path) throws ErrnoException {
        VfsFile f = files.get(path);
        if (f == null) throw new ErrnoException(Errno.ENOENT, path);
        return f;
    }

    public String readText(String path) throws ErrnoException {
        return new String(lookup(path).read(), StandardCharsets.UTF_8);
    }

    public int writeText(String path, String text) throws ErrnoException {
        return lookup(path).write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Paths directly or indirectly under {@code dir}, sorted. */
    public List<String> list(String dir) {
        String p = dir.endsWith("/") ? dir : dir + "/";
        List<String> out = new ArrayList<>();
        for (String k : files.tailMap(p, true).keySet()) {
            if (!k.startsWith(p)) break;
            out.add(k);
        }
        return out;
    }
}
