package org.mp15sim.soc.periph;

import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.UnmodelledAccessLog;
import org.mp15sim.core.reg.RegisterBlock;
import org.mp15sim.core.sched.Scheduler;

/**
 * An STM32MP15 peripheral: a {@link RegisterBlock} at a fixed physical base that knows which bus master
 * issued the access being served (HSEM records the core id, RCC and TAMP refuse non-secure writes to
 * secure registers) and reports offsets no register claims into the run's unmodelled-access summary with
 * their absolute address, so the summary lists every gap of the model.
 */
public abstract class Peripheral extends RegisterBlock {
    protected final Scheduler scheduler;
    private final long base;
    private BusMaster master;
    private UnmodelledAccessLog unmodelled;
    /** Word offsets that hold a register; built at the first bus access (registers are declared before). */
    private boolean[] modelled;
    private int gatedMasterId = -1;
    private java.util.function.BooleanSupplier clockOn;
    private String clockName;
    private java.util.function.Consumer<String> clockWarnings;
    private boolean clockWarned;

    protected Peripheral(Scheduler scheduler, String name, long base, long size) {
        super(name, size);
        this.scheduler = scheduler;
        this.base = base;
    }

    /** Physical base address (the same on the A7 and the M4 buses). */
    public long base() { return base; }

    /** Shares the run's unmodelled-access summary. */
    public void setUnmodelledLog(UnmodelledAccessLog log) { this.unmodelled = log; }

    /**
     * Diagnoses accesses by master {@code masterId} while the peripheral's clock is off (on the board they
     * would hit a gated clock): the first one is reported to {@code sink}. Behaviour does not change.
     */
    public void setClockCheck(int masterId, java.util.function.BooleanSupplier on, String enableBit, java.util.function.Consumer<String> sink) {
        this.gatedMasterId = masterId;
        this.clockOn = on;
        this.clockName = enableBit;
        this.clockWarnings = sink;
    }

    private void checkClock(BusMaster m, long offset, boolean write) {
        if (clockWarned || m.id() != gatedMasterId || clockOn.getAsBoolean()) return;
        clockWarned = true;
        clockWarnings.accept(String.format("%s %s %s at 0x%08x while its clock is off (%s = 0): on the board the access hits a gated clock",
                m.name(), write ? "wrote" : "read", name(), base + offset, clockName));
    }

    /** The master whose bus access is being served, or {@code null} when a model changes state itself. */
    protected final BusMaster master() { return master; }

    protected final boolean secureAccess() { return master != null && master.secure(); }

    @Override
    public long read(BusMaster m, long offset, int size) {
        BusMaster saved = master;
        master = m;
        try {
            noteIfUnmodelled(m, offset, false);
            if (clockOn != null) checkClock(m, offset, false);
            return super.read(m, offset, size);
        } finally {
            master = saved;
        }
    }

    @Override
    public void write(BusMaster m, long offset, int size, long value) {
        BusMaster saved = master;
        master = m;
        try {
            noteIfUnmodelled(m, offset, true);
            if (clockOn != null) checkClock(m, offset, true);
            super.write(m, offset, size, value);
        } finally {
            master = saved;
        }
    }

    private void noteIfUnmodelled(BusMaster m, long offset, boolean write) {
        if (unmodelled == null || offset < 0 || offset >= size()) return;
        if (modelled == null) {
            boolean[] w = new boolean[(int) ((size() + 3) / 4)];
            for (var r : registers()) w[(int) (r.offset() >>> 2)] = true;
            modelled = w;
        }
        if (!modelled[(int) (offset >>> 2)]) unmodelled.note(m, base + offset, write);
    }

    /** Trace instant on this peripheral's track (no cost when tracing is off). */
    protected final void trace(String event, long a, long b) {
        var t = scheduler.trace();
        if (t.enabled()) t.instant(scheduler.now(), t.track(name()), event, a, b);
    }
}
