package org.mp15sim.scenario.bench;

import java.util.concurrent.locks.LockSupport;
import org.mp15sim.core.sched.Scheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Process hand-off rate: a process doing {@code delay(1)} in a loop costs one round trip (process → event
 * loop → process) per delay. The baseline is the floor the JDK gives: two bare virtual threads passing
 * a turn with park/unpark. Each is measured with the default virtual-thread scheduler and with one
 * carrier thread ({@code jdk.virtualThreadScheduler.parallelism=1}).
 */
@State(Scope.Thread)
public class HandOffBench {
    static final int ROUND_TRIPS = 100_000;
    static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long delayLoop(CpuMeter cpu) { return measured(cpu, delayLoop(ROUND_TRIPS)); }

    @Benchmark
    @Fork(jvmArgsAppend = ONE_CARRIER)
    @OperationsPerInvocation(ROUND_TRIPS)
    public long delayLoopOneCarrier(CpuMeter cpu) { return measured(cpu, delayLoop(ROUND_TRIPS)); }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long bareVirtualThreads(CpuMeter cpu) throws InterruptedException { return measured(cpu, pingPong(ROUND_TRIPS)); }

    @Benchmark
    @Fork(jvmArgsAppend = ONE_CARRIER)
    @OperationsPerInvocation(ROUND_TRIPS)
    public long bareVirtualThreadsOneCarrier(CpuMeter cpu) throws InterruptedException { return measured(cpu, pingPong(ROUND_TRIPS)); }

    private static long measured(CpuMeter cpu, long result) {
        cpu.done(ROUND_TRIPS);
        return result;
    }

    static long delayLoop(int n) {
        try (Scheduler s = new Scheduler()) {
            s.spawn("ping", () -> {
                for (int i = 0; i < n; i++) s.delay(1);
            });
            s.runUntilIdle();
            return s.now();
        }
    }

    private static final class Turn {
        volatile boolean ping = true;
    }

    static long pingPong(int n) throws InterruptedException {
        Turn turn = new Turn();
        Thread[] t = new Thread[2];
        t[0] = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < n; i++) {
                while (!turn.ping) LockSupport.park();
                turn.ping = false;
                LockSupport.unpark(t[1]);
            }
        });
        t[1] = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < n; i++) {
                while (turn.ping) LockSupport.park();
                turn.ping = true;
                LockSupport.unpark(t[0]);
            }
        });
        t[0].start();
        t[1].start();
        t[0].join();
        t[1].join();
        return n;
    }
}
