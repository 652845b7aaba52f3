package org.mp15sim.soc.irq;

import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimulationException;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.soc.periph.Peripheral;

/**
 * The Cortex-A7 GIC (GIC-400, GICv2) as far as the Linux model needs it: 288 interrupt IDs (16 SGIs,
 * 16 PPIs, 256 SPIs; SPI n has ID n+32 as in {@code stm32mp157cxx_ca7.h}), per-ID enable, pending,
 * active, 5-bit priority, CPU targets and level/edge configuration, and the CPU interface of CPU0 with
 * acknowledge (GICC_IAR) and end of interrupt (GICC_EOIR). Both halves are also bus-visible as register
 * blocks at 0xA0021000 (distributor) and 0xA0022000 (CPU interface) on the A7 buses.
 *
 * <p>The Java Linux model attaches with {@link #requestIrq}: when an enabled SPI targeted at CPU0 becomes
 * pending the GIC raises {@link #cpu0Irq()} and, in a separate zero-delay event (never inside the M4's
 * bus access that caused it), acknowledges it, calls the handler and writes EOI, exactly the loop of the
 * kernel's {@code gic_handle_irq}. A level interrupt whose source is still asserted after EOI is taken
 * again, so a handler must clear its source or mask the line ({@link #disable}), as IRQF_ONESHOT does.
 *
 * <p>Simplifications: one CPU interface (CPU0; SPIs aimed only at CPU1 stay pending), no preemption of an
 * active interrupt, interrupt groups and the binary point are stored but have no effect, SGIs are not
 * generated.
 */
public final class Gic {
    public static final long GICD_BASE = 0xA002_1000L;
    public static final long GICC_BASE = 0xA002_2000L;
    public static final int IDS = 288;
    public static final int SPIS = IDS - 32;
    public static final int SPURIOUS = 1023;
    /** Priority bits implemented by the STM32MP15 GIC (bits 7:3). */
    public static final int PRIORITY_MASK = 0xF8;
    /** Dispatches of one ID at one instant after which a level interrupt counts as a storm. */
    static final int STORM_LIMIT = 10_000;

    /** The top half of an interrupt handler (the Linux model's {@code irq_handler_t}). */
    @FunctionalInterface
    public interface Handler {
        void handle(int spi);
    }

    private final Scheduler scheduler;
    private final boolean[] enabled = new boolean[IDS];
    private final boolean[] latched = new boolean[IDS]; // edge-detected or software-set pending
    private final boolean[] lineHigh = new boolean[IDS];
    private final boolean[] active = new boolean[IDS];
    // Priority, target and configuration live in their registers (byte-lane writes merge there).
    private final Register[] priorityRegs = new Register[IDS / 4];
    private final Register[] targetRegs = new Register[IDS / 4];
    private final Register[] configRegs = new Register[IDS / 16];
    private final IrqLine[] spiInputs = new IrqLine[SPIS];
    private final Handler[] handlers = new Handler[IDS];
    private final String[] names = new String[IDS];
    private final long[] taken = new long[IDS];
    private final IrqLine cpu0Irq;
    private final Timer dispatchTimer;
    private boolean distributorEnabled;
    private boolean cpuEnabled;
    private int priorityMask;
    private int binaryPoint;
    private int runningPriority = 0xFF;
    private int activeId = SPURIOUS;
    private boolean autoDispatch = true;
    private long stormTime = -1;
    private int stormCount;
    private final Distributor distributor;
    private final CpuInterface cpuInterface;

    public Gic(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.cpu0Irq = new IrqLine(scheduler, "GIC nIRQ cpu0");
        this.dispatchTimer = scheduler.timer("GIC irq entry", Scheduler.PRIO_HW, this::dispatch);
        for (int spi = 0; spi < SPIS; spi++) {
            int id = spi + 32;
            IrqLine l = new IrqLine(scheduler, "GIC SPI " + spi);
            l.addListener(high -> input(id, high));
            spiInputs[spi] = l;
        }
        distributor = new Distributor(scheduler);
        cpuInterface = new CpuInterface(scheduler);
    }

    // ------------------------------------------------------------------ wiring

    /** The input wire of SPI {@code spi} (ID spi+32); peripherals and EXTI outputs connect here. */
    public IrqLine spi(int spi) {
        checkSpi(spi);
        return spiInputs[spi];
    }

    /** CPU0's nIRQ: high while an interrupt is ready to be acknowledged. */
    public IrqLine cpu0Irq() { return cpu0Irq; }

    /** Distributor registers (GICD_*) for mapping at {@link #GICD_BASE}. */
    public Peripheral distributor() { return distributor; }

    /** CPU interface registers (GICC_*) for mapping at {@link #GICC_BASE}. */
    public Peripheral cpuInterface() { return cpuInterface; }

    // ------------------------------------------------------------------ Linux-facing API

    /**
     * Registers {@code handler} for SPI {@code spi} the way {@code request_irq} leaves the GIC: the
     * distributor and the CPU interface enabled, the SPI targeted at CPU0 with a mid priority, enabled.
     * {@code edge} selects rising-edge (true) or level-high (false) sensitivity.
     */
    public void requestIrq(int spi, String name, boolean edgeTriggered, Handler handler) {
        checkSpi(spi);
        int id = spi + 32;
        if (handlers[id] != null) {
            throw new IllegalStateException("GIC: SPI " + spi + " already requested by '" + names[id] + "' (request from '" + name + "')");
        }
        handlers[id] = handler;
        names[id] = name;
        distributorEnabled = true;
        cpuEnabled = true;
        if (priorityMask == 0) priorityMask = 0xF0; // what gic_cpu_init writes to GICC_PMR
        setByte(priorityRegs, id, 0xA0);
        setByte(targetRegs, id, 1);
        Register cfg = configRegs[id / 16];
        long bit = 2L << (2 * (id % 16));
        cfg.set(edgeTriggered ? cfg.get() | bit : cfg.get() & ~bit);
        enabled[id] = true;
        update();
    }

    /** Undoes {@link #requestIrq}: disables the SPI and drops the handler ({@code free_irq}). */
    public void freeIrq(int spi) {
        checkSpi(spi);
        int id = spi + 32;
        enabled[id] = false;
        handlers[id] = null;
        names[id] = null;
        update();
    }

    /** Masks SPI {@code spi} at the distributor ({@code disable_irq}: GICD_ICENABLER). */
    public void disable(int spi) {
        checkSpi(spi);
        enabled[spi + 32] = false;
        update();
    }

    /** Unmasks SPI {@code spi} ({@code enable_irq}: GICD_ISENABLER). */
    public void enable(int spi) {
        checkSpi(spi);
        enabled[spi + 32] = true;
        update();
    }

    /** When false the GIC only raises {@link #cpu0Irq()} and a caller drives IAR/EOIR itself. */
    public void setAutoDispatch(boolean on) {
        autoDispatch = on;
        update();
    }

    public boolean isEnabled(int spi) { checkSpi(spi); return enabled[spi + 32]; }
    public boolean isPending(int spi) { checkSpi(spi); return pending(spi + 32); }
    public boolean isActive(int spi) { checkSpi(spi); return active[spi + 32]; }
    /** How many times SPI {@code spi} was acknowledged (taken by CPU0). */
    public long takenCount(int spi) { checkSpi(spi); return taken[spi + 32]; }

    /** GICC_IAR read: the highest-priority deliverable ID, now active, or {@link #SPURIOUS}. */
    public int acknowledge() {
        int id = bestCandidate();
        if (id == SPURIOUS) return SPURIOUS;
        latched[id] = false;
        active[id] = true;
        activeId = id;
        runningPriority = priority(id);
        taken[id]++;
        trace("ack", id);
        update();
        return id;
    }

    /** GICC_EOIR write: ends the active interrupt {@code id} (priority drop and deactivation). */
    public void endOfInterrupt(int id) {
        if (id < 0 || id >= IDS || !active[id]) return; // EOI of a non-active ID is ignored by a GICv2
        active[id] = false;
        if (activeId == id) {
            activeId = SPURIOUS;
            runningPriority = 0xFF;
        }
        trace("eoi", id);
        update();
    }

    // ------------------------------------------------------------------ behaviour

    private void input(int id, boolean high) {
        boolean rising = high && !lineHigh[id];
        lineHigh[id] = high;
        if (edge(id) && rising) latched[id] = true;
        update();
    }

    private boolean pending(int id) {
        return latched[id] || (!edge(id) && lineHigh[id]);
    }

    private int priority(int id) { return (int) (priorityRegs[id / 4].get() >>> (8 * (id % 4))) & 0xFF; }

    /** SGIs and PPIs are banked per CPU and always reach the CPU that reads them. */
    private int target(int id) { return id < 32 ? 1 : (int) (targetRegs[id / 4].get() >>> (8 * (id % 4))) & 0xFF; }

    /** SGIs are edge-triggered, PPIs level here; SPIs as GICD_ICFGR says (bit 2k+1 = edge). */
    private boolean edge(int id) { return id < 16 || (id >= 32 && (configRegs[id / 16].get() >>> (2 * (id % 16) + 1) & 1) != 0); }

    private static void setByte(Register[] regs, int id, int v) {
        Register r = regs[id / 4];
        int sh = 8 * (id % 4);
        r.set((r.get() & ~(0xFFL << sh)) | ((long) v << sh));
    }

    private int bestCandidate() {
        if (!distributorEnabled || !cpuEnabled) return SPURIOUS;
        int best = SPURIOUS;
        int bestPrio = Math.min(priorityMask, runningPriority);
        for (int id = 0; id < IDS; id++) {
            if (enabled[id] && pending(id) && !active[id] && (target(id) & 1) != 0 && priority(id) < bestPrio) {
                best = id;
                bestPrio = priority(id);
            }
        }
        return best;
    }

    private void update() {
        boolean ready = bestCandidate() != SPURIOUS;
        cpu0Irq.set(ready);
        if (ready && autoDispatch && !dispatchTimer.isPending()) dispatchTimer.scheduleIn(0);
    }

    /** The kernel's gic_handle_irq loop: acknowledge, handle, EOI, until nothing is deliverable. */
    private void dispatch() {
        while (true) {
            int id = acknowledge();
            if (id == SPURIOUS) return;
            if (scheduler.now() != stormTime) {
                stormTime = scheduler.now();
                stormCount = 0;
            }
            if (++stormCount > STORM_LIMIT) {
                throw new SimulationException("GIC", scheduler.now(), "interrupt storm: ID " + id + " ('" + names[id]
                        + "') taken " + STORM_LIMIT + " times at one instant; its handler neither clears the source nor masks the line");
            }
            Handler h = handlers[id];
            if (h != null) {
                h.handle(id - 32);
            } else {
                // Like the kernel's handling of a spurious, unrequested interrupt: mask it so it stops firing.
                enabled[id] = false;
                trace("unhandled", id);
            }
            endOfInterrupt(id);
        }
    }

    private void trace(String what, int id) {
        Trace t = scheduler.trace();
        if (t.enabled()) t.instant(scheduler.now(), t.track("GIC"), what, id, 0);
    }

    private static void checkSpi(int spi) {
        if (spi < 0 || spi >= SPIS) throw new IllegalArgumentException("GIC: SPI " + spi + " outside 0.." + (SPIS - 1));
    }

    // ------------------------------------------------------------------ bus-visible registers

    /** GICD_* (ARM IHI 0048B, GIC architecture v2, distributor register map). */
    private final class Distributor extends Peripheral {
        Distributor(Scheduler s) {
            super(s, "GICD", GICD_BASE, 0x1000);
            reg("GICD_CTLR", 0x000).rw(0x1).onRead(() -> distributorEnabled ? 1 : 0)
                    .onWrite((o, n, w) -> { distributorEnabled = (n & 1) != 0; update(); });
            // ITLinesNumber = 8 (288 IDs), CPUNumber = 1 (two CPUs), SecurityExtn.
            reg("GICD_TYPER", 0x004).reset(0x0000_0428L).ro();
            reg("GICD_IIDR", 0x008).reset(0x0200_143BL).ro();
            for (int n = 0; n < IDS / 32; n++) {
                int first = n * 32;
                reg("GICD_IGROUPR" + n, 0x080 + 4L * n).rw();
                reg("GICD_ISENABLER" + n, 0x100 + 4L * n).onRead(() -> bits(enabled, first))
                        .onWrite((o, nv, w) -> { setBits(enabled, first, w, true); update(); });
                reg("GICD_ICENABLER" + n, 0x180 + 4L * n).onRead(() -> bits(enabled, first))
                        .onWrite((o, nv, w) -> { setBits(enabled, first, w, false); update(); });
                reg("GICD_ISPENDR" + n, 0x200 + 4L * n).onRead(() -> pendingBits(first))
                        .onWrite((o, nv, w) -> { setBits(latched, first, w, true); update(); });
                reg("GICD_ICPENDR" + n, 0x280 + 4L * n).onRead(() -> pendingBits(first))
                        .onWrite((o, nv, w) -> { setBits(latched, first, w, false); update(); });
                reg("GICD_ISACTIVER" + n, 0x300 + 4L * n).onRead(() -> bits(active, first))
                        .onWrite((o, nv, w) -> { setBits(active, first, w, true); update(); });
                reg("GICD_ICACTIVER" + n, 0x380 + 4L * n).onRead(() -> bits(active, first))
                        .onWrite((o, nv, w) -> { setBits(active, first, w, false); update(); });
            }
            for (int n = 0; n < IDS / 4; n++) {
                int first = n * 4;
                priorityRegs[n] = reg("GICD_IPRIORITYR" + n, 0x400 + 4L * n).rw(0xF8F8_F8F8L).onWrite((o, nv, w) -> update());
                Register t = reg("GICD_ITARGETSR" + n, 0x800 + 4L * n);
                if (first >= 32) t.rw(0x0303_0303L).onWrite((o, nv, w) -> update());
                else t.reset(0x0101_0101L);
                targetRegs[n] = t;
            }
            for (int n = 0; n < IDS / 16; n++) {
                Register c = reg("GICD_ICFGR" + n, 0xC00 + 4L * n);
                if (n == 0) c.reset(0xAAAA_AAAAL); // SGIs: edge, read-only
                else if (n >= 2) c.rw(0xAAAA_AAAAL).onWrite((o, nv, w) -> update());
                configRegs[n] = c;
            }
            reg("GICD_SGIR", 0xF00).wo();
        }
    }

    /** GICC_* of CPU0. */
    private final class CpuInterface extends Peripheral {
        CpuInterface(Scheduler s) {
            super(s, "GICC", GICC_BASE, 0x2000);
            reg("GICC_CTLR", 0x00).rw(0x1).onRead(() -> cpuEnabled ? 1 : 0)
                    .onWrite((o, n, w) -> { cpuEnabled = (n & 1) != 0; update(); });
            reg("GICC_PMR", 0x04).rw(PRIORITY_MASK).onRead(() -> priorityMask)
                    .onWrite((o, n, w) -> { priorityMask = (int) (n & PRIORITY_MASK); update(); });
            reg("GICC_BPR", 0x08).rw(0x7).onRead(() -> binaryPoint).onWrite((o, n, w) -> binaryPoint = (int) (n & 7));
            reg("GICC_IAR", 0x0C).onRead(Gic.this::acknowledge);
            reg("GICC_EOIR", 0x10).wo(0x3FF).onWrite((o, n, w) -> endOfInterrupt((int) (w & 0x3FF)));
            reg("GICC_RPR", 0x14).onRead(() -> runningPriority);
            reg("GICC_HPPIR", 0x18).onRead(Gic.this::bestCandidate);
            reg("GICC_IIDR", 0xFC).reset(0x0202_143BL).ro();
            reg("GICC_DIR", 0x1000).wo(0x3FF);
        }
    }

    private static long bits(boolean[] a, int first) {
        long v = 0;
        for (int i = 0; i < 32; i++) if (a[first + i]) v |= 1L << i;
        return v;
    }

    private long pendingBits(int first) {
        long v = 0;
        for (int i = 0; i < 32; i++) if (pending(first + i)) v |= 1L << i;
        return v;
    }

    private static void setBits(boolean[] a, int first, long written, boolean value) {
        for (int i = 0; i < 32; i++) if ((written >>> i & 1) != 0) a[first + i] = value;
    }

}
