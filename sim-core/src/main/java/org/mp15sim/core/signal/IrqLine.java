package org.mp15sim.core.signal;

import java.util.Arrays;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.trace.Trace;

/**
 * An interrupt or reset wire. Level lines hold a state and tell their listeners on every change; an edge
 * ({@link #pulse()}) is a rise immediately followed by a fall. Listeners run synchronously in the caller
 * (hardware reacts within the same instant), in the order they were attached.
 */
public final class IrqLine {
    /** Reacts to a change of level. */
    @FunctionalInterface
    public interface Listener {
        void levelChanged(boolean high);
    }

    private final String name;
    private final Scheduler scheduler;
    private Listener[] listeners = new Listener[0];
    private boolean high;
    private long transitions;
    private Trace trackOf;
    private int track;

    public IrqLine(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    public String name() { return name; }
    public boolean isHigh() { return high; }
    /** How many times the level changed (rises and falls). */
    public long transitions() { return transitions; }

    public void addListener(Listener l) {
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = l;
    }

    /** Fan-out: {@code target} follows this line. */
    public void connectTo(IrqLine target) { addListener(target::set); }

    public void set(boolean level) {
        if (level == high) return;
        high = level;
        transitions++;
        if (scheduler != null && scheduler.trace().enabled()) {
            Trace t = scheduler.trace();
            if (trackOf != t) { // a new trace (another run's bus) numbers its tracks afresh
                trackOf = t;
                track = t.track("irq");
            }
            t.instant(scheduler.now(), track, name, level ? 1 : 0, 0);
        }
        for (Listener l : listeners) l.levelChanged(level);
    }

    public void raise() { set(true); }
    public void lower() { set(false); }

    /** An edge: rise then fall, both at the current instant. */
    public void pulse() {
        set(true);
        set(false);
    }

    @Override public String toString() { return name + (high ? "=1" : "=0"); }
}
