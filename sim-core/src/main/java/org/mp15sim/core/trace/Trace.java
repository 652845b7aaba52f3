package org.mp15sim.core.trace;

/**
 * Where models report what happened. Records have one fixed layout (kind, time, track, name, two longs,
 * optional text) so a publisher writes primitives into a preallocated ring slot; the sinks (text log,
 * JSON lines, Perfetto/Chrome trace) run elsewhere. Call sites test {@link #enabled()} first so a
 * disabled trace costs one field read.
 */
public abstract class Trace {
    public static final byte INSTANT = 1;
    public static final byte BEGIN = 2;
    public static final byte END = 3;
    public static final byte COUNTER = 4;
    public static final byte LOG = 5;
    /** A complete span (Chrome "X"): {@code time} is the start, {@code a} the duration in ps. */
    public static final byte SPAN = 6;

    /** A trace that records nothing. */
    public static final Trace OFF = new Trace() {
        @Override public boolean enabled() { return false; }
        @Override public int track(String name) { return 0; }
        @Override public void record(byte kind, long time, int track, String name, long a, long b, String text) {}
    };

    /** Receives the text of LOG records. */
    @FunctionalInterface
    public interface LogListener {
        void log(long time, String text);
    }

    /** A trace that hands the LOG records' text to {@code listener} and drops the rest (a tool printing a model's log, a test keeping it). */
    public static Trace logs(LogListener listener) {
        return new Trace() {
            @Override public boolean enabled() { return true; }
            @Override public int track(String name) { return 0; }
            @Override public void record(byte kind, long time, int track, String name, long a, long b, String text) {
                if (kind == LOG) listener.log(time, text);
            }
        };
    }

    public abstract boolean enabled();

    /** Returns the id of the track (component) called {@code name}, registering it on first use. */
    public abstract int track(String name);

    public abstract void record(byte kind, long time, int track, String name, long a, long b, String text);

    /** Hands records buffered so far to their consumers; the scheduler calls it when a run returns. */
    public void flush() {}

    public final void instant(long time, int track, String name, long a, long b) {
        if (enabled()) record(INSTANT, time, track, name, a, b, null);
    }

    public final void begin(long time, int track, String name) {
        if (enabled()) record(BEGIN, time, track, name, 0, 0, null);
    }

    public final void end(long time, int track, String name) {
        if (enabled()) record(END, time, track, name, 0, 0, null);
    }

    public final void counter(long time, int track, String name, long value) {
        if (enabled()) record(COUNTER, time, track, name, value, 0, null);
    }

    /** A span whose start and duration are both known when it is recorded (no BEGIN/END pairing). */
    public final void span(long start, long duration, int track, String name) {
        if (enabled()) record(SPAN, start, track, name, duration, 0, null);
    }

    public final void log(long time, int track, String text) {
        if (enabled()) record(LOG, time, track, "log", 0, 0, text);
    }
}
