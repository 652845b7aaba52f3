package org.mp15sim.linux.kernel;

import java.util.ArrayDeque;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimEvent;

/**
 * An ordered workqueue served by one worker process (a kworker). Work runs in a process, so it may sleep,
 * take mutexes and wait for completions like kernel work items do. Each item starts after the configured
 * scheduling latency.
 */
public final class Workqueue {
    private final Scheduler scheduler;
    private final String name;
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private final SimEvent queued;
    private final long latency;
    private Work running;

    public Workqueue(Scheduler scheduler, String name, long latency) {
        this.scheduler = scheduler;
        this.name = name;
        this.latency = latency;
        this.queued = new SimEvent(name + ".queued");
        scheduler.spawn("kworker/" + name, this::worker);
    }

    public String name() { return name; }

    /** {@code queue_work()}: returns false if the work was already pending. */
    public boolean queue(Work w) {
        if (w.pending) return false;
        w.pending = true;
        queue.addLast(w);
        queued.signal();
        return true;
    }

    /** {@code cancel_work()}: removes a pending (not yet running) work; returns whether it was pending. */
    public boolean cancel(Work w) {
        if (!w.pending) return false;
        w.pending = false;
        queue.remove(w);
        return true;
    }

    public boolean isRunning(Work w) { return running == w; }

    /** {@code flush_work()}-like: waits, in the calling process, until {@code w} is neither pending nor running. */
    public void flush(Work w) {
        while (w.pending || running == w) scheduler.delay(latency > 0 ? latency : 1);
    }

    private void worker() {
        while (true) {
            while (queue.isEmpty()) scheduler.await(queued);
            if (latency > 0) scheduler.delay(latency);
            Work w = queue.pollFirst();
            if (w == null) continue;
            w.pending = false;
            running = w;
            try {
                w.run();
            } finally {
                running = null;
            }
        }
    }
}
