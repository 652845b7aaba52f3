package org.mp15sim.scenario.lang;

import java.nio.charset.StandardCharsets;

/**
 * Scenario strings are byte strings: one {@code char} (0..255) per byte, so {@code "\x7fELF"} and file contents
 * compare byte for byte. These helpers convert at the edges.
 */
public final class Bytes {
    private Bytes() {}

    public static byte[] of(String byteString) { return byteString.getBytes(StandardCharsets.ISO_8859_1); }

    public static String string(byte[] bytes) { return new String(bytes, StandardCharsets.ISO_8859_1); }

    /** The byte string as text for a human (UTF-8 decoded, control bytes escaped). */
    public static String show(String byteString) {
        String t = new String(of(byteString), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(t.length() + 2).append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0xfffd) sb.append(String.format("\\x%02x", (int) c & 0xff));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A word (path, name) back to the text the author typed. */
    public static String text(String byteString) { return new String(of(byteString), StandardCharsets.UTF_8); }
}
