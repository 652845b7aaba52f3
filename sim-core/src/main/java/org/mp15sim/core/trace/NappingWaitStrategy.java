package org.mp15sim.core.trace;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * How trace sinks wait: they nap instead of spinning, and the publisher never pays per record. Sinks
 * that have caught up park for up to {@link #NAP_NANOS}; the {@link TraceBus} wakes them when half the
 * ring has filled since the last wake, when it is full and on close, so they work in large batches. On a
 * host with few cores a spinning consumer would take CPU from the simulation it is tracing, and one that
 * follows the publisher closely pulls each slot's cache line away while it is still being written
 * (measured: a sink that spins before napping halves the simulation's throughput with tracing on).
 */
final class NappingWaitStrategy implements WaitStrategy {
    static final long NAP_NANOS = 1_000_000;

    private RingBuffer<?> ring;

    /** The ring whose slots are awaited; set once, before any sink starts. */
    void watch(RingBuffer<?> ring) { this.ring = ring; }

    /**
     * Waits until slot {@code sequence} is published, not merely claimed: the bus claims slots ahead in
     * blocks, so the cursor alone runs ahead of the data and a consumer trusting it would spin.
     */
    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) throws AlertException {
        long available;
        while ((available = dependentSequence.get()) < sequence || !ring.isAvailable(sequence)) {
            barrier.checkAlert();
            LockSupport.parkNanos(this, NAP_NANOS);
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // Deliberately nothing: waking is batched by TraceBus.
    }
}
