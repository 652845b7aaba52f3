package org.mp15sim.core.dt;

import java.util.List;

/**
 * Prints a tree as DTS, choosing for each value the form dtc's decompiler would (strings when the
 * bytes look like NUL-terminated printable text, cells when the length is a multiple of 4, bytes
 * otherwise). Parsing the output gives back the same structure.
 */
final class DtsWriter {
    private final StringBuilder out = new StringBuilder();

    private DtsWriter() {
    }

    static String write(DeviceTree tree) {
        DtsWriter w = new DtsWriter();
        w.out.append("/dts-v1/;\n\n");
        for (MemReserve r : tree.memoryReservations()) {
            w.out.append(String.format("/memreserve/ 0x%016x 0x%016x;%n", r.address(), r.size()));
        }
        w.node(tree.root(), 0);
        return w.out.toString();
    }

    private void node(Node n, int depth) {
        indent(depth);
        for (String label : n.labels()) {
            out.append(label).append(": ");
        }
        out.append(n.isRoot() ? "/" : n.name()).append(" {\n");
        for (Property p : n.properties()) {
            indent(depth + 1);
            out.append(p.name());
            if (!p.isEmpty()) {
                out.append(" = ");
                value(p.rawValue());
            }
            out.append(";\n");
        }
        List<Node> children = n.childList();
        for (int i = 0; i < children.size(); i++) {
            if (i > 0 || !n.properties().isEmpty()) {
                out.append('\n');
            }
            node(children.get(i), depth + 1);
        }
        indent(depth);
        out.append("};\n");
    }

    private void value(byte[] v) {
        if (looksLikeStrings(v)) {
            int start = 0;
            boolean first = true;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 0) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    out.append('"');
                    for (int k = start; k < i; k++) {
                        char c = (char) v[k];
                        if (c == '"' || c == '\\') {
                            out.append('\\');
                        }
                        out.append(c);
                    }
                    out.append('"');
                    start = i + 1;
                }
            }
        } else if (v.length % 4 == 0) {
            out.append('<');
            for (int i = 0; i < v.length; i += 4) {
                int cell = ((v[i] & 0xff) << 24) | ((v[i + 1] & 0xff) << 16) | ((v[i + 2] & 0xff) << 8) | (v[i + 3] & 0xff);
                out.append(i == 0 ? "" : " ").append("0x").append(Integer.toHexString(cell));
            }
            out.append('>');
        } else {
            out.append('[');
            for (int i = 0; i < v.length; i++) {
                out.append(i == 0 ? "" : " ").append(String.format("%02x", v[i] & 0xff));
            }
            out.append(']');
        }
    }

    /** dtc's rule: printable text, NUL-terminated, no empty string inside. */
    private static boolean looksLikeStrings(byte[] v) {
        if (v.length == 0 || v[v.length - 1] != 0 || v[0] == 0) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            int b = v[i] & 0xff;
            if (b == 0) {
                if (i + 1 < v.length && v[i + 1] == 0) {
                    return false;
                }
            } else if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private void indent(int depth) {
        out.append("\t".repeat(depth));
    }
}
