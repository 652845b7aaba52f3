package org.mp15sim.scenario.bench;

import org.mp15sim.core.trace.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Event-queue throughput (events/s) of the scheduler against a PriorityQueue event list, same hold model. */
@State(Scope.Thread)
public class HoldModelBench {
    static final int EVENTS = 1 << 20;

    @Param({"10", "1000", "100000"})
    public int pending;

    private HoldModel scheduler;
    private PriorityQueueHoldModel priorityQueue;

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = new HoldModel(pending, Trace.OFF);
        priorityQueue = new PriorityQueueHoldModel(pending);
    }

    @TearDown(Level.Trial)
    public void tearDown() { scheduler.close(); }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long scheduler(CpuMeter cpu) {
        long t = scheduler.run(EVENTS);
        cpu.done(EVENTS);
        return t;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long priorityQueue(CpuMeter cpu) {
        long t = priorityQueue.run(EVENTS);
        cpu.done(EVENTS);
        return t;
    }
}
