package org.mp15sim.scenario.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operations per second of process CPU time, beside JMH's wall-clock score. On a small shared host a
 * wall-clock rate also counts the time the simulation thread waited for a core, which CPU time (all
 * threads: carriers, the event loop, trace sinks) does not; neither removes a core slowed by another
 * tenant, which is why {@link KernelBench} judges absolute targets on the best iteration. The OS clock
 * ticks at 10 ms, so the meter spans a whole iteration rather than one invocation.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuMeter {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Operations done in the iteration. */
    public long ops;
    /** Process CPU nanoseconds spent since the iteration began (as of the last invocation). */
    public long cpuNanos;
    private long start;

    @Setup(Level.Iteration)
    public void begin() {
        ops = 0;
        cpuNanos = 0;
        start = OS.getProcessCpuTime();
    }

    void done(long n) {
        ops += n;
        cpuNanos = OS.getProcessCpuTime() - start;
    }
}
