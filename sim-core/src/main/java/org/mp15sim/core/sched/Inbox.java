package org.mp15sim.core.sched;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Stimuli from other threads (an interactive console, a debugger stub, a test harness). Producers publish
 * into a Disruptor ring; the event loop drains it at its safe point between two events, so outside threads
 * never touch simulation state directly.
 */
public final class Inbox {
    private static final class Slot {
        Runnable action;
    }

    private final Scheduler scheduler;
    private final RingBuffer<Slot> ring;
    private final EventPoller<Slot> poller;
    private final EventPoller.Handler<Slot> handler;

    Inbox(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.ring = RingBuffer.createMultiProducer(Slot::new, 1024, new YieldingWaitStrategy());
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.handler = (slot, sequence, endOfBatch) -> {
            Runnable r = slot.action;
            slot.action = null;
            scheduler.schedule("inbox", 0, r);
            return true;
        };
    }

    /** Thread-safe: queues {@code action} to run in the simulation at the next safe point (at the then current time). */
    public void post(Runnable action) {
        long seq = ring.next();
        try {
            ring.get(seq).action = action;
        } finally {
            ring.publish(seq);
        }
    }

    void drain() {
        Sequence s = poller.getSequence();
        if (s.get() == ring.getCursor()) return;
        try {
            poller.poll(handler);
        } catch (Exception e) {
            throw new SimulationException("inbox", scheduler.now(), e);
        }
    }

    void close() {}
}
