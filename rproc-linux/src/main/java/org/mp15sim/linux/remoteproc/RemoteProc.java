package org.mp15sim.linux.remoteproc;

import static org.mp15sim.linux.remoteproc.ResourceTable.*;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.mp15sim.core.sched.SimMutex;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Firmware;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.Work;

/**
 * {@code struct rproc} and remoteproc_core.c: the state machine, power refcount, boot / shutdown / attach /
 * detach in the kernel's exact order of operations (with the v22 {@code release_fw} hook and
 * {@code rproc_pa_to_va}), resource handling, crash handling and recovery.
 *
 * <p>Every public operation that takes {@code rproc->lock} must run in a simulation process (it may sleep).
 * Results follow the kernel: 0 or a negative errno.
 */
public final class RemoteProc {
    /** RPROC_FEAT_ATTACH_ON_RECOVERY. */
    public static final int FEAT_ATTACH_ON_RECOVERY = 0;
    /** ELFCLASS32 / EM_NONE, what stm32_rproc passes to rproc_coredump_set_elf_info. */
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASSNONE = 0;

    /** {@code struct rproc_dump_segment}. */
    public record DumpSegment(long da, long size) {}

    /** {@code struct rproc_debug_trace}: a trace buffer resource, shown as debugfs traceN. */
    public static final class Trace {
        final String name;
        final long da;
        final long len;

        Trace(String name, long da, long len) {
            this.name = name;
            this.da = da;
            this.len = len;
        }

        public String name() { return name; }
        public long da() { return da; }
        public long len() { return len; }
    }

    private final Kernel kernel;
    private final RemoteprocClass rclass;
    private final Device parent;
    private final Device dev;
    private final String name;
    private final RprocOps ops;
    private final int index;
    final SimMutex lock;
    private final Work crashHandler;

    private String firmware;
    RprocState state = RprocState.OFFLINE;
    int power;
    boolean autoBoot = true;
    boolean recoveryDisabled;
    RprocDumpMechanism dumpConf = RprocDumpMechanism.DISABLED;
    int crashCnt;
    boolean sysfsReadOnly;
    boolean hasIommu;
    private final Set<Integer> features = new java.util.TreeSet<>();
    long bootaddr;
    int elfClass = ELFCLASSNONE;
    int elfMachine;

    MemorySegment cachedTable;
    MemorySegment tablePtr;
    MemorySegment cleanTable;
    int tableSz;

    final List<RprocMemEntry> carveouts = new ArrayList<>();
    final List<DumpSegment> dumpSegments = new ArrayList<>();
    final List<Trace> traces = new ArrayList<>();
    final List<RprocVdev> rvdevs = new ArrayList<>();
    final List<RprocSubdev> subdevs = new ArrayList<>();
    final TreeMap<Integer, RprocVdev.Vring> notifyids = new TreeMap<>();
    int maxNotifyid = -1;
    int nbVdev;
    private int numTraces;
    private DmaCoherentPool coherentPool;
    private boolean added;
    private final List<Devcoredump.Dump> coredumps = new ArrayList<>();
    /** A devcoredump of this device exists and was not freed yet (a new one would be dropped). */
    boolean devcdLive;
    /** Options for the kernel-version questions the spec leaves open (see {@link #setSysfsStateChecks}). */
    private boolean sysfsStateChecks = true;

    private RemoteProc(Device parent, String name, RprocOps ops, String firmware) {
        this.parent = parent;
        this.kernel = parent.kernel();
        this.rclass = RemoteprocClass.of(kernel);
        this.index = rclass.allocIndex();
        this.dev = new Device(kernel, "remoteproc", "remoteproc" + index);
        this.name = name;
        this.ops = allocOps(ops);
        this.firmware = firmware != null ? firmware : "rproc-" + name + "-fw";
        this.lock = new SimMutex(kernel.scheduler(), "rproc(" + dev.name() + ").lock");
        this.crashHandler = new Work("rproc_crash_handler_work(" + dev.name() + ")", this::crashHandlerWork);
    }

    /**
     * {@code rproc_alloc(dev, name, ops, firmware, len)}: copies the ops, installing the default coredump and,
     * when {@code load} is NULL, the ELF loader defaults. The processor starts OFFLINE with power 0 and
     * auto_boot set.
     */
    public static RemoteProc alloc(Device parent, String name, RprocOps ops, String firmware) {
        if (parent == null || name == null || ops == null) return null;
        return new RemoteProc(parent, name, ops, firmware);
    }

    // rproc_alloc_ops
    private static RprocOps allocOps(RprocOps driver) {
        boolean elf = !driver.has(RprocOps.Op.LOAD);
        boolean dump = !driver.has(RprocOps.Op.COREDUMP);
        if (!elf && !dump) return driver;
        return new AllocatedOps(driver, elf, dump);
    }

    /** The ops table after rproc_alloc's defaults: the driver's ops with NULL members filled in. */
    private static final class AllocatedOps implements RprocOps {
        private final RprocOps d;
        private final boolean elf;
        private final boolean dump;
        private final Set<Op> provided;

        AllocatedOps(RprocOps d, boolean elf, boolean dump) {
            this.d = d;
            this.elf = elf;
            this.dump = dump;
            EnumSet<Op> p = d.provided().isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(d.provided());
            if (dump) p.add(Op.COREDUMP);
            if (elf) p.addAll(EnumSet.of(Op.LOAD, Op.PARSE_FW, Op.FIND_LOADED_RSC_TABLE, Op.SANITY_CHECK, Op.GET_BOOT_ADDR));
            this.provided = p;
        }

        @Override public Set<Op> provided() { return provided; }
        @Override public int prepare(RemoteProc r) { return d.prepare(r); }
        @Override public int unprepare(RemoteProc r) { return d.unprepare(r); }
        @Override public int start(RemoteProc r) { return d.start(r); }
        @Override public int stop(RemoteProc r) { return d.stop(r); }
        @Override public int attach(RemoteProc r) { return d.attach(r); }
        @Override public int detach(RemoteProc r) { return d.detach(r); }
        @Override public void kick(RemoteProc r, int vqid) { d.kick(r, vqid); }
        @Override public MemorySegment daToVa(RemoteProc r, long da, long len) { return d.daToVa(r, da, len); }
        @Override public int handleRsc(RemoteProc r, int type, int off, int avail) { return d.handleRsc(r, type, off, avail); }
        @Override public LoadedTable getLoadedRscTable(RemoteProc r) throws ErrnoException { return d.getLoadedRscTable(r); }
        @Override public void releaseFw(RemoteProc r) { d.releaseFw(r); }
        @Override public int load(RemoteProc r, Firmware fw) { return elf ? RprocElfLoader.loadSegments(r, fw) : d.load(r, fw); }
        @Override public int parseFw(RemoteProc r, Firmware fw) { return elf ? RprocElfLoader.loadRscTable(r, fw) : d.parseFw(r, fw); }
        @Override public MemorySegment findLoadedRscTable(RemoteProc r, Firmware fw) {
            return elf ? RprocElfLoader.findLoadedRscTable(r, fw) : d.findLoadedRscTable(r, fw);
        }
        @Override public int sanityCheck(RemoteProc r, Firmware fw) { return elf ? RprocElfLoader.sanityCheck(r, fw) : d.sanityCheck(r, fw); }
        @Override public long getBootAddr(RemoteProc r, Firmware fw) { return elf ? RprocElfLoader.getBootAddr(r, fw) : d.getBootAddr(r, fw); }
        @Override public void coredump(RemoteProc r) {
            if (dump) RprocCoredump.coredump(r);
            else d.coredump(r);
        }
    }

    // ------------------------------------------------------------------ accessors

    public Kernel kernel() { return kernel; }
    /** {@code &rproc->dev}: "remoteproc remoteprocN". */
    public Device dev() { return dev; }
    /** {@code rproc->dev.parent}: the platform device of the driver. */
    public Device parent() { return parent; }
    public String name() { return name; }
    public int index() { return index; }
    public RprocOps ops() { return ops; }
    public RprocState state() { return state; }
    public int power() { return power; }
    public String firmware() { return firmware; }
    public boolean autoBoot() { return autoBoot; }
    public void setAutoBoot(boolean v) { autoBoot = v; }
    public boolean recoveryDisabled() { return recoveryDisabled; }
    public RprocDumpMechanism dumpConf() { return dumpConf; }
    public int crashCount() { return crashCnt; }
    public long bootaddr() { return bootaddr; }
    public boolean hasIommu() { return hasIommu; }
    public void setHasIommu(boolean v) { hasIommu = v; }
    public void setSysfsReadOnly(boolean v) { sysfsReadOnly = v; }
    public void setFeature(int feature) { features.add(feature); }
    public boolean hasFeature(int feature) { return features.contains(feature); }
    /** {@code rproc->table_ptr}: the live table (cached copy, or the one in remote memory), or null. */
    public MemorySegment tablePtr() { return tablePtr; }
    /** {@code rproc->cached_table}. */
    public MemorySegment cachedTable() { return cachedTable; }
    public int tableSz() { return tableSz; }
    public void setTableSz(int sz) { tableSz = sz; }
    public List<RprocMemEntry> carveouts() { return List.copyOf(carveouts); }
    public List<DumpSegment> dumpSegments() { return List.copyOf(dumpSegments); }
    public List<Trace> traces() { return List.copyOf(traces); }
    public List<RprocVdev> rvdevs() { return List.copyOf(rvdevs); }
    public int maxNotifyid() { return maxNotifyid; }
    public int elfClass() { return elfClass; }
    public int elfMachine() { return elfMachine; }
    /** Every core dump this processor produced, oldest first (also readable from devcoredump while not freed). */
    public List<Devcoredump.Dump> coredumps() { return List.copyOf(coredumps); }
    void recordCoredump(Devcoredump.Dump d) { coredumps.add(d); }

    /** The pool {@code dma_alloc_coherent} on the parent uses for core-made carveouts (none by default). */
    public void setCoherentPool(DmaCoherentPool pool) { coherentPool = pool; }
    DmaCoherentPool coherentPool() { return coherentPool; }

    /**
     * Sysfs {@code state} write semantics. true (default, the 5.13+ remoteproc_sysfs.c that 7.0 carries): "start"
     * on RUNNING/ATTACHED gives -EBUSY, "stop" outside RUNNING/ATTACHED gives -EINVAL, "detach" outside ATTACHED
     * gives -EINVAL. false: the variant without checks, relying on the core (a second "start" only takes a
     * power reference). The spec marks which one 7.0 has UNCONFIRMED.
     */
    public void setSysfsStateChecks(boolean v) { sysfsStateChecks = v; }
    public boolean sysfsStateChecks() { return sysfsStateChecks; }

    /** Sets the parsed table: {@code rproc->cached_table = copy; table_ptr = cached_table; table_sz = n}. */
    public void setCachedTable(byte[] table) {
        if (table == null) {
            freeCachedTable();
            tableSz = 0;
            return;
        }
        cachedTable = MemorySegment.ofArray(table.clone());
        tablePtr = cachedTable;
        tableSz = table.length;
    }

    /** {@code rproc_coredump_set_elf_info(rproc, class, machine)}. */
    public int coredumpSetElfInfo(int elfClass, int machine) {
        if (elfClass != 1 && elfClass != 2) return -Errno.EINVAL;
        this.elfClass = elfClass;
        this.elfMachine = machine;
        return 0;
    }

    /** {@code rproc_coredump_add_segment(rproc, da, size)}. */
    public void coredumpAddSegment(long da, long size) { dumpSegments.add(new DumpSegment(da, size)); }

    /** {@code rproc_add_carveout}. */
    public void addCarveout(RprocMemEntry mem) { carveouts.add(mem); }

    /** {@code rproc_add_subdev}. */
    public void addSubdev(RprocSubdev s) { subdevs.add(s); }

    /** {@code rproc_remove_subdev}. */
    public void removeSubdev(RprocSubdev s) { subdevs.remove(s); }

    /** {@code rproc_find_carveout_by_name}: the first carveout with that name, or null. */
    public RprocMemEntry findCarveoutByName(String n) {
        for (RprocMemEntry c : carveouts) if (c.name.equals(n)) return c;
        return null;
    }

    /** A read-only view of the live resource table bytes (for tests and the scenario), or null. */
    public byte[] tableBytes() {
        if (tablePtr == null) return null;
        return tablePtr.asSlice(0, Math.min(tableSz, tablePtr.byteSize())).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    // ------------------------------------------------------------------ address translation

    /**
     * {@code rproc_da_to_va(rproc, da, len, &is_iomem)}: ops->da_to_va first, then the carveouts that have a
     * va and contain [da, da+len).
     */
    public MemorySegment daToVa(long da, long len) {
        if (ops.has(RprocOps.Op.DA_TO_VA)) {
            MemorySegment p = ops.daToVa(this, da, len);
            if (p != null) return p;
        }
        for (RprocMemEntry c : carveouts) {
            if (c.va == null) continue;
            long offset = da - c.da;
            if (offset < 0) continue;
            if (offset + len > c.len) continue;
            return c.va.asSlice(offset, len);
        }
        return null;
    }

    /**
     * {@code rproc_pa_to_va(rproc, pa, len, &is_iomem)} (v22 3/7): the same walk keyed on the carveout's
     * physical address, for tables placed by an agent that knows the PA (OP-TEE, U-Boot).
     */
    public MemorySegment paToVa(long pa, long len) {
        for (RprocMemEntry c : carveouts) {
            if (c.va == null || pa < c.dma) continue;
            long offset = pa - c.dma; // size_t in v22: no negative test any more
            if (offset > c.len || len > c.len - offset) continue;
            return c.va.asSlice(offset, len);
        }
        return null;
    }

    // ------------------------------------------------------------------ add / del

    /** {@code rproc_validate}. */
    private int validate() {
        switch (state) {
            case OFFLINE -> {
                if (!ops.has(RprocOps.Op.START)) return -Errno.EINVAL;
            }
            case DETACHED -> {
                if (!ops.has(RprocOps.Op.ATTACH)) return -Errno.EINVAL;
                if (cachedTable != null) return -Errno.EINVAL;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    /** Used by drivers before rproc_add to set the initial state (stm32: DETACHED when the M4 runs). */
    public void setInitialState(RprocState s) { setState(s); }

    // every state change is an instant on the "remoteproc" trace track (Perfetto state-change track)
    private void setState(RprocState s) {
        state = s;
        var t = kernel.scheduler().trace();
        if (t.enabled()) t.instant(kernel.scheduler().now(), t.track("remoteproc " + dev.name()), s.sysfsName(), s.ordinal(), power);
    }

    /**
     * {@code rproc_add}: validate, device_add (sysfs), debugfs, then auto-boot (synchronous attach in DETACHED,
     * otherwise request_firmware_nowait whose callback boots), then the global list.
     */
    public int add() {
        int ret = validate();
        if (ret < 0) return ret;
        RprocCdev.add(this);
        RprocSysfs.register(this);
        added = true;
        dev.info(name + " is available");
        RprocDebugfs.create(this);
        if (autoBoot) {
            ret = triggerAutoBoot();
            if (ret < 0) {
                RprocDebugfs.remove(this);
                RprocSysfs.unregister(this);
                RprocCdev.remove(this);
                added = false;
                return ret;
            }
        }
        rclass.listAdd(this);
        return 0;
    }

    // rproc_trigger_auto_boot
    private int triggerAutoBoot() {
        if (state == RprocState.DETACHED) return boot();
        // request_firmware_nowait: the lookup runs in a worker and its callback calls rproc_boot whatever the result
        kernel.scheduler().spawn("request_firmware_nowait(" + firmware + ")", () -> {
            try {
                kernel.firmware().request(dev, firmware);
            } catch (ErrnoException e) {
                // rproc_auto_boot_callback boots anyway: rproc_boot will report the missing file itself
            }
            boot();
        });
        return 0;
    }

    /** {@code rproc_del}: one shutdown (with power > 1 the processor keeps running), then DELETED. */
    public int del() {
        shutdown();
        lock.lock();
        setState(RprocState.DELETED);
        lock.unlock();
        RprocDebugfs.remove(this);
        rclass.listDel(this);
        if (added) {
            RprocSysfs.unregister(this);
            RprocCdev.remove(this);
        }
        added = false;
        rclass.freeIndex(index);
        return 0;
    }

    // ------------------------------------------------------------------ boot

    /** {@code rproc_boot}: power++ and, on 0→1, attach (DETACHED) or load and start the firmware. */
    public int boot() {
        int ret = lockRproc();
        if (ret != 0) return ret;
        try {
            if (state == RprocState.DELETED) {
                dev.err("can't boot deleted rproc " + name);
                return -Errno.ENODEV;
            }
            // skip the boot or attach process if rproc is already powered up
            if (++power > 1) return 0;
            if (state == RprocState.DETACHED) {
                dev.info("attaching to " + name);
                ret = attach();
            } else {
                dev.info("powering up " + name);
                Firmware fw;
                try {
                    fw = kernel.firmware().request(dev, firmware);
                } catch (ErrnoException e) {
                    ret = -e.errno();
                    dev.err("request_firmware failed: " + ret);
                    power--;
                    return ret;
                }
                ret = fwBoot(fw);
                if (ret != 0) releaseFw(); // v22 4/7, before release_firmware
            }
            if (ret != 0) power--;
            return ret;
        } finally {
            lock.unlock();
        }
    }

    // mutex_lock_interruptible(&rproc->lock), with the "can't lock" error the kernel logs when a signal interrupts it
    private int lockRproc() {
        int ret = lock.lockInterruptible();
        if (ret != 0) dev.err("can't lock rproc " + name + ": " + ret);
        return ret;
    }

    // kfree(rproc->cached_table); rproc->cached_table = NULL; rproc->table_ptr = NULL;
    private void freeCachedTable() {
        cachedTable = null;
        tablePtr = null;
    }

    // rproc_release_fw (remoteproc_internal.h, v22 4/7)
    private void releaseFw() {
        if (ops.has(RprocOps.Op.RELEASE_FW)) ops.releaseFw(this);
    }

    /** {@code rproc_fw_boot}. */
    private int fwBoot(Firmware fw) {
        int ret = 0;
        if (ops.has(RprocOps.Op.SANITY_CHECK)) ret = ops.sanityCheck(this, fw);
        if (ret != 0) return ret;
        dev.info("Booting fw image " + fw.name() + ", size " + fw.size());
        // rproc_enable_iommu: has_iommu is false on stm32, nothing to do
        ret = prepareDevice();
        if (ret != 0) {
            dev.err("can't prepare rproc " + name + ": " + ret);
            return ret;
        }
        bootaddr = ops.has(RprocOps.Op.GET_BOOT_ADDR) ? ops.getBootAddr(this, fw) : 0;
        ret = ops.has(RprocOps.Op.PARSE_FW) ? ops.parseFw(this, fw) : 0;
        if (ret != 0) {
            unprepareDevice();
            return ret;
        }
        maxNotifyid = -1;
        nbVdev = 0;
        ret = handleResources();
        if (ret != 0) {
            dev.err("Failed to process resources: " + ret);
        } else {
            ret = allocRegisteredCarveouts();
            if (ret != 0) dev.err("Failed to allocate associated carveouts: " + ret);
            else ret = start(fw);
        }
        if (ret != 0) {
            resourceCleanup();
            freeCachedTable();
            unprepareDevice();
        }
        return ret;
    }

    private int prepareDevice() { return ops.has(RprocOps.Op.PREPARE) ? ops.prepare(this) : 0; }

    private int unprepareDevice() { return ops.has(RprocOps.Op.UNPREPARE) ? ops.unprepare(this) : 0; }

    /** {@code rproc_start}: load, install the table in remote memory, prepare subdevs, start, start subdevs. */
    private int start(Firmware fw) {
        int ret = ops.has(RprocOps.Op.LOAD) ? ops.load(this, fw) : -Errno.EINVAL;
        if (ret != 0) {
            dev.err("Failed to load program segments: " + ret);
            return ret;
        }
        MemorySegment loaded = ops.has(RprocOps.Op.FIND_LOADED_RSC_TABLE) ? ops.findLoadedRscTable(this, fw) : null;
        if (loaded != null) {
            if (cachedTable != null && tableSz > 0) {
                long n = Math.min(tableSz, Math.min(loaded.byteSize(), cachedTable.byteSize()));
                MemorySegment.copy(cachedTable, 0, loaded, 0, n);
                kernel.scheduler().delay(org.mp15sim.core.time.SimTime.transferTime(n, kernel.config().memcpyRate()));
            }
            tablePtr = loaded;
        }
        ret = prepareSubdevices();
        if (ret != 0) {
            dev.err("failed to prepare subdevices for " + name + ": " + ret);
            tablePtr = cachedTable;
            return ret;
        }
        ret = ops.start(this);
        if (ret != 0) {
            dev.err("can't start rproc " + name + ": " + ret);
            unprepareSubdevices();
            tablePtr = cachedTable;
            return ret;
        }
        ret = startSubdevices();
        if (ret != 0) {
            dev.err("failed to probe subdevices for " + name + ": " + ret);
            ops.stop(this);
            unprepareSubdevices();
            tablePtr = cachedTable;
            return ret;
        }
        setState(RprocState.RUNNING);
        dev.info("remote processor " + name + " is now up");
        return 0;
    }

    // rproc_prepare_subdevices
    private int prepareSubdevices() {
        for (int i = 0; i < subdevs.size(); i++) {
            int ret = subdevs.get(i).prepare();
            if (ret != 0) {
                for (int j = i - 1; j >= 0; j--) subdevs.get(j).unprepare();
                return ret;
            }
        }
        return 0;
    }

    // rproc_start_subdevices
    private int startSubdevices() {
        for (int i = 0; i < subdevs.size(); i++) {
            int ret = subdevs.get(i).start();
            if (ret != 0) {
                for (int j = i - 1; j >= 0; j--) subdevs.get(j).stop(true);
                return ret;
            }
        }
        return 0;
    }

    // rproc_stop_subdevices: reverse order
    private void stopSubdevices(boolean crashed) {
        for (RprocSubdev s : List.copyOf(subdevs).reversed()) s.stop(crashed);
    }

    // rproc_unprepare_subdevices: reverse order
    private void unprepareSubdevices() {
        for (RprocSubdev s : List.copyOf(subdevs).reversed()) s.unprepare();
    }

    // ------------------------------------------------------------------ attach

    /** {@code rproc_attach}. */
    private int attach() {
        int ret = prepareDevice();
        if (ret != 0) {
            dev.err("can't prepare rproc " + name + ": " + ret);
            return ret;
        }
        ret = setRscTable();
        if (ret != 0) {
            dev.err("can't load resource table: " + ret);
            unprepareDevice();
            return ret;
        }
        maxNotifyid = -1;
        nbVdev = 0;
        ret = handleResources();
        if (ret != 0) {
            dev.err("Failed to process resources: " + ret);
            unprepareDevice();
            return ret;
        }
        ret = allocRegisteredCarveouts();
        if (ret != 0) dev.err("Failed to allocate associated carveouts: " + ret);
        else ret = attachInternal();
        if (ret != 0) {
            resourceCleanup();
            unprepareDevice();
        }
        return ret;
    }

    // rproc_set_rsc_table
    private int setRscTable() {
        RprocOps.LoadedTable t;
        try {
            t = ops.has(RprocOps.Op.GET_LOADED_RSC_TABLE) ? ops.getLoadedRscTable(this) : null;
        } catch (ErrnoException e) {
            int ret = -e.errno();
            dev.err("can't load resource table: " + ret);
            return ret;
        }
        if (t == null) return 0;
        // keep an untouched copy so a later detach can restore it (DETACHED -> ATTACHED -> DETACHED -> ...)
        if (ops.has(RprocOps.Op.DETACH)) {
            cleanTable = MemorySegment.ofArray(t.table().asSlice(0, t.size()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        } else {
            cleanTable = null;
        }
        cachedTable = null;
        tablePtr = t.table();
        tableSz = t.size();
        return 0;
    }

    // __rproc_attach
    private int attachInternal() {
        int ret = prepareSubdevices();
        if (ret != 0) {
            dev.err("failed to prepare subdevices for " + name + ": " + ret);
            return ret;
        }
        ret = ops.has(RprocOps.Op.ATTACH) ? ops.attach(this) : -Errno.EINVAL;
        if (ret != 0) {
            dev.err("can't attach to rproc " + name + ": " + ret);
            unprepareSubdevices();
            return ret;
        }
        ret = startSubdevices();
        if (ret != 0) {
            dev.err("failed to probe subdevices for " + name + ": " + ret);
            ops.stop(this);
            unprepareSubdevices();
            return ret;
        }
        setState(RprocState.ATTACHED);
        dev.info("remote processor " + name + " is now attached");
        return 0;
    }

    // ------------------------------------------------------------------ shutdown / stop / detach

    /** {@code rproc_shutdown}: power--, and on 1→0 stop, clean up, unprepare and (v22) release_fw. */
    public int shutdown() {
        int ret = lockRproc();
        if (ret != 0) return ret;
        try {
            if (state != RprocState.RUNNING && state != RprocState.ATTACHED) return -Errno.EINVAL;
            if (--power > 0) return 0;
            ret = stop(false);
            if (ret != 0) {
                power++;
                return ret;
            }
            resourceCleanup();
            unprepareDevice();
            releaseFw();
            freeCachedTable();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** {@code rproc_stop(rproc, crashed)}. */
    private int stop(boolean crashed) {
        if (!ops.has(RprocOps.Op.STOP)) return -Errno.EINVAL;
        stopSubdevices(crashed);
        resetRscTableOnStop();
        int ret = ops.stop(this);
        if (ret != 0) {
            dev.err("can't stop rproc: " + ret);
            return ret;
        }
        unprepareSubdevices();
        setState(RprocState.OFFLINE);
        dev.info("stopped remote processor " + name);
        return 0;
    }

    // rproc_reset_rsc_table_on_stop
    private void resetRscTableOnStop() {
        if (tablePtr == null) return;
        if (cachedTable == null) {
            // started by someone else: keep the table the remote used for the rest of the lifecycle
            cachedTable = MemorySegment.ofArray(tablePtr.asSlice(0, tableSz).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            cleanTable = null;
        }
        tablePtr = cachedTable;
    }

    /** {@code rproc_detach}. */
    public int detach() {
        int ret = lockRproc();
        if (ret != 0) return ret;
        try {
            if (state != RprocState.ATTACHED) return -Errno.EINVAL;
            if (--power > 0) return 0;
            ret = detachInternal();
            if (ret != 0) {
                power++;
                return ret;
            }
            resourceCleanup();
            unprepareDevice();
            freeCachedTable();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    // __rproc_detach
    private int detachInternal() {
        if (!ops.has(RprocOps.Op.DETACH)) return -Errno.EINVAL;
        stopSubdevices(false);
        int ret = resetRscTableOnDetach();
        if (ret != 0) {
            dev.err("can't reset resource table: " + ret);
            return ret;
        }
        ret = ops.detach(this);
        if (ret != 0) {
            dev.err("can't detach from rproc " + name + ": " + ret);
            return ret;
        }
        unprepareSubdevices();
        setState(RprocState.DETACHED);
        dev.info("detached remote processor " + name);
        return 0;
    }

    // rproc_reset_rsc_table_on_detach
    private int resetRscTableOnDetach() {
        if (tablePtr == null) return 0;
        if (cleanTable == null) return -Errno.EINVAL;
        cachedTable = MemorySegment.ofArray(tablePtr.asSlice(0, tableSz).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        MemorySegment live = tablePtr;
        tablePtr = cachedTable;
        // give the remote back the table it published, so the next attach starts fresh
        MemorySegment.copy(cleanTable, 0, live, 0, Math.min(tableSz, cleanTable.byteSize()));
        cleanTable = null;
        return 0;
    }

    // ------------------------------------------------------------------ crash and recovery

    /**
     * {@code rproc_report_crash(rproc, type)}: callable from any context (an interrupt handler included);
     * logs and queues the crash handler on rproc_recovery_wq.
     */
    public void reportCrash(RprocCrashType type) {
        dev.err("crash detected in " + name + ": type " + type.text());
        rclass.recoveryWq().queue(crashHandler);
    }

    // rproc_crash_handler_work
    private void crashHandlerWork() {
        lock.lock();
        if (state == RprocState.CRASHED) {
            // handle only the first crash detected
            lock.unlock();
            return;
        }
        if (state == RprocState.OFFLINE) {
            // don't recover if the remote processor was stopped
            lock.unlock();
            return;
        }
        setState(RprocState.CRASHED);
        dev.err("handling crash #" + (++crashCnt) + " in " + name);
        lock.unlock();
        if (!recoveryDisabled) triggerRecovery();
    }

    /** {@code rproc_trigger_recovery}: does something only in CRASHED. */
    public int triggerRecovery() {
        int ret = lock.lockInterruptible();
        if (ret != 0) return ret;
        try {
            if (state != RprocState.CRASHED) return 0;
            dev.err("recovering " + name);
            return hasFeature(FEAT_ATTACH_ON_RECOVERY) ? attachRecovery() : bootRecovery();
        } finally {
            lock.unlock();
        }
    }

    // rproc_attach_recovery
    private int attachRecovery() {
        int ret = detachInternal();
        if (ret != 0) return ret;
        return attachInternal();
    }

    /**
     * {@code rproc_boot_recovery}: stop (crashed), coredump, request the firmware again and rproc_start with the
     * cached table. The power count is untouched, so a failed recovery leaves OFFLINE with power still held.
     */
    private int bootRecovery() {
        int ret = stop(true);
        if (ret != 0) return ret;
        ops.coredump(this);
        Firmware fw;
        try {
            fw = kernel.firmware().request(dev, firmware);
        } catch (ErrnoException e) {
            ret = -e.errno();
            dev.err("request_firmware failed: " + ret);
            return ret;
        }
        ret = start(fw);
        if (ret != 0) releaseFw(); // v22 4/7
        return ret;
    }

    // ------------------------------------------------------------------ sysfs-backed setters

    /** {@code rproc_set_firmware}. */
    public int setFirmware(String fwName) {
        if (lockRproc() != 0) return -Errno.EINVAL;
        try {
            if (state != RprocState.OFFLINE) {
                dev.err("can't change firmware while running");
                return -Errno.EBUSY;
            }
            int nl = fwName.indexOf('\n');
            String n = nl >= 0 ? fwName.substring(0, nl) : fwName;
            if (n.isEmpty()) {
                dev.err("can't provide empty string for firmware name");
                return -Errno.EINVAL;
            }
            firmware = n;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** Sysfs recovery "enabled"/"disabled" flag. */
    public void setRecoveryDisabled(boolean v) { recoveryDisabled = v; }

    public void setDumpConf(RprocDumpMechanism m) { dumpConf = m; }

    // ------------------------------------------------------------------ resources

    /** {@code rproc_handle_resources(rproc, rproc_loading_handlers)}. */
    private int handleResources() {
        if (tablePtr == null) return 0;
        MemorySegment t = tablePtr;
        if (Math.min(tableSz, t.byteSize()) < HEADER_SIZE) {
            // a table shorter than its header (a TEE path table is not checked like an ELF one): the kernel
            // would read past the copy; the model refuses it as truncated
            dev.err("rsc table is truncated");
            return -Errno.EINVAL;
        }
        int num = ResourceTable.num(t);
        // the kernel trusts num here (find_table checked it for ELF tables); a model must not read past the copy
        if ((long) HEADER_SIZE + 4L * num > Math.min(tableSz, t.byteSize())) {
            dev.err("rsc table is truncated");
            return -Errno.EINVAL;
        }
        for (int i = 0; i < num; i++) {
            int offset = ResourceTable.offset(t, i);
            int avail = (int) Math.min(tableSz, t.byteSize()) - offset - RSC_HDR_SIZE;
            if (avail < 0 || offset < 0) {
                dev.err("rsc table is truncated");
                return -Errno.EINVAL;
            }
            int type = (int) u32(t, offset);
            int rsc = offset + RSC_HDR_SIZE;
            if (type >= RSC_VENDOR_START && type <= RSC_VENDOR_END) {
                int ret = ops.has(RprocOps.Op.HANDLE_RSC) ? ops.handleRsc(this, type, rsc, avail) : RprocOps.RSC_IGNORED;
                if (ret == RprocOps.RSC_HANDLED) continue;
                if (ret < 0) return ret;
                dev.warn("unsupported vendor resource " + type);
                continue;
            }
            if (type < 0 || type >= RSC_LAST) {
                dev.warn("unsupported resource " + type);
                continue;
            }
            int ret = switch (type) {
                case RSC_CARVEOUT -> handleCarveout(rsc, avail);
                case RSC_DEVMEM -> handleDevmem(rsc, avail);
                case RSC_TRACE -> handleTrace(rsc, avail);
                default -> handleVdev(rsc, avail);
            };
            if (ret != 0) return ret;
        }
        return 0;
    }

    /** {@code rproc_check_carveout_da}. */
    int checkCarveoutDa(RprocMemEntry mem, long da, long len) {
        if (len > mem.len) {
            dev.err("Registered carveout doesn't fit len request");
            return -Errno.EINVAL;
        }
        if (da != FW_RSC_ADDR_ANY && mem.da == FW_RSC_ADDR_ANY) {
            return -Errno.EINVAL;
        } else if (da != FW_RSC_ADDR_ANY && mem.da != FW_RSC_ADDR_ANY) {
            long delta = da - mem.da;
            if (delta < 0) {
                dev.err("Registered carveout doesn't fit da request");
                return -Errno.EINVAL;
            }
            if (delta + len > mem.len) {
                dev.err("Registered carveout doesn't fit len request");
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    // rproc_handle_carveout
    private int handleCarveout(int off, int avail) {
        if (CARVEOUT_SIZE > avail) {
            dev.err("carveout rsc is truncated");
            return -Errno.EINVAL;
        }
        MemorySegment t = tablePtr;
        if (u32(t, off + 16) != 0) {
            dev.err("carveout rsc has non zero reserved bytes");
            return -Errno.EINVAL;
        }
        long da = u32(t, off), len = u32(t, off + 8), flags = u32(t, off + 12);
        String cname = ResourceTable.name(t, off + 20, NAME_LEN);
        dev.dbg(String.format("carveout rsc: name: %s, da 0x%x, pa 0x%x, len 0x%x, flags 0x%x", cname, da, u32(t, off + 4), len, flags));
        RprocMemEntry c = findCarveoutByName(cname);
        if (c != null) {
            if (c.rscOffset != -1) {
                dev.err("Carveout already associated to resource table");
                return -Errno.ENOMEM;
            }
            if (checkCarveoutDa(c, da, len) != 0) return -Errno.ENOMEM;
            c.rscOffset = off;
            c.flags = flags;
            return 0;
        }
        c = new RprocMemEntry(null, 0, len, da, RemoteProc::allocCarveout, RemoteProc::releaseCarveout, cname);
        c.flags = flags;
        c.rscOffset = off;
        addCarveout(c);
        return 0;
    }

    // rproc_alloc_carveout: dma_alloc_coherent on the parent device
    static int allocCarveout(RemoteProc rproc, RprocMemEntry mem) {
        DmaCoherentPool pool = rproc.coherentPool;
        var buf = pool == null ? null : pool.alloc(mem.len);
        if (buf == null) {
            rproc.parent.err(String.format("failed to allocate dma memory: len 0x%x", mem.len));
            return -Errno.ENOMEM;
        }
        if (mem.da != FW_RSC_ADDR_ANY && !rproc.hasIommu && mem.da != (buf.dma() & 0xFFFF_FFFFL)) {
            rproc.parent.warn("Allocated carveout doesn't fit device address request");
        }
        if (mem.da == FW_RSC_ADDR_ANY) mem.da = buf.dma() & 0xFFFF_FFFFL;
        mem.dma = buf.dma();
        mem.va = buf.va();
        mem.pool = pool;
        return 0;
    }

    // rproc_release_carveout
    static int releaseCarveout(RemoteProc rproc, RprocMemEntry mem) {
        if (mem.pool != null) mem.pool.free(mem.dma);
        mem.va = null;
        return 0;
    }

    // rproc_handle_devmem: needs an IOMMU domain, which stm32 never has
    private int handleDevmem(int off, int avail) {
        if (DEVMEM_SIZE > avail) {
            dev.err("devmem rsc is truncated");
            return -Errno.EINVAL;
        }
        if (u32(tablePtr, off + 16) != 0) {
            dev.err("devmem rsc has non zero reserved bytes");
            return -Errno.EINVAL;
        }
        if (!hasIommu) return -Errno.EINVAL;
        return -Errno.EINVAL; // iommu_map is not modelled: no MP15 remote sits behind an IOMMU
    }

    // rproc_handle_trace
    private int handleTrace(int off, int avail) {
        if (TRACE_SIZE > avail) {
            dev.err("trace rsc is truncated");
            return -Errno.EINVAL;
        }
        MemorySegment t = tablePtr;
        if (u32(t, off + 8) != 0) {
            dev.err("trace rsc has non zero reserved bytes");
            return -Errno.EINVAL;
        }
        String tname = "trace" + numTraces;
        Trace tr = new Trace(tname, u32(t, off), u32(t, off + 4));
        traces.add(tr);
        numTraces++;
        RprocDebugfs.addTrace(this, tr);
        dev.dbg(String.format("%s added: da 0x%x, len 0x%x", tname, tr.da, tr.len));
        return 0;
    }

    // rproc_handle_vdev + rproc_virtio_probe
    private int handleVdev(int off, int avail) {
        MemorySegment t = tablePtr;
        if (VDEV_SIZE > avail) {
            dev.err("vdev rsc is truncated");
            return -Errno.EINVAL;
        }
        int numVrings = u8(t, off + VDEV_NUM_OF_VRINGS);
        long cfgLen = u32(t, off + VDEV_CONFIG_LEN);
        if (VDEV_SIZE + (long) VDEV_VRING_SIZE * numVrings + cfgLen > avail) {
            dev.err("vdev rsc is truncated");
            return -Errno.EINVAL;
        }
        if (u8(t, off + VDEV_RESERVED) != 0 || u8(t, off + VDEV_RESERVED + 1) != 0) {
            dev.err("vdev rsc has non zero reserved bytes");
            return -Errno.EINVAL;
        }
        int id = (int) u32(t, off + VDEV_ID);
        dev.dbg(String.format("vdev rsc: id %d, dfeatures 0x%x, cfg len %d, %d vrings", id, u32(t, off + VDEV_DFEATURES), cfgLen, numVrings));
        if (numVrings > RprocVdev.RVDEV_NUM_VRINGS) {
            dev.err("too many vrings: " + numVrings);
            return -Errno.EINVAL;
        }
        RprocVdev rvdev = new RprocVdev(this, id, nbVdev++, off, numVrings, rclass.nextPlatformDevId());
        return rvdev.probe();
    }

    /** idr_alloc(&rproc->notifyids, rvring, 0, 0): the lowest free id. */
    int allocNotifyid(RprocVdev.Vring v) {
        int id = 0;
        while (notifyids.containsKey(id)) id++;
        notifyids.put(id, v);
        if (id > maxNotifyid) maxNotifyid = id;
        return id;
    }

    /** {@code rproc_alloc_registered_carveouts}. */
    private int allocRegisteredCarveouts() {
        for (RprocMemEntry e : carveouts) {
            if (e.alloc != null) {
                int ret = e.alloc.alloc(this, e);
                if (ret != 0) {
                    dev.err("Unable to allocate carveout " + e.name + ": " + ret);
                    return -Errno.ENOMEM;
                }
            }
            if (e.rscOffset != -1 && tablePtr != null) {
                long pa = e.dma;
                if ((pa >>> 32) != 0) dev.warn("Physical address cast in 32bit to fit resource table format");
                setU32(tablePtr, e.rscOffset + 4, pa & 0xFFFF_FFFFL);
                setU32(tablePtr, e.rscOffset, e.da);
                setU32(tablePtr, e.rscOffset + 8, e.len);
            }
        }
        return 0;
    }

    /** {@code rproc_resource_cleanup}. */
    private void resourceCleanup() {
        for (Trace tr : traces) RprocDebugfs.removeTrace(this, tr);
        traces.clear();
        numTraces = 0;
        for (RprocMemEntry e : List.copyOf(carveouts)) {
            if (e.release != null) e.release.release(this, e);
        }
        carveouts.clear();
        for (RprocVdev rvdev : List.copyOf(rvdevs)) rvdev.remove();
        dumpSegments.clear(); // rproc_coredump_cleanup
    }

    void addRvdev(RprocVdev rvdev) { rvdevs.add(rvdev); }

    void removeRvdev(RprocVdev rvdev) { rvdevs.remove(rvdev); }

    /**
     * {@code rproc_vq_interrupt(rproc, notifyid)}: runs the vring callback of that notify id. Returns
     * IRQ_HANDLED (1) or IRQ_NONE (0) when no virtqueue is set up for it.
     */
    public int vqInterrupt(int notifyid) {
        RprocVdev.Vring v = notifyids.get(notifyid);
        if (v == null || v.callback == null) return 0;
        v.callback.run();
        return 1;
    }

    /** Takes {@code rproc->lock} (for drivers' work items, e.g. stm32_rproc_mb_vq_work). */
    public void lock() { lock.lock(); }

    public void unlock() { lock.unlock(); }

    @Override public String toString() { return dev.name() + "(" + name + ", " + state.sysfsName() + ", power " + power + ")"; }
}
