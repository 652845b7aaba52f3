package org.mp15sim.scenario.bench;

import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.trace.Trace;

/**
 * The classic hold model on the {@link Scheduler}: {@code pending} reusable timers, each of which, when it
 * fires, traces an instant (if tracing is on; on every {@code traceEvery}-th event) and reschedules itself
 * a random delay ahead, so the queue size stays constant and every event is one dequeue plus one enqueue.
 */
final class HoldModel implements AutoCloseable {
    private final Scheduler scheduler = new Scheduler();
    private final long[] delays = Delays.exponential(1);
    private final int track;
    private final int traceEvery;
    private final boolean traceCalls;
    private int untilTrace;
    private int next;
    private long remaining;

    HoldModel(int pending, Trace trace) { this(pending, trace, 1); }

    /** {@code traceEvery} 0 leaves the tracing call sites out altogether (the baseline for Trace.OFF). */
    HoldModel(int pending, Trace trace, int traceEvery) {
        this.traceCalls = traceEvery > 0;
        this.traceEvery = Math.max(1, traceEvery);
        this.untilTrace = this.traceEvery;
        scheduler.setTrace(trace);
        track = trace.track("hold");
        for (int i = 0; i < pending; i++) {
            Hold h = new Hold(i);
            h.timer = scheduler.timer("hold" + i, h);
            h.timer.scheduleIn(delays[next++ & Delays.MASK]);
        }
    }

    /** Runs {@code events} events; returns the simulated time reached. */
    long run(long events) {
        remaining = events;
        scheduler.runUntilIdle();
        return scheduler.now();
    }

    long eventsRun() { return scheduler.eventsRun(); }

    @Override public void close() { scheduler.close(); }

    private final class Hold implements Runnable {
        private final int id;
        Timer timer;

        Hold(int id) { this.id = id; }

        @Override
        public void run() {
            if (traceCalls) {
                Trace t = scheduler.trace();
                if (t.enabled() && --untilTrace == 0) {
                    untilTrace = traceEvery;
                    t.instant(scheduler.now(), track, "hold", id, 0);
                }
            }
            timer.scheduleIn(delays[next++ & Delays.MASK]);
            if (--remaining == 0) scheduler.stop();
        }
    }
}
