package org.mp15sim.core.sched;

import java.util.ArrayDeque;

/**
 * A sleeping lock with the kernel mutex semantics the models need: FIFO hand-over to the longest waiter,
 * owner checks, trylock. There are no signals in the simulation, so the interruptible variant never fails.
 */
public final class SimMutex {
    private final Scheduler scheduler;
    private final String name;
    private final ArrayDeque<SimProcess> waiters = new ArrayDeque<>();
    private final SimEvent handover;
    private SimProcess owner;

    public SimMutex(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
        this.handover = new SimEvent(name + ".handover");
    }

    /** {@code mutex_lock()}. */
    public void lock() {
        SimProcess p = scheduler.requireProcess("mutex_lock(" + name + ")");
        if (owner == p) throw new IllegalStateException("mutex " + name + ": recursive lock by process '" + p.name() + "' (deadlock)");
        if (owner == null) {
            owner = p;
            return;
        }
        waiters.addLast(p);
        while (owner != p) scheduler.await(handover);
    }

    /** {@code mutex_lock_interruptible()}: returns 0 (there are no signals to interrupt it). */
    public int lockInterruptible() {
        lock();
        return 0;
    }

    /** {@code mutex_trylock()}: returns whether the lock was taken. */
    public boolean tryLock() {
        SimProcess p = scheduler.requireProcess("mutex_trylock(" + name + ")");
        if (owner != null) return false;
        owner = p;
        return true;
    }

    /** {@code mutex_unlock()}: hands the lock to the longest waiter. */
    public void unlock() {
        SimProcess p = scheduler.currentProcess();
        if (owner == null || owner != p) {
            throw new IllegalStateException("mutex " + name + ": unlock by " + (p == null ? "non-process code" : "'" + p.name() + "'")
                    + " but owner is " + (owner == null ? "nobody" : "'" + owner.name() + "'"));
        }
        owner = waiters.pollFirst();
        if (owner != null) handover.signal();
    }

    public boolean isLocked() { return owner != null; }
    public SimProcess owner() { return owner; }
}
