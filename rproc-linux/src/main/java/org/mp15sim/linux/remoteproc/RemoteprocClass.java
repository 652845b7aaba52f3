package org.mp15sim.linux.remoteproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.Workqueue;

/**
 * The kernel-wide state of remoteproc_core.c: the {@code rproc_dev_index} IDA, {@code rproc_list},
 * {@code rproc_recovery_wq} and the PLATFORM_DEVID_AUTO counter of the rproc-virtio devices. One per
 * {@link Kernel} (a rebooted Linux is a new Kernel and starts again at remoteproc0).
 */
public final class RemoteprocClass {
    private static final Map<Kernel, RemoteprocClass> PER_KERNEL = new WeakHashMap<>();

    private final Kernel kernel;
    private final TreeSet<Integer> usedIndexes = new TreeSet<>();
    private final List<RemoteProc> rprocList = new ArrayList<>();
    private Workqueue recoveryWq;
    private int nextPlatformDevId;
    private int nextDevcdIndex;

    private RemoteprocClass(Kernel kernel) { this.kernel = kernel; }

    public static synchronized RemoteprocClass of(Kernel kernel) {
        return PER_KERNEL.computeIfAbsent(kernel, RemoteprocClass::new);
    }

    public Kernel kernel() { return kernel; }

    int allocIndex() {
        int i = 0;
        while (usedIndexes.contains(i)) i++;
        usedIndexes.add(i);
        return i;
    }

    void freeIndex(int i) { usedIndexes.remove(i); }

    /** {@code rproc_recovery_wq} (WQ_UNBOUND | WQ_FREEZABLE), created on first use. */
    Workqueue recoveryWq() {
        if (recoveryWq == null) recoveryWq = kernel.createWorkqueue("rproc_recovery_wq");
        return recoveryWq;
    }

    int nextPlatformDevId() { return nextPlatformDevId++; }

    /** devcoredump names dumps {@code devcd%d} with atomic_inc_return(&devcd_count): the first is devcd1. */
    int nextDevcdIndex() { return ++nextDevcdIndex; }

    void listAdd(RemoteProc r) { rprocList.add(r); }

    void listDel(RemoteProc r) { rprocList.remove(r); }

    /** The registered processors ({@code rproc_list}), in registration order. */
    public List<RemoteProc> rprocs() { return List.copyOf(rprocList); }
}
