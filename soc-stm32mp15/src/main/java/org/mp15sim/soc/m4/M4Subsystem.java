package org.mp15sim.soc.m4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.soc.periph.Exti;
import org.mp15sim.soc.periph.Rcc;
import org.mp15sim.soc.periph.Wwdg;

/**
 * Reset and hold-boot of the Cortex-M4 (spec §3, linux-remoteproc §3.5), independent of how the core
 * executes:
 * <ul>
 * <li>After power-on the M4 is held: RCC MP_GCR.BOOT_MCU resets to 0.</li>
 * <li>Writing BOOT_MCU = 1 while held starts it from the vector table. Writing 0 afterwards does not stop
 *     it (Linux writes 1 then 0 at once); it only decides what happens after the next reset.</li>
 * <li>An M4 reset (RCC MCURST, the core's SYSRESETREQ, WWDG1 expiry) stops the core, resets the MCU-side
 *     watchdog, sets the RCC reset flag, then boots again only if BOOT_MCU = 1, else stays held.
 *     SYSRESETREQ also pulses EXTI line 73, WWDG1 expiry EXTI line 68 (Linux's crash interrupt).</li>
 * <li>A core lockup halts the M4 and raises {@link #lockup()} (the crash signal) until the next reset;
 *     the silicon does nothing else about it, so only an active watchdog turns it into a reset.</li>
 * </ul>
 */
public final class M4Subsystem {
    public enum State { HELD, RUNNING, LOCKED_UP }

    /** One entry of the reset/boot history. */
    public record Event(long time, String what) {
        @Override public String toString() { return SimTime.format(time) + " " + what; }
    }

    private final Scheduler scheduler;
    private final Rcc rcc;
    private final Exti exti;
    private final Wwdg wwdg;
    private final IrqLine lockup;
    private final IrqLine[] nvic;
    private final List<Event> history = new ArrayList<>();
    private M4Core core;
    private State state = State.HELD;
    private long boots;

    public M4Subsystem(Scheduler scheduler, Rcc rcc, Exti exti, Wwdg wwdg, IrqLine[] nvicInputs) {
        this.scheduler = scheduler;
        this.rcc = rcc;
        this.exti = exti;
        this.wwdg = wwdg;
        this.nvic = nvicInputs;
        this.lockup = new IrqLine(scheduler, "M4 lockup");
        rcc.addListener(new Rcc.Listener() {
            @Override public void bootMcuWritten(boolean oldValue, boolean newValue) {
                if (newValue && state == State.HELD) boot("BOOT_MCU released");
            }
            @Override public void mcuResetRequested() { reset(Rcc.McuResetCause.MCURST); }
        });
        wwdg.resetRequest().addListener(high -> {
            if (high) reset(Rcc.McuResetCause.WWDG1);
        });
    }

    /**
     * Attaches the executing core. Its NVIC follows the subsystem's interrupt inputs from now on; if the
     * M4 should already be running, the core starts.
     */
    public void attach(M4Core c) {
        if (core != null) throw new IllegalStateException("M4 subsystem: a core is already attached");
        core = c;
        for (int i = 0; i < nvic.length; i++) {
            int irq = i;
            nvic[i].addListener(high -> { if (core != null) core.setIrqLevel(irq, high); });
            if (nvic[i].isHigh()) c.setIrqLevel(i, true);
        }
        exti.cpu2Event().addListener(high -> { if (high && core != null) core.event(); });
        if (state == State.RUNNING) c.resetAndRun();
    }

    public M4Core core() { return core; }
    public State state() { return state; }
    /** How many times the M4 started from its vector table. */
    public long boots() { return boots; }
    public List<Event> history() { return Collections.unmodifiableList(history); }
    /** High while the core is locked up (the crash signal). */
    public IrqLine lockup() { return lockup; }

    /** The core requested a reset through AIRCR.SYSRESETREQ. */
    public void sysResetRequest() { reset(Rcc.McuResetCause.SYSRESETREQ); }

    /** The core reports that it locked up (a fault while handling HardFault); it has stopped itself. */
    public void lockedUp(String why) {
        if (state != State.RUNNING) return;
        state = State.LOCKED_UP;
        note("lockup: " + why);
        lockup.raise();
    }

    /** Fault injection: the core stops as if locked up (it is halted, since a core cannot be forced to fault). */
    public void injectLockup() {
        if (state != State.RUNNING) return;
        if (core != null) core.halt();
        lockedUp("fault injection");
    }

    /** Resets the M4 subsystem for {@code cause}; boots again when BOOT_MCU is set. */
    public void reset(Rcc.McuResetCause cause) {
        note("reset (" + cause + ")");
        if (core != null) core.halt();
        state = State.HELD;
        lockup.lower();
        wwdg.reset();
        rcc.recordMcuReset(cause);
        switch (cause) {
            case WWDG1 -> exti.input(Exti.LINE_WWDG1_RESET).pulse();
            case SYSRESETREQ -> exti.input(Exti.LINE_CPU2_SYSRESETREQ).pulse();
            default -> { }
        }
        if (rcc.bootMcu()) boot("BOOT_MCU set at reset exit");
    }

    private void boot(String why) {
        state = State.RUNNING;
        boots++;
        note("boot: " + why);
        if (core != null) core.resetAndRun();
    }

    private void note(String what) {
        history.add(new Event(scheduler.now(), what));
        var t = scheduler.trace();
        if (t.enabled()) t.instant(scheduler.now(), t.track("M4"), what, 0, 0);
    }
}
