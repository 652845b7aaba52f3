package org.mp15sim.core.sched;

import java.util.ArrayDeque;

/**
 * Something processes wait for (a wait queue in kernel terms). Notifying wakes the waiters in the order
 * they started waiting; they run as zero-delay events, after the notifier yields.
 */
public final class SimEvent {
    private final String name;
    private final ArrayDeque<SimProcess> waiters = new ArrayDeque<>();

    public SimEvent(String name) { this.name = name; }

    public String name() { return name; }
    public boolean hasWaiters() { return !waiters.isEmpty(); }

    void addWaiter(SimProcess p) {
        p.waitingOn = this;
        waiters.addLast(p);
    }

    void removeWaiter(SimProcess p) { waiters.remove(p); }

    /** Wakes every waiter ({@code wake_up_all}). */
    public void signal() { notifyWaiters(Integer.MAX_VALUE); }

    /** Wakes the longest waiter, if any ({@code wake_up} on an exclusive wait). */
    public void signalOne() { notifyWaiters(1); }

    private void notifyWaiters(int max) {
        for (int i = 0; i < max && !waiters.isEmpty(); i++) {
            SimProcess p = waiters.pollFirst();
            p.wake.cancel();
            p.notifiedBy(this);
        }
    }

    @Override public String toString() { return "SimEvent[" + name + ", " + waiters.size() + " waiting]"; }
}
