package org.mp15sim.core.trace;

/**
 * One slot of the {@link TraceBus} ring: a run of records in primitive arrays, one array per field, filled
 * in place by the publisher and handed to the sinks as a whole. Writing a record is six array stores into
 * lines the publisher is already filling; the ring's sequencer is touched once per chunk, not per record.
 */
final class TraceChunk {
    final int[] kindTrack;
    final long[] time;
    final String[] name;
    final long[] a;
    final long[] b;
    final String[] text;
    /** Records in this chunk; set when it is published. */
    int count;

    TraceChunk(int capacity) {
        kindTrack = new int[capacity];
        time = new long[capacity];
        name = new String[capacity];
        a = new long[capacity];
        b = new long[capacity];
        text = new String[capacity];
    }
}
