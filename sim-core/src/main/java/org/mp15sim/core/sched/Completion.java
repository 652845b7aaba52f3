package org.mp15sim.core.sched;

/** The kernel's {@code struct completion}: a counted "done" that processes wait for, with timeouts. */
public final class Completion {
    private final Scheduler scheduler;
    private final SimEvent event;
    private int done;

    public Completion(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.event = new SimEvent(name);
    }

    /** {@code complete()}: releases one waiter (or the next wait). */
    public void complete() {
        if (done != Integer.MAX_VALUE) done++;
        event.signalOne();
    }

    /** {@code complete_all()}: releases every current and future waiter until {@link #reinit()}. */
    public void completeAll() {
        done = Integer.MAX_VALUE;
        event.signal();
    }

    /** {@code reinit_completion()}. */
    public void reinit() { done = 0; }

    public boolean isDone() { return done > 0; }

    /** {@code wait_for_completion()}. */
    public void waitFor() {
        while (done == 0) scheduler.await(event);
        consume();
    }

    /**
     * {@code wait_for_completion_timeout()}: returns the time left (≥ 1 ps) if completed, 0 on timeout.
     */
    public long waitFor(long timeout) {
        long left = scheduler.awaitCondition(event, () -> done > 0, timeout);
        if (left == 0) return 0;
        consume();
        return left;
    }

    private void consume() {
        if (done != Integer.MAX_VALUE) done--;
    }
}
