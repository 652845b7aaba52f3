package org.mp15sim.scenario.bench;

import java.util.Comparator;
import java.util.PriorityQueue;
import org.mp15sim.core.trace.Trace;

/**
 * The same hold model as {@link HoldModel} on the textbook event list: a {@link PriorityQueue} of event
 * objects ordered by (time, priority, sequence). Events are reused, not reallocated, so the baseline
 * pays no garbage either; what differs is only the queue.
 */
final class PriorityQueueHoldModel {
    private static final class Event {
        long time;
        int priority;
        long seq;
        Runnable action;
    }

    private static final Comparator<Event> ORDER = (x, y) -> {
        if (x.time != y.time) return Long.compare(x.time, y.time);
        if (x.priority != y.priority) return Integer.compare(x.priority, y.priority);
        return Long.compare(x.seq, y.seq);
    };

    private final PriorityQueue<Event> queue;
    private final long[] delays = Delays.exponential(1);
    private final Trace trace = Trace.OFF;
    private final int track = trace.track("hold");
    private int next;
    private long now;
    private long seq;
    private long remaining;
    private boolean stop;

    PriorityQueueHoldModel(int pending) {
        queue = new PriorityQueue<>(Math.max(1, pending), ORDER);
        for (int i = 0; i < pending; i++) {
            Event e = new Event();
            int id = i;
            e.action = () -> {
                if (trace.enabled()) trace.instant(now, track, "hold", id, 0);
                schedule(e, delays[next++ & Delays.MASK]);
                if (--remaining == 0) stop = true;
            };
            schedule(e, delays[next++ & Delays.MASK]);
        }
    }

    private void schedule(Event e, long delay) {
        e.time = now + delay;
        e.seq = seq++;
        queue.add(e);
    }

    long run(long events) {
        remaining = events;
        stop = false;
        while (!stop && !queue.isEmpty()) {
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        return now;
    }
}
