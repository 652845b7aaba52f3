package org.mp15sim.scenario.lang;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one scenario line into tokens. Words run until blank, quote or operator; {@code "..."} strings
 * take the escapes {@code \n \r \t \0 \\ \" \xHH}; operators are {@code > == != <= >= <}; {@code #} outside
 * a string starts a comment. Token text is a byte string (one char per byte, see {@link Bytes}).
 */
final class Lexer {
    private Lexer() {}

    static List<Token> tokenize(SourceLine at) throws ScenarioSyntaxException {
        // Strings are byte strings: each char of a token is one byte (\xHH included), so a line is
        // decoded once into its UTF-8 bytes and every comparison with file contents is byte-exact.
        String s = new String(at.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') { i++; continue; }
            if (c == '#') break;
            int col = i + 1;
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '"') { closed = true; i++; break; }
                    if (d == '\\') {
                        if (i + 1 >= n) break;
                        char e = s.charAt(i + 1);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 'r' -> sb.append('\r');
                            case 't' -> sb.append('\t');
                            case '0' -> sb.append('\0');
                            case '\\' -> sb.append('\\');
                            case '"' -> sb.append('"');
                            case 'x' -> {
                                String hex = s.substring(i + 2, Math.min(n, i + 4));
                                if (hex.length() != 2 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                                    throw new ScenarioSyntaxException(at, i + 1, "bad escape \\x" + hex, "\\x takes two hex digits, e.g. \\x7f");
                                }
                                sb.append((char) Integer.parseInt(hex, 16));
                                i += 2;
                            }
                            default -> throw new ScenarioSyntaxException(at, i + 1, "unknown escape \\" + e,
                                    "string escapes are \\n \\r \\t \\0 \\\\ \\\" \\xHH");
                        }
                        i += 2;
                        continue;
                    }
                    sb.append(d);
                    i++;
                }
                if (!closed) throw new ScenarioSyntaxException(at, col, "unterminated string", "a string opened with \" closes on the same line");
                out.add(new Token(Token.Kind.STRING, sb.toString(), col));
                continue;
            }
            String op = operatorAt(s, i);
            if (op != null) {
                out.add(new Token(Token.Kind.OP, op, col));
                i += op.length();
                continue;
            }
            int start = i;
            while (i < n) {
                char d = s.charAt(i);
                if (d == ' ' || d == '\t' || d == '\r' || d == '"' || d == '#' || operatorAt(s, i) != null) break;
                i++;
            }
            out.add(new Token(Token.Kind.WORD, s.substring(start, i), col));
        }
        return out;
    }

    private static String operatorAt(String s, int i) {
        char c = s.charAt(i);
        char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        if ((c == '=' || c == '!' || c == '<' || c == '>') && next == '=') return s.substring(i, i + 2);
        if (c == '>' || c == '<') return String.valueOf(c);
        return null;
    }
}
