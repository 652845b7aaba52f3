package org.mp15sim.core.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Human-readable log, one line per record, times exact to the picosecond:
 * <pre>
 * #track 0 irq
 *      0.000000010000 irq          instant  IPCC_RX1 a=1 b=0
 *      0.000000020000 linux        log      remoteproc0: powering up m4
 * </pre>
 * The rendering is deterministic (no host time, no hash order), so its SHA-256 ({@link #sha256()}) is the
 * run's fingerprint for determinism checks.
 */
public final class TextSink implements TraceSink {
    private static final long PS_PER_S = 1_000_000_000_000L;
    private static final int TRACK_WIDTH = 12;

    private final ByteOut out;
    private final MessageDigest digest;
    private final String description;
    private final List<byte[]> tracks = new ArrayList<>();
    private final ByteOut.Names names = new ByteOut.Names(false);
    private static final byte[][] KINDS = new byte[Trace.SPAN + 1][];
    private static final byte[] A = ByteOut.ascii(" a=");
    private static final byte[] B = ByteOut.ascii(" b=");

    static {
        for (byte k = 0; k <= Trace.SPAN; k++) KINDS[k] = ByteOut.ascii(String.format("%-8s ", TraceRecord.kindName(k)));
    }
    private String sha256;

    public TextSink(OutputStream out, String description) {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        this.out = new ByteOut(out, digest);
        this.description = description;
    }

    @Override
    public void accept(TraceRecord r) throws IOException {
        if (r.kind() == TraceRecord.TRACK_NAME) {
            tracks.add(ByteOut.ascii(String.format("%-" + TRACK_WIDTH + "s ", r.name)));
            out.str("#track ").dec(r.track()).ch(' ').str(r.name).ch('\n');
            return;
        }
        long t = r.time;
        long s = t / PS_PER_S;
        if (s < 100_000) for (long p = 10_000; p > Math.max(s, 1); p /= 10) out.ch(' ');
        out.dec(s).ch('.').fixed(t % PS_PER_S, 12).ch(' ');
        out.bytes(tracks.get(r.track())).bytes(KINDS[r.kind()]);
        switch (r.kind()) {
            case Trace.INSTANT -> out.bytes(names.get(r.name)).bytes(A).dec(r.a).bytes(B).dec(r.b);
            case Trace.COUNTER -> out.bytes(names.get(r.name)).ch('=').dec(r.a);
            case Trace.SPAN -> out.bytes(names.get(r.name)).str(" dur=").dec(r.a).str("ps");
            case Trace.LOG -> out.str(oneLine(r.text));
            default -> out.bytes(names.get(r.name));
        }
        out.ch('\n');
    }

    /** Keeps one record per line: embedded line breaks are shown as the two characters {@code \n}. */
    private static String oneLine(String text) {
        if (text == null) return "";
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public void close() throws IOException {
        out.close();
        sha256 = ByteOut.hex(digest.digest());
    }

    /** SHA-256 (hex) of every byte rendered; available once the sink is closed. */
    public String sha256() {
        if (sha256 == null) throw new IllegalStateException("text trace " + description + ": the hash is known only after close");
        return sha256;
    }

    @Override public String describe() { return "text(" + description + ")"; }
}
