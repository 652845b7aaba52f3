package org.mp15sim.core.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A buffered UTF-8 writer with hand-rolled number formatting: sinks render millions of records per second,
 * which {@code String.format} and per-record strings would not sustain. Optionally feeds every byte it
 * writes into a digest, so the hash covers exactly the rendered output.
 */
final class ByteOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final MessageDigest digest;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    ByteOut(OutputStream out, MessageDigest digest) {
        this.out = out;
        this.digest = digest;
    }

    private void ensure(int n) throws IOException {
        if (pos + n > buf.length) drain();
    }

    /** Hands the buffered bytes to the stream (and the digest). */
    void drain() throws IOException {
        if (pos == 0) return;
        if (digest != null) digest.update(buf, 0, pos);
        out.write(buf, 0, pos);
        pos = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }

    ByteOut ch(char c) throws IOException {
        ensure(1);
        buf[pos++] = (byte) c;
        return this;
    }

    /** Appends {@code s} as UTF-8. */
    ByteOut str(String s) throws IOException {
        int n = s.length();
        if (n > 4096) return raw(s.getBytes(StandardCharsets.UTF_8));
        ensure(3 * n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else {
                // Rare: let the JDK encode (surrogate pairs included) the rest of the string.
                byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                return raw(rest);
            }
        }
        return this;
    }

    /** Appends {@code s} left-aligned in a field of {@code width} characters (never truncated). */
    ByteOut padded(String s, int width) throws IOException {
        str(s);
        for (int i = s.length(); i < width; i++) ch(' ');
        return this;
    }

    /** Appends bytes prepared earlier (cached names, fixed fragments). */
    ByteOut bytes(byte[] b) throws IOException {
        return raw(b);
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** {@code s} as a JSON string literal, quotes included, as UTF-8 bytes. */
    static byte[] jsonBytes(String s) {
        ByteOut b = new ByteOut(new java.io.ByteArrayOutputStream(), null);
        try {
            b.json(s);
            byte[] r = Arrays.copyOf(b.buf, b.pos);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Encoded forms of the strings a sink sees over and over (record names are nearly always constants),
     * looked up by identity in a small direct-mapped table so each is encoded once, not once per record.
     */
    static final class Names {
        private final String[] keys = new String[256];
        private final byte[][] values = new byte[256][];
        private final boolean json;

        Names(boolean json) { this.json = json; }

        byte[] get(String s) {
            int i = System.identityHashCode(s) & 255;
            if (keys[i] == s) return values[i];
            byte[] v = json ? jsonBytes(s) : s.getBytes(StandardCharsets.UTF_8);
            keys[i] = s;
            values[i] = v;
            return v;
        }
    }

    private ByteOut raw(byte[] b) throws IOException {
        if (b.length > buf.length - pos) {
            drain();
            if (b.length > buf.length) {
                if (digest != null) digest.update(b);
                out.write(b);
                return this;
            }
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Appends {@code s} as a JSON string literal (quotes and escapes included). */
    ByteOut json(String s) throws IOException {
        ch('"');
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            if (i > start) str(s.substring(start, i));
            start = i + 1;
            switch (c) {
                case '"' -> ch('\\').ch('"');
                case '\\' -> ch('\\').ch('\\');
                case '\n' -> ch('\\').ch('n');
                case '\r' -> ch('\\').ch('r');
                case '\t' -> ch('\\').ch('t');
                default -> ch('\\').ch('u').ch('0').ch('0').ch((char) HEX[c >> 4]).ch((char) HEX[c & 0xF]);
            }
        }
        if (start == 0) str(s);
        else if (start < n) str(s.substring(start));
        return ch('"');
    }

    /** "00" to "99": numbers are written two digits per division, the costly part of every record. */
    private static final byte[] PAIRS = new byte[200];
    private static final long[] POWERS = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        long p = 1;
        for (int i = 0; i < POWERS.length; i++, p *= 10) POWERS[i] = p;
    }

    /** Appends a signed decimal. */
    ByteOut dec(long v) throws IOException {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) return str("-9223372036854775808");
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        while (digits < 19 && v >= POWERS[digits]) digits++;
        pos += digits;
        writeDigits(v, pos, digits);
        return this;
    }

    /** Appends a non-negative value as exactly {@code width} digits, zero-padded. */
    ByteOut fixed(long v, int width) throws IOException {
        ensure(width);
        pos += width;
        writeDigits(v, pos, width);
        return this;
    }

    /** Writes the low {@code n} decimal digits of {@code v} (≥ 0) so that the last one lands before {@code end}. */
    private void writeDigits(long v, int end, int n) {
        int p = end;
        int stop = end - n;
        while (p - stop >= 2) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = PAIRS[2 * r + 1];
            buf[--p] = PAIRS[2 * r];
        }
        if (p > stop) buf[--p] = (byte) ('0' + (int) (v % 10));
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) sb.append((char) HEX[(x >> 4) & 0xF]).append((char) HEX[x & 0xF]);
        return sb.toString();
    }
}
