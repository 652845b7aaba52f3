package org.mp15sim.core.trace;

/**
 * One slot of the {@link TraceBus} ring. The bus overwrites slots in place, so a {@link TraceSink} reads
 * the fields during {@link TraceSink#accept} and must not keep the object.
 */
public final class TraceRecord {
    /** Metadata: track {@link #track()} is called {@link #name()}; sent once, before any record on it. */
    public static final byte TRACK_NAME = 0;
    /** Filler for ring slots claimed but never used when the bus closes; sinks never see it. */
    static final byte PADDING = -1;

    /** Kind (low byte) and track (the 24 bits above) in one field: a record is 48 bytes, not 56. */
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

    void set(byte kind, long time, int track, String name, long a, long b, String text) {
        this.kindTrack = track << 8 | kind & 0xFF;
        this.time = time;
        this.name = name;
        this.a = a;
        this.b = b;
        this.text = text;
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
