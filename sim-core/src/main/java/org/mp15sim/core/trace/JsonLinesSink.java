package org.mp15sim.core.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON object per line, for scripts: {@code {"t":10000,"track":"irq","kind":"instant","name":"IPCC_RX1","a":1,"b":0}}.
 * Times are integer picoseconds; a log record adds {@code "text"}; track registrations appear as
 * {@code {"kind":"track","track":0,"name":"irq"}}.
 */
public final class JsonLinesSink implements TraceSink {
    private final ByteOut out;
    private final String description;
    /** Per track, the bytes {@code ,"track":"<name>","kind":"}. */
    private final List<byte[]> tracks = new ArrayList<>();
    private final ByteOut.Names names = new ByteOut.Names(true);
    private static final byte[] T = ByteOut.ascii("{\"t\":");
    private static final byte[] A = ByteOut.ascii(",\"a\":");
    private static final byte[] B = ByteOut.ascii(",\"b\":");
    private static final byte[] END = ByteOut.ascii("}\n");
    private static final byte[][] KINDS = new byte[Trace.SPAN + 1][];

    static {
        for (byte k = 0; k <= Trace.SPAN; k++) KINDS[k] = ByteOut.ascii(TraceRecord.kindName(k) + "\",\"name\":");
    }

    public JsonLinesSink(OutputStream out, String description) {
        this.out = new ByteOut(out, null);
        this.description = description;
    }

    @Override
    public void accept(TraceRecord r) throws IOException {
        if (r.kind() == TraceRecord.TRACK_NAME) {
            tracks.add(ByteOut.ascii(",\"track\":" + new String(ByteOut.jsonBytes(r.name), java.nio.charset.StandardCharsets.UTF_8) + ",\"kind\":\""));
            out.str("{\"kind\":\"track\",\"track\":").dec(r.track()).str(",\"name\":").json(r.name).str("}\n");
            return;
        }
        out.bytes(T).dec(r.time).bytes(tracks.get(r.track())).bytes(KINDS[r.kind()]).bytes(names.get(r.name));
        switch (r.kind()) {
            case Trace.INSTANT -> out.bytes(A).dec(r.a).bytes(B).dec(r.b);
            case Trace.COUNTER -> out.str(",\"value\":").dec(r.a);
            case Trace.SPAN -> out.str(",\"dur\":").dec(r.a);
            default -> { }
        }
        if (r.text != null) out.str(",\"text\":").json(r.text);
        out.bytes(END);
    }

    @Override public void close() throws IOException { out.close(); }

    @Override public String describe() { return "jsonl(" + description + ")"; }
}
