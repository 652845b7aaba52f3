package org.mp15sim.core.trace;

/**
 * One slot of the {@link TraceBus} ring: a run of records in primitive arrays, filled in place by the
 * publisher and handed to the sinks as a whole. The ring's sequencer is touched once per chunk, not per
 * record.
 *
 * <p>Every byte the simulation writes here travels to a sink's core, and every array it writes costs a
 * bounds check, so the usual record is two longs (16 bytes): kind, track and the time as a 32-bit offset
 * from the chunk's {@link #base} in one long, the first value in the other. The name is stored only when it
 * is not the very String of the chunk's previous record; the second value, the text, and a time too far
 * from the base go to side arrays only when a record has them; all flagged in the kind byte. The stale
 * entries left in the other slots are never read. Measured against one array per field (36 bytes),
 * together with the leaner checks in {@link TraceBus#record}: hold-model throughput with tracing on went
 * from 66 % to 76 % of tracing off with the name always stored (means over five JVMs each, every JVM
 * alternating tracing off and on so that host speed changes cancel), and storing repeated names once per
 * run made it 3.5 % faster again (eight JVMs, each alternating the two versions).
 */
final class TraceChunk {
    // Flags in the kind byte (kinds use its low four bits).
    /** {@link #name} holds this record's name; otherwise it is the previous record's. */
    static final int NEW_NAME = 0x10;
    /** {@link #time} holds this record's time. */
    static final int HAS_TIME = 0x20;
    /** {@link #b} holds this record's second value. */
    static final int HAS_B = 0x40;
    /** {@link #text} holds this record's text. */
    static final int HAS_TEXT = 0x80;
    static final int FLAGS = NEW_NAME | HAS_TIME | HAS_B | HAS_TEXT;

    /** Record i at 2i: kind and track (high 32 bits, as in TraceRecord) and its time minus {@link #base}; at 2i + 1 its first value. */
    final long[] words;
    final String[] name;
    final long[] b;
    final String[] text;
    /** A record's full time, when it is too far from {@link #base} for 32 bits. */
    final long[] time;
    /** The time the 32-bit offsets count from: set by the first record of a use of this chunk whose time is out of reach of the last base. */
    long base;
    /** Records in this chunk; set when it is published. */
    int count;

    TraceChunk(int capacity) {
        words = new long[2 * capacity];
        name = new String[capacity];
        b = new long[capacity];
        text = new String[capacity];
        time = new long[capacity];
    }
}
