package org.mp15sim.scenario.report;

/** Escaping for XML and HTML text and attributes; drops characters XML 1.0 cannot carry. */
final class Xml {
    private Xml() {}

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') sb.append(String.format("\\x%02x", (int) c));
                    else if (c == 0xfffe || c == 0xffff) sb.append('?');
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
