package org.mp15sim.scenario.bench;

import java.io.OutputStream;
import org.mp15sim.core.trace.JsonLinesSink;
import org.mp15sim.core.trace.PerfettoSink;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.core.trace.TraceBus;
import org.mp15sim.core.trace.TraceRecord;
import org.mp15sim.core.trace.TraceSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of tracing. {@code publish}: records/s the simulation thread can push through the bus.
 * {@code holdModel}: the 1,000-pending hold model with one trace record per event, tracing off vs on;
 * {@code none} has no tracing call sites at all, the baseline for what {@code Trace.OFF} costs.
 * Sinks: {@code ring} counts records (the bus alone, no formatting); {@code files} renders text (hashed),
 * JSON lines and Perfetto JSON, written to a null stream so the disk is not what is measured;
 * {@code files/10} is the same with one record per ten events, a denser trace than most models write.
 */
public class TraceBench {
    static final int EVENTS = 1 << 20;

    static Trace open(String sinks) {
        return switch (sinks.replace("/10", "")) {
            case "off", "none" -> Trace.OFF;
            case "ring" -> TraceBus.builder().sink(new CountingSink()).build();
            case "files" -> TraceBus.builder().hashOnly()
                    .sink(new JsonLinesSink(OutputStream.nullOutputStream(), "null"))
                    .sink(new PerfettoSink(OutputStream.nullOutputStream(), "null", "bench"))
                    .build();
            default -> throw new IllegalArgumentException("unknown trace sinks '" + sinks + "'");
        };
    }

    static void close(Trace t, long expectedRecords) {
        if (t instanceof TraceBus bus) {
            bus.close();
            if (bus.summary().records() < expectedRecords) throw new IllegalStateException("trace lost records: " + bus.summary());
        }
    }

    /** The bus alone: counts what it receives. */
    static final class CountingSink implements TraceSink {
        long count;
        @Override public void accept(TraceRecord r) { count++; }
        @Override public void close() {}
        @Override public String describe() { return "counting"; }
    }

    @State(Scope.Thread)
    public static class Hold {
        @Param({"none", "off", "ring", "files", "files/10"})
        public String trace;
        Trace sink;
        HoldModel model;

        @Setup(Level.Trial)
        public void setUp() {
            sink = open(trace);
            model = new HoldModel(1000, sink, trace.equals("none") ? 0 : trace.endsWith("/10") ? 10 : 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long events = model.eventsRun() / (trace.endsWith("/10") ? 10 : 1);
            model.close();
            close(sink, events);
        }
    }

    @State(Scope.Thread)
    public static class Bus {
        @Param({"ring", "files"})
        public String sinks;
        Trace trace;
        int track;
        long time;
        long published;

        @Setup(Level.Trial)
        public void setUp() {
            trace = open(sinks);
            track = trace.track("bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() { close(trace, published); }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long holdModel(Hold h, CpuMeter cpu) {
        long t = h.model.run(EVENTS);
        // Wait for the sinks to take this invocation's records, so no sink work escapes the timing.
        if (h.sink instanceof TraceBus bus) bus.drain();
        cpu.done(EVENTS);
        return t;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long publish(Bus b, CpuMeter cpu) {
        Trace t = b.trace;
        int track = b.track;
        long time = b.time;
        for (int i = 0; i < EVENTS; i++) t.instant(time++, track, "irq", i, 0);
        b.time = time;
        b.published += EVENTS;
        cpu.done(EVENTS);
        return time;
    }
}
