package org.mp15sim.core.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing open: one process, one thread
 * (tid = track id + 1, sorted in registration order) per component, BEGIN/END as "B"/"E", spans as "X",
 * instants as thread-scoped "i", counters as "C" (named {@code track.name}, since counter tracks belong to
 * the process), log records as instants carrying the text. Timestamps are microseconds with six decimals,
 * i.e. exact picoseconds; Perfetto itself resolves nanoseconds.
 */
public final class PerfettoSink implements TraceSink {
    private static final int PID = 1;
    private static final byte[] NEXT_NAME = ByteOut.ascii(",\n{\"name\":");
    private static final byte[][] PHASE = new byte[128][];
    private static final byte[] THREAD_SCOPE = ByteOut.ascii(",\"s\":\"t\"");
    private static final byte[] DUR = ByteOut.ascii(",\"dur\":");
    private static final byte[] ARGS_A = ByteOut.ascii(",\"args\":{\"a\":");
    private static final byte[] ARG_B = ByteOut.ascii(",\"b\":");
    private static final byte[] ARGS_TEXT = ByteOut.ascii(",\"args\":{\"text\":");

    static {
        for (char ph : "MBEXCi".toCharArray()) PHASE[ph] = ByteOut.ascii(",\"ph\":\"" + ph + "\",\"pid\":" + PID);
    }

    private final ByteOut out;
    private final String description;
    private final String processName;
    private final List<String> tracks = new ArrayList<>();
    /** Per track, the bytes {@code ,"tid":<n>,"ts":}. */
    private final List<byte[]> tids = new ArrayList<>();
    private final ByteOut.Names names = new ByteOut.Names(true);
    private boolean first = true;

    public PerfettoSink(OutputStream out, String description, String processName) {
        this.out = new ByteOut(out, null);
        this.description = description;
        this.processName = processName;
    }

    private void header() throws IOException {
        first = false;
        out.str("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        out.str("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":").dec(PID)
                .str(",\"tid\":0,\"args\":{\"name\":").json(processName).str("}}");
    }

    private ByteOut open(String name, char ph) throws IOException {
        if (first) header();
        return out.bytes(NEXT_NAME).bytes(names.get(name)).bytes(PHASE[ph]);
    }

    private ByteOut ts(long ps) throws IOException {
        return out.dec(ps / 1_000_000).ch('.').fixed(ps % 1_000_000, 6);
    }

    @Override
    public void accept(TraceRecord r) throws IOException {
        int tid = r.track() + 1;
        switch (r.kind()) {
            case TraceRecord.TRACK_NAME -> {
                tracks.add(r.name);
                tids.add(ByteOut.ascii(",\"tid\":" + tid + ",\"ts\":"));
                open("thread_name", 'M').str(",\"tid\":").dec(tid).str(",\"args\":{\"name\":").json(r.name).str("}}");
                open("thread_sort_index", 'M').str(",\"tid\":").dec(tid).str(",\"args\":{\"sort_index\":").dec(r.track()).str("}}");
                return;
            }
            case Trace.BEGIN -> open(r.name, 'B');
            case Trace.END -> open(r.name, 'E');
            case Trace.SPAN -> {
                open(r.name, 'X').bytes(DUR);
                ts(r.a);
            }
            case Trace.COUNTER -> {
                open(tracks.get(r.track()) + "." + r.name, 'C').str(",\"tid\":").dec(tid).str(",\"ts\":");
                ts(r.time).str(",\"args\":{\"value\":").dec(r.a).str("}}");
                return;
            }
            default -> open(r.name, 'i').bytes(THREAD_SCOPE);
        }
        out.bytes(tids.get(r.track()));
        ts(r.time);
        if (r.kind() == Trace.INSTANT) out.bytes(ARGS_A).dec(r.a).bytes(ARG_B).dec(r.b).ch('}');
        else if (r.kind() == Trace.LOG) out.bytes(ARGS_TEXT).json(r.text == null ? "" : r.text).ch('}');
        out.ch('}');
    }

    @Override
    public void close() throws IOException {
        try {
            if (first) header();
            out.str("\n]}\n");
        } finally {
            out.close();
        }
    }

    @Override public String describe() { return "perfetto(" + description + ")"; }
}
