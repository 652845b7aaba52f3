package org.mp15sim.core.trace;

/**
 * One trace record as a {@link TraceSink} sees it: a view the bus fills from its ring for each record in
 * turn, so a sink reads the fields during {@link TraceSink#accept} and must not keep the object.
 */
public final class TraceRecord {
    /** Metadata: track {@link #track()} is called {@link #name()}; sent once, before any record on it. */
    public static final byte TRACK_NAME = 0;

    /** Kind (low byte) and track (the 24 bits above) in one field, as the ring keeps them. */
    int kindTrack;
    long time;
    String name;
    long a;
    long b;
    String text;

    /** One of {@link #TRACK_NAME} or the {@link Trace} kinds ({@link Trace#INSTANT} ... {@link Trace#SPAN}). */
    public byte kind() { return (byte) kindTrack; }
    /** Simulated time in ps (the start for a span; 0 for {@link #TRACK_NAME}). */
    public long time() { return time; }
    public int track() { return kindTrack >>> 8; }
    public String name() { return name; }
    /** First value: instant argument, counter value, or span duration in ps. */
    public long a() { return a; }
    public long b() { return b; }
    /** Free text of a log record, otherwise {@code null}. */
    public String text() { return text; }

    /** Shows record {@code i} of chunk {@code c}. */
    void load(TraceChunk c, int i) {
        long w = c.words[2 * i];
        int kt = (int) (w >>> 32);
        kindTrack = kt & ~TraceChunk.FLAGS;
        time = (kt & TraceChunk.HAS_TIME) != 0 ? c.time[i] : c.base + (int) w;
        if ((kt & TraceChunk.NEW_NAME) != 0) name = c.name[i];
        a = c.words[2 * i + 1];
        b = (kt & TraceChunk.HAS_B) != 0 ? c.b[i] : 0;
        text = (kt & TraceChunk.HAS_TEXT) != 0 ? c.text[i] : null;
    }

    static String kindName(byte kind) {
        return switch (kind) {
            case TRACK_NAME -> "track";
            case Trace.INSTANT -> "instant";
            case Trace.BEGIN -> "begin";
            case Trace.END -> "end";
            case Trace.COUNTER -> "counter";
            case Trace.LOG -> "log";
            case Trace.SPAN -> "span";
            default -> "kind" + kind;
        };
    }
}
