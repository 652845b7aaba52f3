package org.mp15sim.core.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.core.sched.Scheduler;

class TraceBusTest {

    /** Records every record as a line, on the sink thread. */
    private static final class ListSink implements TraceSink {
        final List<String> seen = new ArrayList<>();
        boolean closed;

        @Override public void accept(TraceRecord r) {
            seen.add(TraceRecord.kindName(r.kind()) + " " + r.time() + " " + r.track() + " " + r.name() + " " + r.a() + " " + r.b() + " " + r.text());
        }
        @Override public void close() { closed = true; }
        @Override public String describe() { return "list"; }
    }

    private static void publishSample(Trace t) {
        int irq = t.track("irq");
        int linux = t.track("linux");
        assertEquals(irq, t.track("irq"), "registering a known track returns its id");
        t.instant(10_000, irq, "IPCC_RX1", 1, 0);
        t.begin(20_000, linux, "rproc_boot");
        t.counter(25_000, irq, "pending", 3);
        t.log(1_500_000_000_000L, linux, "remoteproc0: \"m4\" is now up\nsecond line");
        t.span(30_000, 4_784, irq, "isr");
        t.end(2_000_000_000_000L, linux, "rproc_boot");
    }

    @Test
    void tracksAreNumberedInRegistrationOrderAndSinksSeeThemFirst() {
        ListSink sink = new ListSink();
        TraceBus bus = TraceBus.builder().sink(sink).build();
        publishSample(bus);
        bus.close();
        assertTrue(sink.closed);
        assertEquals(List.of("irq", "linux"), bus.tracks());
        assertEquals(List.of(
                "track 0 0 irq 0 0 null",
                "track 0 1 linux 0 0 null",
                "instant 10000 0 IPCC_RX1 1 0 null",
                "begin 20000 1 rproc_boot 0 0 null",
                "counter 25000 0 pending 3 0 null",
                "log 1500000000000 1 log 0 0 remoteproc0: \"m4\" is now up\nsecond line",
                "span 30000 0 isr 4784 0 null",
                "end 2000000000000 1 rproc_boot 0 0 null"), sink.seen);
        assertEquals(8, bus.summary().records());
        assertEquals(2, bus.summary().tracks());
        assertEquals(0, bus.summary().blocked());
    }

    /**
     * A record's second value, text and full time are only written when it has them (the time when it is
     * more than 2^31 ps from the first of its chunk), its name only when it differs from the previous
     * record's; the ring's slots are reused, so a record without them must not show what an earlier record
     * left in its slot.
     */
    @Test
    void recordsWithoutSecondValueOrTextShowNoneThoughTheirSlotHeldOne() {
        ListSink sink = new ListSink();
        TraceBus bus = TraceBus.builder().ringSize(128).sink(sink).build();
        int track = bus.track("t");
        List<String> expected = new ArrayList<>();
        expected.add("track 0 0 t 0 0 null");
        // 128 records go round the 128-record ring; the first lap fills every slot, the later laps do not.
        for (int i = 0; i < 1_000; i++) {
            boolean full = i < 128 || i % 7 == 0;
            long b = full ? -5 - i : 0;
            String text = full ? "text " + i : null;
            // 0.3 ms apart: each 16-record chunk holds times that fit the 32-bit offset and times that do not.
            long time = i * 300_000_001L;
            // The first lap gives every slot a name of its own; later ones repeat two names in runs.
            String name = i < 128 ? "n" + i : i % 5 < 3 ? "p" : "q";
            bus.record(Trace.INSTANT, time, track, name, i, b, text);
            expected.add("instant " + time + " 0 " + name + " " + i + " " + b + " " + text);
        }
        bus.close();
        assertEquals(expected.size(), sink.seen.size(), "records");
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), sink.seen.get(i), "record " + i);
    }

    /**
     * The simulation's owner changes thread at every hand-off (event loop, processes); the bus must take
     * records from each in turn, in order, with the test run's assertions enabled (the Disruptor's
     * single-producer sequencer asserts one producer thread, which is why the bus does not use it).
     */
    @Test
    void recordsFromTheLoopAndFromProcessesInTurnArriveInOrder() {
        ListSink sink = new ListSink();
        TraceBus bus = TraceBus.builder().ringSize(128).sink(sink).build();
        try (org.mp15sim.core.sched.Scheduler s = new org.mp15sim.core.sched.Scheduler()) {
            s.setTrace(bus);
            int track = bus.track("t");
            for (String name : List.of("p", "q")) {
                s.spawn(name, () -> {
                    for (int i = 0; i < 150; i++) {
                        bus.instant(s.now(), track, name, i, 0);
                        s.delay(2);
                    }
                });
            }
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                bus.instant(s.now(), track, "loop", 0, 0);
                if (s.now() < 300) s.schedule(1, tick[0]);
            };
            s.schedule(0, tick[0]);
            s.runUntilIdle();
        }
        bus.close();
        for (String name : List.of("p", "q", "loop")) {
            List<String[]> mine = sink.seen.stream().filter(l -> l.startsWith("instant ")).map(l -> l.split(" "))
                    .filter(f -> f[3].equals(name)).toList();
            assertEquals(name.equals("loop") ? 301 : 150, mine.size(), name + "'s records");
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(Long.parseLong(mine.get(i)[1]) > Long.parseLong(mine.get(i - 1)[1]), name + "'s records in time order");
            }
        }
    }

    @Test
    void textRenderingIsExactToThePicosecondAndOneLinePerRecord() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceBus bus = TraceBus.builder().text(out, "memory").build();
        publishSample(bus);
        bus.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals("""
                #track 0 irq
                #track 1 linux
                    0.000000010000 irq          instant  IPCC_RX1 a=1 b=0
                    0.000000020000 linux        begin    rproc_boot
                    0.000000025000 irq          counter  pending=3
                    1.500000000000 linux        log      remoteproc0: "m4" is now up\\nsecond line
                    0.000000030000 irq          span     isr dur=4784ps
                    2.000000000000 linux        end      rproc_boot
                """, text);
        assertEquals(64, bus.textSha256().length());
    }

    @Test
    void jsonLinesAreEachAValidObject() {
        Path dir = tempDir;
        Path file = dir.resolve("trace.jsonl");
        TraceBus bus = TraceBus.builder().jsonLines(file).build();
        publishSample(bus);
        bus.close();
        List<String> lines = readLines(file);
        assertEquals(8, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) MiniJson.parse(lines.get(5));
        assertEquals(1_500_000_000_000L, log.get("t"));
        assertEquals("linux", log.get("track"));
        assertEquals("log", log.get("kind"));
        assertEquals("remoteproc0: \"m4\" is now up\nsecond line", log.get("text"));
        @SuppressWarnings("unchecked")
        Map<String, Object> span = (Map<String, Object>) MiniJson.parse(lines.get(6));
        assertEquals(4784L, span.get("dur"));
        for (String l : lines) assertInstanceOf(Map.class, MiniJson.parse(l), l);
    }

    @TempDir Path tempDir;

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void perfettoTraceHasNamedThreadsPerTrackAndChromePhases() throws IOException {
        Path file = tempDir.resolve("sub/trace.json");
        TraceBus bus = TraceBus.builder().processName("dk2").perfetto(file).build();
        publishSample(bus);
        bus.close();
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(file));
        assertEquals("ns", root.get("displayTimeUnit"));
        List<Map<String, Object>> ev = (List<Map<String, Object>>) root.get("traceEvents");
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> e : ev) {
            assertEquals(1L, e.get("pid"));
            phases.add(e.get("ph") + ":" + e.get("name") + ":" + e.get("tid"));
        }
        assertEquals(List.of("M:process_name:0", "M:thread_name:1", "M:thread_sort_index:1", "M:thread_name:2",
                "M:thread_sort_index:2", "i:IPCC_RX1:1", "B:rproc_boot:2", "C:irq.pending:1", "i:log:2", "X:isr:1",
                "E:rproc_boot:2"), phases);
        assertEquals("dk2", ((Map<String, Object>) ev.get(0).get("args")).get("name"));
        assertEquals("linux", ((Map<String, Object>) ev.get(3).get("args")).get("name"));
        assertEquals(0.01, (Double) ev.get(5).get("ts"), 1e-12, "ts is in microseconds");
        assertEquals(0.004784, (Double) ev.get(9).get("dur"), 1e-12);
        assertEquals(3L, ((Map<String, Object>) ev.get(7).get("args")).get("value"));
        assertEquals("t", ev.get(8).get("s"));
    }

    /**
     * Records wait in the chunk being filled until it is full; the end of a scheduler run hands them over,
     * so between runs a sink has everything up to the simulated present without the bus being closed.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theEndOfARunHandsTheRecordsToTheSinks() {
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        TraceSink sink = new TraceSink() {
            @Override public void accept(TraceRecord r) { if (r.kind() == Trace.INSTANT) times.add(r.time()); }
            @Override public void close() {}
            @Override public String describe() { return "times"; }
        };
        TraceBus bus = TraceBus.builder().sink(sink).build();
        try (Scheduler s = new Scheduler()) {
            s.setTrace(bus);
            int track = bus.track("t");
            for (int i = 1; i <= 3; i++) {
                long at = i * 1_000L;
                s.scheduleAt("e" + i, at, () -> bus.instant(at, track, "tick", 0, 0));
            }
            s.runUntilIdle();
            long deadline = System.nanoTime() + 10_000_000_000L; // sinks nap up to a millisecond
            while (times.size() < 3 && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
            assertEquals(List.of(1_000L, 2_000L, 3_000L), times);
        }
        bus.close();
        assertEquals(4, bus.summary().records());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void drainReturnsOnceEverySinkHasEverythingAndTheBusStaysOpen() {
        ListSink a = new ListSink();
        List<Long> slow = java.util.Collections.synchronizedList(new ArrayList<>());
        TraceSink b = new TraceSink() {
            @Override public void accept(TraceRecord r) {
                LockSupport.parkNanos(20_000); // well behind the publisher
                if (r.kind() == Trace.INSTANT) slow.add(r.time());
            }
            @Override public void close() {}
            @Override public String describe() { return "slow"; }
        };
        TraceBus bus = TraceBus.builder().ringSize(1024).sink(a).sink(b).build();
        int track = bus.track("t");
        for (int lap = 1; lap <= 2; lap++) {
            for (int i = 0; i < 300; i++) bus.instant(lap * 1_000L + i, track, "r", i, 0);
            bus.drain();
            assertEquals(1 + 300 * lap, a.seen.size(), "records the first sink has after drain " + lap);
            assertEquals(300 * lap, slow.size(), "records the slow sink has after drain " + lap);
        }
        bus.close();
        assertEquals(601, bus.summary().records());
    }

    @Test
    void anEmptyBusStillWritesWellFormedFiles() throws IOException {
        Path json = tempDir.resolve("empty.json");
        Path log = tempDir.resolve("empty.log");
        TraceBus bus = TraceBus.builder().perfetto(json).text(log).build();
        bus.close();
        assertInstanceOf(Map.class, MiniJson.parse(Files.readString(json)));
        assertEquals("", Files.readString(log));
        assertEquals(0, bus.summary().records());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSinkAWholeRingBehindBlocksThePublisherAndLosesNothing() {
        AtomicReference<TraceBus> ref = new AtomicReference<>();
        List<Long> values = new ArrayList<>();
        TraceSink gated = new TraceSink() {
            @Override public void accept(TraceRecord r) {
                // Hold the first record until the publisher has hit the full ring at least once.
                while (values.isEmpty() && (ref.get() == null || ref.get().blocked() == 0)) LockSupport.parkNanos(100_000);
                if (r.kind() == Trace.COUNTER) values.add(r.a());
            }
            @Override public void close() {}
            @Override public String describe() { return "gated"; }
        };
        TraceBus bus = TraceBus.builder().ringSize(128).sink(gated).build();
        ref.set(bus);
        int track = bus.track("n");
        int n = 10_000;
        for (int i = 0; i < n; i++) bus.counter(i, track, "i", i);
        bus.close();
        assertTrue(bus.summary().blocked() >= 1, bus.summary().toString());
        assertEquals(n, values.size());
        for (int i = 0; i < n; i++) assertEquals(i, values.get(i));
        assertTrue(bus.summary().toString().contains("publisher waited " + bus.summary().blocked() + " times"), bus.summary().toString());
    }

    @Test
    void aFailingSinkFailsCloseNamingTheSink() {
        TraceSink broken = new TraceSink() {
            int n;
            @Override public void accept(TraceRecord r) throws IOException {
                if (++n == 3) throw new IOException("No space left on device");
            }
            @Override public void close() {}
            @Override public String describe() { return "perfetto(/full/disk.json)"; }
        };
        ListSink healthy = new ListSink();
        TraceBus bus = TraceBus.builder().sink(healthy).sink(broken).build();
        publishSample(bus);
        var e = assertThrows(UncheckedIOException.class, bus::close);
        assertTrue(e.getMessage().contains("perfetto(/full/disk.json)"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        assertEquals(8, healthy.seen.size(), "the other sinks still get everything");
        assertTrue(healthy.closed);
        assertThrows(UncheckedIOException.class, bus::close, "closing again repeats the failure");
    }

    /** The simulation learns of a failed sink while it runs (within a chunk of its failing), not only at close. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailedSinkFailsTheRecordsThatFollow() {
        TraceSink broken = new TraceSink() {
            @Override public void accept(TraceRecord r) throws IOException { throw new IOException("No space left on device"); }
            @Override public void close() {}
            @Override public String describe() { return "jsonl(/full/disk.jsonl)"; }
        };
        TraceBus bus = TraceBus.builder().ringSize(128).sink(broken).build();
        int track = bus.track("t");
        UncheckedIOException failure = null;
        for (long i = 0; failure == null && i < 10_000_000L; i++) {
            try {
                bus.instant(i, track, "r", 0, 0);
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        assertNotNull(failure, "records kept being taken after the only sink failed");
        assertTrue(failure.getMessage().contains("jsonl(/full/disk.jsonl)") && failure.getMessage().contains("No space left"), failure.getMessage());
        assertThrows(UncheckedIOException.class, bus::close);
    }

    @Test
    void sameRecordsGiveTheSameHashAndOneDifferentValueChangesIt() {
        String[] hashes = new String[3];
        for (int run = 0; run < 3; run++) {
            TraceBus bus = TraceBus.builder().hashOnly().build();
            publishSample(bus);
            int t = bus.track("x");
            bus.counter(3_000_000, t, "v", run == 2 ? 8 : 7);
            bus.close();
            hashes[run] = bus.textSha256();
        }
        assertEquals(hashes[0], hashes[1]);
        assertNotEquals(hashes[0], hashes[2]);
    }

    @Test
    void offIsDisabledAndAcceptsAnything() {
        assertFalse(Trace.OFF.enabled());
        assertEquals(0, Trace.OFF.track("anything"));
        Trace.OFF.end(-5, 99, null); // no validation, no output: call sites pay one check
    }
}
