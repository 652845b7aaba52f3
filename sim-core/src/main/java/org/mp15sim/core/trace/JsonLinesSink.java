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
    private final List<String> tracks = new ArrayList<>();

    public JsonLinesSink(OutputStream out, String description) {
        this.out = new ByteOut(out, null);
        this.description = description;
    }

    @Override
    public void accept(TraceRecord r) throws IOException {
        if (r.kind == TraceRecord.TRACK_NAME) {
            tracks.add(r.name);
            out.str("{\"kind\":\"track\",\"track\":").dec(r.track).str(",\"name\":").json(r.name).str("}\n");
            return;
        }
        out.str("{\"t\":").dec(r.time).str(",\"track\":").json(tracks.get(r.track))
                .str(",\"kind\":\"").str(TraceRecord.kindName(r.kind)).str("\",\"name\":").json(r.name);
        switch (r.kind) {
            case Trace.INSTANT -> out.str(",\"a\":").dec(r.a).str(",\"b\":").dec(r.b);
            case Trace.COUNTER -> out.str(",\"value\":").dec(r.a);
            case Trace.SPAN -> out.str(",\"dur\":").dec(r.a);
            default -> { }
        }
        if (r.text != null) out.str(",\"text\":").json(r.text);
        out.str("}\n");
    }

    @Override public void close() throws IOException { out.close(); }

    @Override public String describe() { return "jsonl(" + description + ")"; }
}
