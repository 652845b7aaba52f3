package org.mp15sim.linux.stm32;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.linux.kernel.Device;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Firmware;
import org.mp15sim.linux.kernel.IrqHandler;
import org.mp15sim.linux.kernel.IrqRegistration;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.Work;
import org.mp15sim.linux.kernel.Workqueue;
import org.mp15sim.linux.mailbox.Mailbox;
import org.mp15sim.linux.mailbox.MboxChan;
import org.mp15sim.linux.mailbox.MboxClient;
import org.mp15sim.linux.remoteproc.RemoteProc;
import org.mp15sim.linux.remoteproc.RprocCrashType;
import org.mp15sim.linux.remoteproc.RprocElfLoader;
import org.mp15sim.linux.remoteproc.RprocMemEntry;
import org.mp15sim.linux.remoteproc.RprocOps;
import org.mp15sim.linux.remoteproc.RprocState;
import org.mp15sim.linux.tee.RemoteprocTee;

/**
 * drivers/remoteproc/stm32_rproc.c (7.0 + v22 6/7 and 7/7): the Cortex-M4 of the STM32MP15, native or through
 * the OP-TEE remoteproc TA. Hardware is reached only through the A7 bus (RCC hold boot and MCURST, PWR_MCUCR
 * PDDS, TAMP backup registers 17/18), the IPCC mailbox channels and the watchdog interrupt line.
 */
public final class Stm32Rproc {
    public static final int HOLD_BOOT = 0;
    public static final int RELEASE_BOOT = 1;
    public static final int MBOX_NB_VQ = 2;
    public static final int MBOX_NB_MBX = 4;
    public static final int RSC_TBL_SIZE = 1024;
    public static final int M4_STATE_OFF = 0;
    public static final int M4_STATE_INI = 1;
    public static final int M4_STATE_CRUN = 2;
    public static final int M4_STATE_CSTOP = 3;
    public static final int M4_STATE_STANDBY = 4;
    public static final int M4_STATE_CRASH = 5;
    /** EM_NONE: stm32 registers its core dumps with no machine. */
    public static final int EM_NONE = 0;

    /** {@code struct stm32_mbox}: name, vq id (-1 for the control channels), client and channel. */
    private static final class Mbox {
        final String name;
        final int vqId;
        MboxClient client;
        MboxChan chan;
        Work vqWork;

        Mbox(String name, int vqId) {
            this.name = name;
            this.vqId = vqId;
        }
    }

    private final Kernel kernel;
    private final AddressSpace bus;
    private final Device dev;
    private final Stm32RprocConfig cfg;
    private final Mbox[] mb = {new Mbox("vq0", 0), new Mbox("vq1", 1), new Mbox("shutdown", -1), new Mbox("detach", -1)};
    private RemoteProc rproc;
    private Workqueue workqueue;
    private IrqRegistration wdgIrq;
    private MemorySegment rscVa;
    private final RemoteprocTee tee;

    private Stm32Rproc(Kernel kernel, Stm32RprocConfig cfg, RemoteprocTee tee) {
        this.kernel = kernel;
        this.bus = kernel.bus();
        this.cfg = cfg;
        this.tee = tee;
        this.dev = new Device(kernel, "stm32-rproc", cfg.devName());
    }

    public Device device() { return dev; }
    public RemoteProc rproc() { return rproc; }
    public Stm32RprocConfig config() { return cfg; }
    /** The TEE backend when probed in TEE mode, else null. */
    public RemoteprocTee tee() { return tee; }

    // ------------------------------------------------------------------ probe / remove

    /**
     * {@code stm32_rproc_probe}: chooses st_rproc_tee_ops when st,rproc-tee is present; reads the M4 state
     * (CRUN: DETACHED natively, -EINVAL with TEE); requests the watchdog irq and the four mailboxes (a missing one
     * only warns); then rproc_add or rproc_tee_register. Must run in a process. Throws the probe's errno.
     */
    public static Stm32Rproc probe(Kernel kernel, Mailbox mailbox, Stm32RprocConfig cfg) throws ErrnoException {
        boolean teeMode = cfg.tee() != null;
        if (teeMode && !kernel.config().remoteprocTee()) throw new ErrnoException(Errno.ENODEV, "stm32-rproc: CONFIG_REMOTEPROC_TEE is off");
        Stm32Rproc d = new Stm32Rproc(kernel, cfg, teeMode ? RemoteprocTee.of(kernel) : null);
        d.rproc = RemoteProc.alloc(d.dev, cfg.nodeName(), teeMode ? d.new TeeOps() : d.new NativeOps(), cfg.firmwareName());
        d.rproc.coredumpSetElfInfo(RemoteProc.ELFCLASS32, EM_NONE);
        d.rproc.setAutoBoot(cfg.autoBoot());
        if (teeMode && !cfg.teeAvailable()) throw new ErrnoException(Errno.EPROBE_DEFER, d.dev + " TEE rproc backend not available");
        if (cfg.dmaRanges() == null) {
            d.dev.err("failed to get memory translations");
            throw new ErrnoException(Errno.EINVAL, d.dev + " parent has no dma-ranges");
        }
        int state = d.getM4Status();
        if (state < 0) throw new ErrnoException(-state, d.dev + " m4 state");
        if (state == M4_STATE_CRUN) {
            if (teeMode) {
                d.dev.err("TEE support not yet compatible with attached state");
                throw new ErrnoException(Errno.EINVAL, d.dev + " M4 already running (CRUN) in TEE mode");
            }
            d.rproc.setInitialState(RprocState.DETACHED);
        }
        d.rproc.setHasIommu(false);
        d.workqueue = kernel.createWorkqueue(d.dev.name());
        if (cfg.wdgIrq() != null) d.wdgIrq = kernel.requestEdgeIrq(cfg.wdgIrq(), d.dev.name(), d::wdgIrq);
        d.requestMbox(mailbox);
        int ret;
        if (teeMode) ret = d.tee.register(d.dev, d.rproc, cfg.tee());
        else ret = d.rproc.add();
        if (ret != 0) {
            d.freeMbox();
            if (d.wdgIrq != null) d.wdgIrq.free();
            throw new ErrnoException(-ret, d.dev + " " + (teeMode ? "rproc_tee_register" : "rproc_add"));
        }
        return d;
    }

    /** {@code stm32_rproc_remove}: shutdown if powered, free mailboxes, then unregister/del. */
    public void remove() {
        if (rproc.power() > 0) rproc.shutdown();
        freeMbox();
        if (wdgIrq != null) wdgIrq.free();
        if (tee != null) tee.unregister(rproc);
        else rproc.del();
    }

    /**
     * What a Linux reboot does to this driver: interrupts and mailbox clients disappear with the old kernel, and
     * nothing is written to the hardware (the M4 keeps running).
     */
    public void abandon() {
        if (wdgIrq != null) wdgIrq.free();
        workqueue = null; // late mailbox callbacks of the dead kernel queue nothing
    }

    // stm32_rproc_request_mbox
    private void requestMbox(Mailbox mailbox) throws ErrnoException {
        for (Mbox m : mb) {
            if (m.vqId >= 0) {
                final Mbox box = m;
                m.vqWork = new Work("stm32_rproc_mb_vq_work(" + m.name + ")", () -> mbVqWork(box));
                m.client = MboxClient.nonBlocking(dev, (cl, msg) -> mbCallback(box));
            } else {
                m.client = MboxClient.blocking(dev, m.name.equals("shutdown") ? 500 : 200);
            }
            if (cfg.mboxes() == null || mailbox == null) {
                dev.warn("cannot get " + m.name + " mbox");
                continue;
            }
            try {
                m.chan = mailbox.requestChannelByName(m.client, cfg.mboxes(), m.name);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EPROBE_DEFER) {
                    freeMbox();
                    throw e;
                }
                dev.warn("cannot get " + m.name + " mbox");
                m.chan = null;
            }
        }
    }

    // stm32_rproc_free_mbox
    private void freeMbox() {
        for (Mbox m : mb) {
            if (m.chan != null) m.chan.free();
            m.chan = null;
        }
    }

    // stm32_rproc_mb_callback: defer to the workqueue (rproc_vq_interrupt may sleep)
    private void mbCallback(Mbox m) {
        if (workqueue != null) workqueue.queue(m.vqWork);
    }

    // stm32_rproc_mb_vq_work: dropped unless RUNNING or ATTACHED
    private void mbVqWork(Mbox m) {
        rproc.lock();
        try {
            if (rproc.state() != RprocState.RUNNING && rproc.state() != RprocState.ATTACHED) return;
            if (rproc.vqInterrupt(m.vqId) == 0) rproc.dev().dbg("no message found in vq" + m.vqId);
        } finally {
            rproc.unlock();
        }
    }

    // stm32_rproc_wdg
    private int wdgIrq() {
        dev.warn("Watchdog expired");
        rproc.reportCrash(RprocCrashType.WATCHDOG);
        return IrqHandler.HANDLED;
    }

    // ------------------------------------------------------------------ registers

    // regmap_update_bits(map, reg, mask, val)
    private int updateBits(Stm32RprocConfig.Syscon s, long val) {
        try {
            int old = bus.read32(s.reg());
            int v = (int) ((old & ~s.mask()) | (val & s.mask()));
            bus.write32(s.reg(), v);
            return 0;
        } catch (BusErrorException e) {
            return -Errno.EIO;
        }
    }

    // stm32_rproc_get_m4_status
    private int getM4Status() {
        if (cfg.m4State() == null) return M4_STATE_OFF; // no syscon: assume the firmware is not running
        try {
            return (int) (bus.read32(cfg.m4State().reg()) & cfg.m4State().mask());
        } catch (BusErrorException e) {
            dev.err("failed to read m4 state: " + -Errno.EIO);
            return -Errno.EIO;
        }
    }

    // stm32_rproc_set_hold_boot
    private int setHoldBoot(boolean hold) {
        if (cfg.holdBoot() == null) return 0;
        int err = updateBits(cfg.holdBoot(), hold ? HOLD_BOOT : RELEASE_BOOT);
        if (err != 0) rproc.dev().err("failed to set hold boot");
        return err;
    }

    // reset_control_assert(ddata->rst): the MCURST bit in the RCC set register
    private int assertReset() {
        if (cfg.mcuReset() == null) return 0;
        try {
            bus.write32(cfg.mcuReset().reg(), (int) cfg.mcuReset().mask());
            return 0;
        } catch (BusErrorException e) {
            return -Errno.EIO;
        }
    }

    // ------------------------------------------------------------------ translations

    /** {@code stm32_rproc_pa_to_da}: -1 (and -EINVAL in the kernel) when no dma-range covers pa. */
    public long paToDa(long pa) {
        for (Range r : cfg.dmaRanges()) {
            if (pa >= r.parentAddress() && pa < r.parentAddress() + r.size()) return pa - r.parentAddress() + r.childAddress();
        }
        return -1;
    }

    /** {@code stm32_rproc_da_to_pa}. */
    public long daToPa(long da) {
        for (Range r : cfg.dmaRanges()) {
            if (da >= r.childAddress() && da < r.childAddress() + r.size()) return da - r.childAddress() + r.parentAddress();
        }
        dev.err(String.format("can't translate da 0x%x", da));
        return -1;
    }

    // ------------------------------------------------------------------ ops shared by both paths

    // stm32_rproc_mem_alloc: ioremap_wc of the reserved region
    private int memAlloc(RemoteProc r, RprocMemEntry mem) {
        MemorySegment va = ioremap(bus, mem.dma, mem.len);
        if (va == null) {
            dev.err(String.format("Unable to map memory region: %#x+%x", mem.dma, mem.len));
            return -Errno.ENOMEM;
        }
        mem.va = va;
        mem.isIomem = true;
        dev.dbg(String.format("map memory: %#x+%x", mem.dma, mem.len));
        return 0;
    }

    /**
     * {@code ioremap_wc(pa, len)}: a mapping of RAM behind the A7 bus. Mapping touches no memory, so a region
     * a secure firewall denies (OP-TEE isolating the firmware) still maps, as in the kernel. Approximation:
     * later accesses through the mapping are not checked against the firewall (the kernel would take an
     * external abort). Null when no RAM backs the whole range.
     */
    static MemorySegment ioremap(AddressSpace bus, long pa, long len) {
        AddressSpace.Region reg = bus.find(pa);
        if (reg == null || !reg.isMemory() || !reg.contains(pa, len)) return null;
        return reg.memory().segment().asSlice(reg.memOffset() + (pa - reg.base()), len);
    }

    // stm32_rproc_mem_release: iounmap
    private int memRelease(RemoteProc r, RprocMemEntry mem) {
        dev.dbg(String.format("unmap memory: %#x", mem.dma));
        mem.va = null;
        return 0;
    }

    /** {@code stm32_rproc_prepare}: one carveout per memory-region (vdev0buffer becomes the vdev DMA pool). */
    int prepare(RemoteProc r) {
        int index = 0;
        for (Stm32RprocConfig.ReservedMem rmem : cfg.memoryRegion()) {
            long da = paToDa(rmem.base());
            if (da < 0) {
                dev.err(String.format("memory region not valid %#x", rmem.base()));
                return -Errno.EINVAL;
            }
            RprocMemEntry mem;
            if (!rmem.name().equals("vdev0buffer")) {
                mem = new RprocMemEntry(null, rmem.base(), rmem.size(), da, this::memAlloc, this::memRelease, rmem.name());
                r.coredumpAddSegment(da, rmem.size());
            } else {
                mem = RprocMemEntry.ofResm(index, rmem.size(), rmem.base(), rmem.name());
            }
            r.addCarveout(mem);
            index++;
        }
        return 0;
    }

    // stm32_rproc_add_coredump_trace
    private void addCoredumpTrace(RemoteProc r) {
        for (RemoteProc.Trace t : r.traces()) {
            boolean exists = false;
            for (RemoteProc.DumpSegment s : r.dumpSegments()) {
                if (s.da() == t.da()) {
                    exists = true;
                    break;
                }
            }
            if (!exists) r.coredumpAddSegment(t.da(), t.len());
        }
    }

    /** {@code stm32_rproc_kick}: the mailbox whose vq_id is the notify id; non-blocking. */
    void kick(RemoteProc r, int vqid) {
        if (vqid >= MBOX_NB_VQ) {
            kernel.dmesg().warn("WARNING: stm32_rproc_kick: vqid " + vqid + " >= MBOX_NB_VQ");
            return;
        }
        for (Mbox m : mb) {
            if (vqid != m.vqId) continue;
            if (m.chan == null) return;
            int err = m.chan.sendMessage("kick");
            if (err < 0) r.dev().err("stm32_rproc_kick: failed (" + m.name + ", err:" + err + ")");
            return;
        }
    }

    // stm32_rproc_request_shutdown: only while not OFFLINE/CRASHED; blocks up to 500 ms for the M4's ack
    private void requestShutdown(RemoteProc r) {
        if (r.state() == RprocState.OFFLINE || r.state() == RprocState.CRASHED) return;
        Mbox m = mb[2];
        if (m.chan == null) return;
        int err = m.chan.sendMessage("detach");
        if (err < 0) r.dev().warn("warning: remote FW shutdown without ack");
    }

    // stm32_rproc_release: allow standby and record the M4 as off
    private int release(RemoteProc r) {
        if (cfg.pdds() != null && updateBits(cfg.pdds(), 1) != 0) {
            r.dev().err("failed to set pdds");
            return -Errno.EIO;
        }
        if (cfg.m4State() != null && updateBits(cfg.m4State(), M4_STATE_OFF) != 0) {
            r.dev().err("failed to set copro state");
            return -Errno.EIO;
        }
        return 0;
    }

    // ------------------------------------------------------------------ native ops (st_rproc_ops)

    /** {@code stm32_rproc_start}: clear PDDS, release hold boot then hold it again at once. */
    int start(RemoteProc r) {
        addCoredumpTrace(r);
        if (cfg.pdds() != null && updateBits(cfg.pdds(), 0) != 0) {
            r.dev().err("failed to clear pdds");
            return -Errno.EIO;
        }
        int err = setHoldBoot(false);
        if (err != 0) return err;
        return setHoldBoot(true);
    }

    /** {@code stm32_rproc_stop}: shutdown handshake, hold boot, MCURST, then PDDS=1 and TAMP state OFF. */
    int stop(RemoteProc r) {
        requestShutdown(r);
        int err = setHoldBoot(true);
        if (err != 0) return err;
        err = assertReset();
        if (err != 0) {
            r.dev().err("failed to assert the reset");
            return err;
        }
        return release(r);
    }

    /** {@code stm32_rproc_attach}. */
    int attach(RemoteProc r) {
        addCoredumpTrace(r);
        return setHoldBoot(true);
    }

    /** {@code stm32_rproc_detach}: "detach" handshake (200 ms), then let the M4 reboot on its own. */
    int detach(RemoteProc r) {
        Mbox m = mb[3];
        if (m.chan != null) {
            int err = m.chan.sendMessage("stop");
            if (err < 0) r.dev().warn("warning: remote FW detach without ack");
        }
        return setHoldBoot(false);
    }

    /** {@code stm32_rproc_parse_fw}: a missing table only warns. */
    int parseFw(RemoteProc r, Firmware fw) {
        if (RprocElfLoader.loadRscTable(r, fw) != 0) r.dev().warn("no resource table found for this firmware");
        return 0;
    }

    /** {@code stm32_rproc_get_loaded_rsc_table}: TAMP backup 17 holds the table's M4 address. */
    RprocOps.LoadedTable getLoadedRscTable(RemoteProc r) throws ErrnoException {
        if (rscVa == null) {
            if (cfg.rscTbl() == null) return null;
            long rscDa;
            try {
                rscDa = bus.read32(cfg.rscTbl().reg()) & cfg.rscTbl().mask();
            } catch (BusErrorException e) {
                dev.err("failed to read rsc tbl addr");
                throw new ErrnoException(Errno.EINVAL, dev + " TAMP rsc-tbl register");
            }
            if (rscDa == 0) throw new ErrnoException(Errno.ENOENT, dev + " no resource table published (BKP17R = 0)");
            long pa = daToPa(rscDa);
            if (pa < 0) throw new ErrnoException(Errno.EINVAL, dev + " rsc table da");
            rscVa = ioremap(bus, pa, RSC_TBL_SIZE);
            if (rscVa == null) {
                dev.err(String.format("Unable to map memory region: %#x+%x", pa, RSC_TBL_SIZE));
                throw new ErrnoException(Errno.ENOMEM, dev + " rsc table mapping");
            }
        }
        return new RprocOps.LoadedTable(rscVa, RSC_TBL_SIZE);
    }

    /** st_rproc_ops. */
    private final class NativeOps implements RprocOps {
        private static final Set<Op> OPS = EnumSet.of(Op.PREPARE, Op.START, Op.STOP, Op.ATTACH, Op.DETACH, Op.KICK, Op.LOAD,
                Op.PARSE_FW, Op.FIND_LOADED_RSC_TABLE, Op.GET_LOADED_RSC_TABLE, Op.SANITY_CHECK, Op.GET_BOOT_ADDR);

        @Override public Set<Op> provided() { return OPS; }
        @Override public int prepare(RemoteProc r) { return Stm32Rproc.this.prepare(r); }
        @Override public int start(RemoteProc r) { return Stm32Rproc.this.start(r); }
        @Override public int stop(RemoteProc r) { return Stm32Rproc.this.stop(r); }
        @Override public int attach(RemoteProc r) { return Stm32Rproc.this.attach(r); }
        @Override public int detach(RemoteProc r) { return Stm32Rproc.this.detach(r); }
        @Override public void kick(RemoteProc r, int vqid) { Stm32Rproc.this.kick(r, vqid); }
        @Override public int load(RemoteProc r, Firmware fw) { return RprocElfLoader.loadSegments(r, fw); }
        @Override public int parseFw(RemoteProc r, Firmware fw) { return Stm32Rproc.this.parseFw(r, fw); }
        @Override public MemorySegment findLoadedRscTable(RemoteProc r, Firmware fw) { return RprocElfLoader.findLoadedRscTable(r, fw); }
        @Override public LoadedTable getLoadedRscTable(RemoteProc r) throws ErrnoException { return Stm32Rproc.this.getLoadedRscTable(r); }
        @Override public int sanityCheck(RemoteProc r, Firmware fw) { return RprocElfLoader.sanityCheck(r, fw); }
        @Override public long getBootAddr(RemoteProc r, Firmware fw) { return RprocElfLoader.getBootAddr(r, fw); }
    }

    /** st_rproc_tee_ops (v22 7/7): no attach/detach, no ELF checks, hold boot and reset left to the TA. */
    private final class TeeOps implements RprocOps {
        private static final Set<Op> OPS = EnumSet.of(Op.PREPARE, Op.START, Op.STOP, Op.KICK, Op.LOAD, Op.PARSE_FW,
                Op.FIND_LOADED_RSC_TABLE, Op.RELEASE_FW);

        @Override public Set<Op> provided() { return OPS; }
        @Override public int prepare(RemoteProc r) { return Stm32Rproc.this.prepare(r); }
        @Override public int start(RemoteProc r) { return tee.start(r); }

        // stm32_rproc_tee_stop
        @Override public int stop(RemoteProc r) {
            requestShutdown(r);
            int err = tee.stop(r);
            if (err != 0) return err;
            return release(r);
        }

        @Override public void kick(RemoteProc r, int vqid) { Stm32Rproc.this.kick(r, vqid); }
        @Override public int load(RemoteProc r, Firmware fw) { return tee.loadFw(r, fw); }
        @Override public int parseFw(RemoteProc r, Firmware fw) { return tee.parseFw(r, fw); }
        @Override public MemorySegment findLoadedRscTable(RemoteProc r, Firmware fw) { return tee.findLoadedRscTable(r, fw); }
        @Override public void releaseFw(RemoteProc r) { tee.releaseFw(r); }
    }
}
