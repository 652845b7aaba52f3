package org.mp15sim.core.trace;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.mp15sim.core.time.SimTime;

/**
 * The trace pipeline: the simulation writes fixed-layout records into a preallocated Disruptor ring and
 * each {@link TraceSink} consumes it on its own thread, so tracing costs the simulation a few array stores
 * per record. Ring slots are {@link TraceChunk}s of up to 256 records: the publisher fills the chunk it
 * holds in place and publishes it when full, or when the scheduler's run returns ({@link #flush()}), so the
 * ring's sequencer is touched once per chunk.
 *
 * <p>Nothing is dropped. When the slowest sink is a whole ring behind, the publisher waits for it
 * (back-pressure) and {@link Summary#blocked()} counts how often. A sink that fails (disk full) fails
 * {@link #record} from the next chunk the publisher claims on, and {@link #close()}, naming the sink.
 *
 * <p>Publishing is single-writer in effect: only the thread that currently owns the simulation (the event
 * loop or the one running process, see {@code Scheduler}) records, and hand-offs order its writes. That
 * owner changes thread, though, which the Disruptor's single-producer sequencer asserts against (with
 * {@code -ea}, as test runs have it), so the ring uses the multi-producer sequencer, whose atomic claim
 * is paid once per chunk. Sinks nap while idle and are woken in batches (see
 * {@link NappingWaitStrategy}), so the publisher does no signalling per record. Track ids are handed out in
 * registration order, so they are as deterministic as the simulation.
 *
 * <p>Usage: build it with the sinks wanted, {@code scheduler.setTrace(bus)}, run, then {@link #close()}
 * (which flushes every file) and read {@link #summary()} / {@link #textSha256()}.
 */
public final class TraceBus extends Trace implements AutoCloseable {
    /** Records the ring holds. */
    public static final int DEFAULT_RING_SIZE = 1 << 16;
    /** The smallest ring: eight chunks of sixteen records. */
    static final int MIN_RING_SIZE = 128;
    /** Records per chunk, at most; smaller rings have smaller chunks so that they still have eight. */
    static final int CHUNK = 256;
    /** Track ids fit the 24 bits a {@link TraceRecord} keeps for them. */
    static final int MAX_TRACKS = 1 << 24;

    /** What a closed bus did: records published, tracks, how often the publisher waited for a sink. */
    public record Summary(long records, int tracks, long blocked, int ringSize, List<String> sinks, String textSha256) {
        @Override
        public String toString() {
            return "trace: " + records + " records on " + tracks + " tracks to " + String.join(", ", sinks)
                    + "; publisher waited " + blocked + " times for a sink a whole ring (" + ringSize + " records) behind"
                    + (textSha256 == null ? "" : "; text sha256 " + textSha256);
        }
    }

    private final RingBuffer<TraceChunk> ring;
    private final int chunkSize;
    private final List<Consumer> consumers = new ArrayList<>();
    private final Map<String, Integer> trackIds = new LinkedHashMap<>();
    private int[] depth = new int[16];
    private int trackCount;
    /** The chunk being filled (claimed, not yet published), its sequence and how many records it holds. */
    private TraceChunk chunk;
    /**
     * Name of the chunk's last record; a record with the very same String does not store it again. Reset
     * with each chunk, so that a chunk can be read on its own.
     */
    private String lastName;
    private long chunkSeq;
    private int fill;
    /** Records in chunks already shipped; {@link #records()} adds the chunk being filled. */
    private long shipped;
    /**
     * Tracks a record may name: {@link #trackCount} while the bus takes records, 0 once it is closed or a sink
     * has failed, so one unsigned comparison in {@link #record} rejects all three.
     */
    private int recordable;
    private volatile long blocked; // written by the publisher only, read by anyone (tests, progress)
    private boolean closed;
    private volatile Consumer failed;
    private Summary summary;

    /** Sinks are woken every {@code wakeMask + 1} chunks, half the ring: they work in large batches (and nap between). */
    private final long wakeMask;
    private final Thread[] sinkThreads;

    private TraceBus(int ringSize, List<TraceSink> sinks) {
        NappingWaitStrategy waiting = new NappingWaitStrategy();
        this.chunkSize = Math.min(CHUNK, ringSize / 8);
        int slots = ringSize / chunkSize;
        this.ring = RingBuffer.createMultiProducer(() -> new TraceChunk(chunkSize), slots, waiting);
        waiting.watch(ring);
        this.wakeMask = slots / 2 - 1;
        for (TraceSink sink : sinks) {
            Consumer c = new Consumer(sink);
            c.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), c);
            ring.addGatingSequences(c.processor.getSequence());
            consumers.add(c);
        }
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            c.thread = Thread.ofPlatform().daemon().name("trace-sink-" + i + "-" + c.sink.describe()).start(c.processor);
        }
        sinkThreads = consumers.stream().map(c -> c.thread).toArray(Thread[]::new);
        claim();
    }

    public static Builder builder() { return new Builder(); }

    @Override public boolean enabled() { return true; }

    @Override
    public int track(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("trace: a track needs a non-blank name, got " + (name == null ? "null" : "'" + name + "'"));
        Integer id = trackIds.get(name);
        if (id != null) return id;
        if (closed) throw new IllegalStateException("trace bus closed: cannot register track '" + name + "'");
        if (trackCount == MAX_TRACKS) {
            throw new IllegalStateException("trace: track '" + name + "' would be track " + MAX_TRACKS + "; a record holds 24-bit track ids");
        }
        int t = trackCount++;
        trackIds.put(name, t);
        if (failed == null) recordable = trackCount;
        if (t == depth.length) depth = Arrays.copyOf(depth, 2 * t);
        publish(TraceRecord.TRACK_NAME, 0, t, name, 0, 0, null);
        return t;
    }

    /** Registered track names, in id order. */
    public List<String> tracks() { return List.copyOf(trackIds.keySet()); }

    @Override
    public void record(byte kind, long time, int track, String name, long a, long b, String text) {
        if (Integer.compareUnsigned(track, recordable) >= 0 || time < 0 || name == null) throw rejected(time, track, name);
        switch (kind) {
            case BEGIN -> depth[track]++;
            case END -> {
                if (depth[track] == 0) {
                    throw new IllegalStateException("trace: END '" + name + "' on track '" + trackName(track) + "' at t="
                            + SimTime.format(time) + " without a matching BEGIN");
                }
                depth[track]--;
            }
            case SPAN -> {
                if (a < 0) throw new IllegalArgumentException("trace: span '" + name + "' on track '" + trackName(track) + "' has negative duration " + a + " ps");
            }
            case INSTANT, COUNTER, LOG -> { }
            default -> throw new IllegalArgumentException("trace: record '" + name + "' has unknown kind " + kind);
        }
        publish(kind, time, track, name, a, b, text);
    }

    /** Why {@link #record} refused a record: the bus closed, a sink failed, or the record is malformed. */
    private RuntimeException rejected(long time, int track, String name) {
        if (closed) return new IllegalStateException("trace bus closed: record '" + name + "' at t=" + SimTime.format(time) + " rejected");
        if (failed != null) return sinkFailure(failed);
        if (track < 0 || track >= trackCount) {
            return new IllegalArgumentException("trace: record '" + name + "' on unregistered track " + track + " (" + trackCount + " tracks registered)");
        }
        if (name == null) return new IllegalArgumentException("trace: record on track '" + trackName(track) + "' has no name");
        return new IllegalArgumentException("trace: record '" + name + "' on track '" + trackName(track) + "' at negative time " + time + " ps");
    }

    private void publish(byte kind, long time, int track, String name, long a, long b, String text) {
        TraceChunk c = chunk;
        int i = fill;
        int kindTrack = track << 8 | kind & 0xFF;
        if (b != 0) {
            c.b[i] = b;
            kindTrack |= TraceChunk.HAS_B;
        }
        if (text != null) {
            c.text[i] = text;
            kindTrack |= TraceChunk.HAS_TEXT;
        }
        long dt = time - c.base;
        if ((int) dt != dt) {
            if (i == 0) {
                c.base = time;
            } else {
                c.time[i] = time;
                kindTrack |= TraceChunk.HAS_TIME;
            }
            dt = 0;
        }
        if (name != lastName) {
            c.name[i] = lastName = name;
            kindTrack |= TraceChunk.NEW_NAME;
        }
        c.words[2 * i] = (long) kindTrack << 32 | (dt & 0xFFFF_FFFFL);
        c.words[2 * i + 1] = a;
        if ((fill = i + 1) == chunkSize) {
            ship();
            claim();
        }
    }

    /** Publishes the chunk being filled; the next one starts empty. */
    private void ship() {
        chunk.count = fill;
        shipped += fill;
        fill = 0;
        ring.publish(chunkSeq);
        if ((chunkSeq & wakeMask) == wakeMask) wakeSinks();
    }

    /** Claims the next chunk, waiting (back-pressure, counted) while the slowest sink is a whole ring behind. */
    private void claim() {
        if (failed != null) recordable = 0;
        if (!ring.hasAvailableCapacity(1)) {
            blocked = blocked + 1;
            wakeSinks();
        }
        chunkSeq = ring.next();
        chunk = ring.get(chunkSeq);
        lastName = null;
    }

    /**
     * Hands the records written so far to the sinks now instead of when their chunk fills; the scheduler
     * calls it when a run returns, so a trace is complete up to the simulated present between runs.
     */
    @Override
    public void flush() {
        if (closed || fill == 0) return;
        ship();
        claim();
    }

    /**
     * Hands every record written so far to the sinks and waits until each has taken them (or has died),
     * so that what the sinks show, and the work they do, is up to date; the bus stays open. A benchmark
     * calls it inside its timing so that tracing is charged with all the sink work it caused.
     */
    public void drain() {
        if (closed) return;
        flush();
        awaitSinks(chunkSeq - 1); // the chunk being filled is claimed, not published
    }

    /** Wakes the sinks and waits until each has taken ring slot {@code last} (or has died). */
    private void awaitSinks(long last) {
        wakeSinks();
        for (Consumer c : consumers) {
            while (c.processor.getSequence().get() < last && c.thread.isAlive()) LockSupport.parkNanos(100_000);
        }
    }

    private void wakeSinks() {
        for (Thread t : sinkThreads) LockSupport.unpark(t);
    }

    private String trackName(int track) {
        int i = 0;
        for (String n : trackIds.keySet()) if (i++ == track) return n;
        return "#" + track;
    }

    /** Records published so far (track registrations included). */
    public long records() { return shipped + fill; }

    /** How often the publisher had to wait for a sink a whole ring behind. */
    public long blocked() { return blocked; }

    /**
     * Drains the ring into every sink, stops their threads and closes them. Call it from the thread that
     * ran the simulation, after the run. Throws if a sink failed; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            if (failed != null) throw sinkFailure(failed);
            return;
        }
        closed = true;
        recordable = 0;
        ship(); // the chunk being filled, possibly empty
        awaitSinks(chunkSeq);
        for (Consumer c : consumers) {
            c.processor.halt();
            joinUninterruptibly(c.thread);
        }
        Consumer firstFailure = failed;
        List<String> names = new ArrayList<>();
        String sha = null;
        for (Consumer c : consumers) {
            names.add(c.sink.describe());
            try {
                c.sink.close();
            } catch (IOException | RuntimeException e) {
                c.fail(e);
                if (firstFailure == null) firstFailure = c;
            }
            if (sha == null && c.failure == null && c.sink instanceof TextSink ts) sha = ts.sha256();
        }
        summary = new Summary(shipped, trackCount, blocked, ring.getBufferSize() * chunkSize, List.copyOf(names), sha);
        if (firstFailure != null) {
            failed = firstFailure;
            throw sinkFailure(firstFailure);
        }
    }

    /** The summary of a closed bus. */
    public Summary summary() {
        if (summary == null) throw new IllegalStateException("trace bus still open: the summary is known after close()");
        return summary;
    }

    /** SHA-256 of the text rendering (the first {@link TextSink}); known after close. */
    public String textSha256() {
        String sha = summary().textSha256();
        if (sha == null) throw new IllegalStateException("trace bus has no text sink: add one (Builder.text or hashOnly) to get a content hash");
        return sha;
    }

    private static RuntimeException sinkFailure(Consumer c) {
        String msg = "trace sink " + c.sink.describe() + " failed: " + c.failure;
        return c.failure instanceof IOException io ? new UncheckedIOException(msg, io) : new IllegalStateException(msg, c.failure);
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** One sink behind the ring; swallows nothing: the first failure is kept and reported. */
    private final class Consumer implements EventHandler<TraceChunk> {
        final TraceSink sink;
        final TraceRecord view = new TraceRecord();
        BatchEventProcessor<TraceChunk> processor;
        Thread thread;
        volatile Throwable failure;

        Consumer(TraceSink sink) { this.sink = sink; }

        @Override
        public void onEvent(TraceChunk c, long sequence, boolean endOfBatch) {
            for (int i = 0, n = c.count; i < n && failure == null; i++) {
                view.load(c, i);
                try {
                    sink.accept(view);
                } catch (Throwable e) {
                    fail(e);
                }
            }
        }

        void fail(Throwable e) {
            if (failure != null) return;
            failure = e;
            if (failed == null) failed = this;
        }
    }

    /** Chooses the ring size and the sinks; files are opened by {@link #build()}. */
    public static final class Builder {
        @FunctionalInterface
        private interface SinkFactory {
            TraceSink open() throws IOException;
        }

        private int ringSize = DEFAULT_RING_SIZE;
        private String processName = "mp15sim";
        private final List<SinkFactory> sinks = new ArrayList<>();

        private Builder() {}

        /** Records the ring holds (a power of two, at least 128). */
        public Builder ringSize(int n) {
            if (n < MIN_RING_SIZE || Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("trace ring size " + n + " must be a power of two ≥ " + MIN_RING_SIZE);
            }
            ringSize = n;
            return this;
        }

        /** Process name shown by Perfetto. */
        public Builder processName(String name) {
            processName = name;
            return this;
        }

        public Builder sink(TraceSink sink) {
            sinks.add(() -> sink);
            return this;
        }

        public Builder text(Path file) {
            sinks.add(() -> new TextSink(open(file), file.toString()));
            return this;
        }

        public Builder text(OutputStream out, String description) {
            sinks.add(() -> new TextSink(out, description));
            return this;
        }

        /** A text rendering that is only hashed, for determinism checks. */
        public Builder hashOnly() {
            sinks.add(() -> new TextSink(OutputStream.nullOutputStream(), "hash only"));
            return this;
        }

        public Builder jsonLines(Path file) {
            sinks.add(() -> new JsonLinesSink(open(file), file.toString()));
            return this;
        }

        public Builder perfetto(Path file) {
            sinks.add(() -> new PerfettoSink(open(file), file.toString(), processName));
            return this;
        }

        private static OutputStream open(Path file) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            return Files.newOutputStream(file);
        }

        public TraceBus build() {
            if (sinks.isEmpty()) throw new IllegalStateException("trace bus without sinks: use Trace.OFF to trace nothing");
            List<TraceSink> opened = new ArrayList<>();
            try {
                for (SinkFactory f : sinks) opened.add(f.open());
            } catch (IOException e) {
                for (TraceSink s : opened) {
                    try {
                        s.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw new UncheckedIOException("trace: cannot open sink: " + e.getMessage(), e);
            }
            return new TraceBus(ringSize, opened);
        }
    }
}
