package org.mp15sim.core.sched;

/**
 * A reusable scheduled event: one object per recurring happening (a device's timeout, a process's
 * wake-up), rescheduled rather than reallocated, so the steady state of a simulation allocates nothing.
 * At most one pending occurrence: scheduling a pending timer moves it.
 */
public final class Timer {
    final Scheduler scheduler;
    final String name;
    final int priority;
    Runnable action;
    // Queue state, owned by EventQueue: where the pending occurrence is (EventQueue.NONE when there is
    // none), then the links of a level-0 list or the position in an upper bucket's array.
    int slot = EventQueue.NONE;
    Timer prev;
    Timer next;
    int index;
    long time;
    /** Priority and sequence number, see {@link EventQueue#order}. */
    long order;

    Timer(Scheduler scheduler, String name, int priority, Runnable action) {
        if (priority < -0x4000 || priority > 0x3FFF) {
            throw new IllegalArgumentException("timer '" + name + "': priority " + priority + " outside [-16384, 16383]");
        }
        this.scheduler = scheduler;
        this.name = name;
        this.priority = priority;
        this.action = action;
    }

    public String name() { return name; }
    public boolean isPending() { return slot != EventQueue.NONE; }
    /** Absolute time of the pending occurrence (meaningless when not pending). */
    public long time() { return time; }

    /** Schedules (or moves) this timer to fire {@code delay} ps from now. */
    public void scheduleIn(long delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("timer '" + name + "': negative delay " + delay + " ps at t=" + scheduler.now() + " ps");
        }
        scheduleAt(scheduler.now() + delay);
    }

    /** Schedules (or moves) this timer to fire at absolute time {@code t}. */
    public void scheduleAt(long t) {
        scheduler.enqueue(this, t);
    }

    /** Cancels the pending occurrence, if any. Returns whether one was pending. */
    public boolean cancel() {
        return scheduler.dequeue(this);
    }

    @Override public String toString() { return "Timer[" + name + (isPending() ? " @" + time : "") + "]"; }
}
