package org.mp15sim.core.dt;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DTS grammar as dtc accepts it (dtc-parser.y), read by recursive descent over a
 * {@link DtsLexer}. Top-level blocks merge into one tree; value references are resolved and
 * phandles assigned after the whole source is read, in dtc's order (tree order, then property
 * order, then position in the value), so blobs match dtc's.
 */
final class DtsGrammar {
    private static final String NODE_NAME_CHARS = "a-z A-Z 0-9 , . _ + -";
    /** Bounds recursion so that hostile input gives an error, not a StackOverflowError. */
    static final int MAX_NESTING = 200;

    private final DtsLexer lx;
    private final NodeBuilder root = new NodeBuilder(null, "", null);
    private final List<MemReserve> reservations = new ArrayList<>();
    /** Where each label was first attached, for duplicate-label messages. */
    private final Map<String, SourceLocation> labelSites = new HashMap<>();
    private int nodeDepth;
    private int exprDepth;

    DtsGrammar(DtsLexer lexer) {
        this.lx = lexer;
    }

    DeviceTree parse() {
        boolean version = false;
        boolean sawTree = false;
        while (lx.peek() != DtsLexer.EOF) {
            SourceLocation at = here();
            if (lx.tryKeyword("/dts-v1/")) {
                expect(';', "after /dts-v1/");
                version = true;
                continue;
            }
            if (!version) {
                throw lx.error(at, "expected '/dts-v1/;' first, found " + lx.describeNext()
                        + " (version 0 sources are not supported)");
            }
            List<String> labels = readLabels();
            SourceLocation itemAt = here();
            int c = lx.peek();
            if (c == '/' && DtsLexer.isIdentStart(lx.peekRaw(1))) {
                String kw = slashKeyword();
                switch (kw) {
                    case "/memreserve/" -> {
                        if (sawTree) {
                            throw lx.error(itemAt, "/memreserve/ must come before the first node block");
                        }
                        long addr = integerPrim();
                        long size = integerPrim();
                        expect(';', "after /memreserve/ address and size");
                        reservations.add(new MemReserve(addr, size));
                    }
                    case "/delete-node/" -> {
                        NodeBuilder target = nodeReference("/delete-node/ at top level");
                        expect(';', "after /delete-node/ reference");
                        target.delete();
                    }
                    case "/plugin/" -> throw lx.error(itemAt, "/plugin/ (device-tree overlays) is not supported");
                    case "/omit-if-no-ref/" -> throw lx.error(itemAt, "/omit-if-no-ref/ is not supported");
                    default -> throw lx.error(itemAt, "unknown directive '" + kw + "' at top level");
                }
                continue;
            }
            if (c == '/') {
                lx.next();
                addLabels(root, labels, itemAt);
                nodeBody(root);
                expect(';', "after the root node block");
                sawTree = true;
            } else if (c == '&') {
                NodeBuilder target = nodeReference("the node to extend");
                addLabels(target, labels, itemAt);
                nodeBody(target);
                expect(';', "after the '&" + "...' block");
                sawTree = true;
            } else {
                throw lx.error(itemAt, "expected '/ {', '&label {', '/memreserve/' or '/delete-node/' at top level, found "
                        + lx.describeNext());
            }
        }
        if (!version) {
            throw lx.error(here(), "expected '/dts-v1/;', found end of file");
        }
        if (!sawTree) {
            throw lx.error(here(), "expected a root node '/ { ... };', found end of file");
        }
        resolveReferences();
        return DeviceTree.build(root, reservations, 0);
    }

    // ---------------------------------------------------------------- nodes

    private void nodeBody(NodeBuilder node) {
        SourceLocation open = here();
        expect('{', "to open node " + node.path());
        if (++nodeDepth > MAX_NESTING) {
            throw lx.error(open, "nodes nested deeper than " + MAX_NESTING);
        }
        Map<String, SourceLocation> propsHere = new HashMap<>();
        Map<String, SourceLocation> childrenHere = new HashMap<>();
        while (true) {
            int c = lx.peek();
            if (c == '}') {
                lx.next();
                nodeDepth--;
                return;
            }
            if (c == DtsLexer.EOF) {
                throw lx.error(here(), "expected '}' to close node " + node.path() + " opened at " + open
                        + ", found end of file");
            }
            SourceLocation at = here();
            if (c == '/' && DtsLexer.isIdentStart(lx.peekRaw(1))) {
                String kw = slashKeyword();
                switch (kw) {
                    case "/delete-property/" -> {
                        String name = propNodeName("a property name after /delete-property/");
                        expect(';', "after /delete-property/ " + name);
                        NodeBuilder.PropBuilder p = node.liveProp(name);
                        if (p != null) {
                            p.deleted = true;
                        }
                    }
                    case "/delete-node/" -> {
                        String name = propNodeName("a node name after /delete-node/");
                        expect(';', "after /delete-node/ " + name);
                        NodeBuilder child = node.findChild(name);
                        if (child != null) {
                            child.delete();
                        }
                    }
                    case "/omit-if-no-ref/" -> throw lx.error(at, "/omit-if-no-ref/ is not supported");
                    default -> throw lx.error(at, "unknown directive '" + kw + "' inside node " + node.path());
                }
                continue;
            }
            List<String> labels = readLabels();
            SourceLocation nameAt = here();
            String name = propNodeName("a property or child node name, or '}' to close " + node.path());
            int next = lx.peek();
            if (next == '{') {
                checkNodeName(name, nameAt);
                SourceLocation first = childrenHere.putIfAbsent(name, nameAt);
                if (first != null) {
                    throw lx.error(nameAt, "duplicate node '" + name + "' in " + node.path() + " (first at " + first + ")");
                }
                NodeBuilder child = node.findChild(name);
                if (child == null) {
                    child = new NodeBuilder(node, name, nameAt);
                    node.children.add(child);
                } else {
                    child.deleted = false;
                }
                addLabels(child, labels, at);
                nodeBody(child);
                expect(';', "after the block of node " + child.path());
            } else if (next == '=' || next == ';') {
                checkPropertyName(name, nameAt);
                if (!childrenHere.isEmpty()) {
                    throw lx.error(nameAt, "property '" + name + "' comes after a child node in " + node.path()
                            + "; properties must come before child nodes");
                }
                SourceLocation first = propsHere.putIfAbsent(name, nameAt);
                if (first != null) {
                    throw lx.error(nameAt, "duplicate property '" + name + "' in " + node.path() + " (first at " + first
                            + ")");
                }
                Value v = new Value();
                if (next == '=') {
                    lx.next();
                    propertyValue(v, name);
                }
                expect(';', "after property '" + name + "'");
                node.put(new NodeBuilder.PropBuilder(name, nameAt, v.bytes.toByteArray(), v.refs));
            } else {
                throw lx.error(here(), "expected '=', ';' or '{' after '" + name + "', found " + lx.describeNext());
            }
        }
    }

    private void addLabels(NodeBuilder node, List<String> labels, SourceLocation at) {
        for (String label : labels) {
            NodeBuilder owner = findLabel(root, label);
            if (owner != null && owner != node) {
                throw lx.error(at, "label '" + label + "' is already on " + owner.path() + " (defined at "
                        + labelSites.get(label) + ")");
            }
            if (!node.labels.contains(label)) {
                node.labels.add(label);
                labelSites.putIfAbsent(label, at);
            }
        }
    }

    /** Reads {@code name:} prefixes; a word not followed directly by ':' is left unread. */
    private List<String> readLabels() {
        List<String> labels = new ArrayList<>();
        while (true) {
            int c = lx.peek();
            if (!DtsLexer.isIdentStart(c)) {
                return labels;
            }
            DtsLexer.Mark m = lx.mark();
            String word = lx.readWhile(DtsLexer::isIdentChar);
            if (lx.peekRaw(0) == ':') {
                lx.next();
                labels.add(word);
            } else {
                lx.reset(m);
                return labels;
            }
        }
    }

    private String propNodeName(String expected) {
        int c = lx.peek();
        if (!DtsLexer.isNameChar(c)) {
            throw lx.error(here(), "expected " + expected + ", found " + lx.describeNext());
        }
        return lx.readWhile(DtsLexer::isNameChar);
    }

    private void checkNodeName(String name, SourceLocation at) {
        int atSign = name.indexOf('@');
        String base = atSign < 0 ? name : name.substring(0, atSign);
        String unit = atSign < 0 ? null : name.substring(atSign + 1);
        if (base.isEmpty() || !base.chars().allMatch(DtsGrammar::isNodeChar)
                || (unit != null && (unit.isEmpty() || !unit.chars().allMatch(DtsGrammar::isNodeChar)))) {
            throw lx.error(at, "bad node name '" + name + "': expected name[@unit-address] made of " + NODE_NAME_CHARS);
        }
    }

    private static boolean isNodeChar(int c) {
        return DtsLexer.isIdentChar(c) || c == ',' || c == '.' || c == '+' || c == '-';
    }

    private void checkPropertyName(String name, SourceLocation at) {
        if (!name.chars().allMatch(c -> isNodeChar(c) || c == '?' || c == '#' || c == '*')) {
            throw lx.error(at, "bad property name '" + name + "': expected characters from " + NODE_NAME_CHARS + " ? # *");
        }
    }

    private String slashKeyword() {
        DtsLexer.Mark m = lx.mark();
        SourceLocation at = here();
        lx.next();
        String word = lx.readWhile(ch -> DtsLexer.isIdentChar(ch) || ch == '-');
        if (lx.peekRaw(0) != '/') {
            lx.reset(m);
            throw lx.error(at, "expected a directive like /delete-node/, found '/" + word + "' without a closing '/'");
        }
        lx.next();
        return "/" + word + "/";
    }

    /** {@code &label} or {@code &{/path}} naming a node that must already exist. */
    private NodeBuilder nodeReference(String what) {
        SourceLocation at = here();
        String target = reference();
        NodeBuilder n = lookup(target);
        if (n == null) {
            throw lx.error(at, unresolved(target) + " (" + what + ")");
        }
        return n;
    }

    /** Reads {@code &label} or {@code &{/path}} and returns the label or the path. */
    private String reference() {
        SourceLocation at = here();
        if (lx.peek() != '&') {
            throw lx.error(at, "expected '&label' or '&{/path}', found " + lx.describeNext());
        }
        lx.next();
        if (lx.peekRaw(0) == '{') {
            lx.next();
            String path = lx.readWhile(ch -> ch != '}' && ch != '\n' && ch != ';');
            if (lx.peekRaw(0) != '}' || !path.startsWith("/")) {
                throw lx.error(at, "expected '&{/full/path}' with a closing '}'");
            }
            lx.next();
            return path;
        }
        if (!DtsLexer.isIdentStart(lx.peekRaw(0))) {
            throw lx.error(at, "expected a label or '{/path}' right after '&'");
        }
        return lx.readWhile(DtsLexer::isIdentChar);
    }

    private NodeBuilder lookup(String target) {
        if (!target.startsWith("/")) {
            return findLabel(root, target);
        }
        NodeBuilder n = root;
        for (String part : target.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            NodeBuilder next = null;
            for (NodeBuilder c : n.children) {
                if (!c.deleted && (c.name.equals(part) || (part.indexOf('@') < 0 && baseName(c.name).equals(part)))) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            n = next;
        }
        return n;
    }

    private static String baseName(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private static NodeBuilder findLabel(NodeBuilder n, String label) {
        if (n.deleted) {
            return null;
        }
        if (n.labels.contains(label)) {
            return n;
        }
        for (NodeBuilder c : n.children) {
            NodeBuilder f = findLabel(c, label);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static String unresolved(String target) {
        return target.startsWith("/") ? "reference to non-existent node '" + target + "'"
                : "reference to unknown label '" + target + "'";
    }

    // ---------------------------------------------------------------- property values

    private static final class Value {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<NodeBuilder.Ref> refs = new ArrayList<>();
    }

    private void propertyValue(Value v, String prop) {
        while (true) {
            readLabels(); // labels inside values only matter for overlays, which we do not produce
            SourceLocation at = here();
            int c = lx.peek();
            if (c == '"') {
                byte[] s = string();
                v.bytes.write(s, 0, s.length);
                v.bytes.write(0);
            } else if (c == '<') {
                cells(v, 32);
            } else if (c == '[') {
                byteString(v);
            } else if (c == '&') {
                String target = reference();
                v.refs.add(new NodeBuilder.Ref(v.bytes.size(), false, target, at));
            } else if (c == '/' && DtsLexer.isIdentStart(lx.peekRaw(1))) {
                String kw = slashKeyword();
                if (kw.equals("/bits/")) {
                    SourceLocation bitsAt = here();
                    long bits = integerPrim();
                    if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                        throw lx.error(bitsAt, "/bits/ must be 8, 16, 32 or 64, found " + bits);
                    }
                    cells(v, (int) bits);
                } else if (kw.equals("/incbin/")) {
                    throw lx.error(at, "/incbin/ is not supported");
                } else {
                    throw lx.error(at, "unknown directive '" + kw + "' in the value of '" + prop + "'");
                }
            } else {
                throw lx.error(at, "expected a value for '" + prop
                        + "' (\"string\", <cells>, [bytes] or &label), found " + lx.describeNext());
            }
            if (lx.peek() == ',') {
                lx.next();
                continue;
            }
            readLabels();
            return;
        }
    }

    private void cells(Value v, int bits) {
        SourceLocation open = here();
        expect('<', "to open a cell list");
        while (true) {
            readLabels();
            int c = lx.peek();
            SourceLocation at = here();
            if (c == '>') {
                lx.next();
                return;
            }
            if (c == DtsLexer.EOF || c == ';' || c == '}') {
                throw lx.error(at, "expected '>' to close the cell list opened at " + open + ", found "
                        + lx.describeNext());
            }
            if (c == '&') {
                String target = reference();
                if (bits != 32) {
                    throw lx.error(at, "a phandle reference needs 32-bit cells, this list is /bits/ " + bits);
                }
                v.refs.add(new NodeBuilder.Ref(v.bytes.size(), true, target, at));
                putBig(v.bytes, 0xffffffffL, 4);
                continue;
            }
            long value = integerPrim();
            if (bits < 64) {
                long mask = (1L << bits) - 1;
                if (Long.compareUnsigned(value, mask) > 0 && (value | mask) != -1L) {
                    throw lx.error(at, "value 0x" + Long.toHexString(value) + " does not fit in a " + bits + "-bit cell");
                }
            }
            putBig(v.bytes, value, bits / 8);
        }
    }

    private static void putBig(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private void byteString(Value v) {
        SourceLocation open = here();
        expect('[', "to open a byte string");
        while (true) {
            int c = lx.peek();
            SourceLocation at = here();
            if (c == ']') {
                lx.next();
                return;
            }
            if (hexDigit(c) < 0) {
                throw lx.error(at, "expected hex byte pairs or ']' to close the byte string opened at " + open
                        + ", found " + lx.describeNext());
            }
            lx.next();
            int lo = hexDigit(lx.peekRaw(0));
            if (lo < 0) {
                throw lx.error(at, "byte strings need two hex digits per byte, found a single digit '" + (char) c + "'");
            }
            lx.next();
            v.bytes.write(hexDigit(c) * 16 + lo);
        }
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A double-quoted string with C escapes, as UTF-8 bytes without the terminating NUL. */
    private byte[] string() {
        SourceLocation open = here();
        lx.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder plain = new StringBuilder();
        while (true) {
            int c = lx.peekRaw(0);
            if (c == DtsLexer.EOF || c == '\n') {
                throw lx.error(open, "unterminated string: expected a closing '\"' before the end of the "
                        + (c == DtsLexer.EOF ? "file" : "line"));
            }
            lx.next();
            if (c == '"') {
                flush(plain, out);
                return out.toByteArray();
            }
            if (c == '\\') {
                flush(plain, out);
                out.write(escape(open));
            } else {
                plain.append((char) c);
            }
        }
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream out) {
        byte[] b = plain.toString().getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        plain.setLength(0);
    }

    /** After a backslash: dtc's get_escape_char. */
    private int escape(SourceLocation literal) {
        int c = lx.peekRaw(0);
        if (c == DtsLexer.EOF || c == '\n') {
            throw lx.error(literal, "unterminated escape sequence at the end of the line");
        }
        lx.next();
        switch (c) {
            case 'a': return 7;
            case 'b': return 8;
            case 't': return 9;
            case 'n': return 10;
            case 'v': return 11;
            case 'f': return 12;
            case 'r': return 13;
            case 'x': {
                int v = 0;
                int n = 0;
                while (n < 2 && hexDigit(lx.peekRaw(0)) >= 0) {
                    v = v * 16 + hexDigit(lx.next());
                    n++;
                }
                if (n == 0) {
                    throw lx.error(literal, "'\\x' escape needs at least one hex digit");
                }
                return v;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int n = 1; n < 3 && lx.peekRaw(0) >= '0' && lx.peekRaw(0) <= '7'; n++) {
                        v = v * 8 + (lx.next() - '0');
                    }
                    return v & 0xff;
                }
                return c;
        }
    }

    // ---------------------------------------------------------------- integers and expressions

    /** A cell element: literal, character literal, '(' expression ')' or a #define'd constant. */
    private long integerPrim() {
        int c = lx.peek();
        SourceLocation at = here();
        if (c >= '0' && c <= '9') {
            return numberLiteral(at);
        }
        if (c == '\'') {
            return charLiteral(at);
        }
        if (c == '(') {
            lx.next();
            enterExpression(at);
            long v = ternary();
            expect(')', "to close the expression");
            exprDepth--;
            return v;
        }
        if (DtsLexer.isIdentStart(c)) {
            String word = lx.readWhile(DtsLexer::isIdentChar);
            if (!lx.expand(word, at)) {
                throw lx.error(at, "unknown name '" + word + "' in a cell list: expected a number, a character literal, "
                        + "'(' expression ')', '&label' or a #define'd constant");
            }
            return integerPrim();
        }
        throw lx.error(at, "expected a number, a character literal, '(' expression ')' or '&label', found "
                + lx.describeNext());
    }

    private long numberLiteral(SourceLocation at) {
        String text = lx.readWhile(DtsLexer::isIdentChar);
        String digits = text.replaceFirst("(?i)(u|l|ul|lu|ll|ull|llu)$", "");
        int radix = 10;
        String body = digits;
        if (digits.length() > 2 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
            radix = 16;
            body = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            body = digits.substring(1);
        }
        BigInteger v;
        try {
            v = new BigInteger(body, radix);
        } catch (NumberFormatException e) {
            throw lx.error(at, "bad integer literal '" + text + "'");
        }
        if (v.bitLength() > 64) {
            throw lx.error(at, "integer literal '" + text + "' does not fit in 64 bits");
        }
        return v.longValue();
    }

    private long charLiteral(SourceLocation at) {
        lx.next();
        int c = lx.peekRaw(0);
        if (c == '\'' ) {
            throw lx.error(at, "empty character literal ''");
        }
        if (c == DtsLexer.EOF || c == '\n') {
            throw lx.error(at, "unterminated character literal: expected a closing \"'\"");
        }
        lx.next();
        long v = c == '\\' ? escape(at) : c;
        if (lx.peekRaw(0) != '\'') {
            throw lx.error(at, "character literal holds more than one character: expected a closing \"'\"");
        }
        lx.next();
        return v;
    }

    private long ternary() {
        long cond = logicalOr();
        if (lx.peek() == '?') {
            enterExpression(here());
            lx.next();
            long a = ternary();
            expect(':', "in a '?:' expression");
            long b = ternary();
            exprDepth--;
            return cond != 0 ? a : b;
        }
        return cond;
    }

    private long logicalOr() {
        long v = logicalAnd();
        while (op("||")) {
            long r = logicalAnd();
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        return v;
    }

    private long logicalAnd() {
        long v = bitOr();
        while (op("&&")) {
            long r = bitOr();
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private long bitOr() {
        long v = bitXor();
        while (lx.peek() == '|' && lx.peekRaw(1) != '|') {
            lx.next();
            v |= bitXor();
        }
        return v;
    }

    private long bitXor() {
        long v = bitAnd();
        while (lx.peek() == '^') {
            lx.next();
            v ^= bitAnd();
        }
        return v;
    }

    private long bitAnd() {
        long v = equality();
        while (lx.peek() == '&' && lx.peekRaw(1) != '&') {
            lx.next();
            v &= equality();
        }
        return v;
    }

    private long equality() {
        long v = relational();
        while (true) {
            if (op("==")) {
                v = v == relational() ? 1 : 0;
            } else if (op("!=")) {
                v = v != relational() ? 1 : 0;
            } else {
                return v;
            }
        }
    }

    private long relational() {
        long v = shift();
        while (true) {
            if (op("<=")) {
                v = Long.compareUnsigned(v, shift()) <= 0 ? 1 : 0;
            } else if (op(">=")) {
                v = Long.compareUnsigned(v, shift()) >= 0 ? 1 : 0;
            } else if (lx.peek() == '<' && lx.peekRaw(1) != '<') {
                lx.next();
                v = Long.compareUnsigned(v, shift()) < 0 ? 1 : 0;
            } else if (lx.peek() == '>' && lx.peekRaw(1) != '>') {
                lx.next();
                v = Long.compareUnsigned(v, shift()) > 0 ? 1 : 0;
            } else {
                return v;
            }
        }
    }

    private long shift() {
        long v = additive();
        while (true) {
            if (op("<<")) {
                long s = additive();
                v = Long.compareUnsigned(s, 64) < 0 ? v << s : 0;
            } else if (op(">>")) {
                long s = additive();
                v = Long.compareUnsigned(s, 64) < 0 ? v >>> s : 0;
            } else {
                return v;
            }
        }
    }

    private long additive() {
        long v = multiplicative();
        while (true) {
            int c = lx.peek();
            if (c == '+') {
                lx.next();
                v += multiplicative();
            } else if (c == '-') {
                lx.next();
                v -= multiplicative();
            } else {
                return v;
            }
        }
    }

    private long multiplicative() {
        long v = unary();
        while (true) {
            int c = lx.peek();
            if (c != '*' && c != '/' && c != '%') {
                return v;
            }
            SourceLocation at = here();
            lx.next();
            long r = unary();
            if (c == '*') {
                v *= r;
            } else if (r == 0) {
                throw lx.error(at, (c == '/' ? "division" : "modulo") + " by zero in a cell expression");
            } else {
                v = c == '/' ? Long.divideUnsigned(v, r) : Long.remainderUnsigned(v, r);
            }
        }
    }

    private void enterExpression(SourceLocation at) {
        if (++exprDepth > MAX_NESTING) {
            throw lx.error(at, "expression nested deeper than " + MAX_NESTING);
        }
    }

    private long unary() {
        int c = lx.peek();
        if (c == '-' || c == '~' || c == '!') {
            enterExpression(here());
            lx.next();
            long v = unary();
            exprDepth--;
            return c == '-' ? -v : c == '~' ? ~v : (v == 0 ? 1 : 0);
        }
        return integerPrim();
    }

    /** Consumes a two-character operator if it is next. */
    private boolean op(String two) {
        if (lx.peek() == two.charAt(0) && lx.peekRaw(1) == two.charAt(1)) {
            lx.next();
            lx.next();
            return true;
        }
        return false;
    }

    /** The location of the next token (after whitespace, comments and directives). */
    private SourceLocation here() {
        lx.peek();
        return lx.loc();
    }

    private void expect(char c, String why) {
        if (lx.peek() != c) {
            throw lx.error(here(), "expected '" + c + "' " + why + ", found " + lx.describeNext());
        }
        lx.next();
    }

    // ---------------------------------------------------------------- references and phandles

    private void resolveReferences() {
        Set<Integer> used = new TreeSet<>();
        Map<Integer, NodeBuilder> owners = new HashMap<>();
        collectExplicitPhandles(root, used, owners);
        int[] next = {1};
        resolveIn(root, used, next);
    }

    private void collectExplicitPhandles(NodeBuilder n, Set<Integer> used, Map<Integer, NodeBuilder> owners) {
        if (n.deleted) {
            return;
        }
        for (NodeBuilder.PropBuilder p : n.props) {
            if (p.deleted || !(p.name.equals("phandle") || p.name.equals("linux,phandle")) || !p.refs.isEmpty()) {
                continue;
            }
            if (p.value.length != 4) {
                throw lx.error(p.location, "property '" + p.name + "' of " + n.path() + " must be one cell, it has "
                        + p.value.length + " bytes");
            }
            int v = ((p.value[0] & 0xff) << 24) | ((p.value[1] & 0xff) << 16) | ((p.value[2] & 0xff) << 8)
                    | (p.value[3] & 0xff);
            if (v == 0 || v == -1) {
                throw lx.error(p.location, "phandle 0x" + Integer.toHexString(v) + " of " + n.path()
                        + " is reserved (0 and 0xffffffff are not valid phandles)");
            }
            NodeBuilder other = owners.putIfAbsent(v, n);
            if (other != null && other != n) {
                throw lx.error(p.location, "phandle 0x" + Integer.toHexString(v) + " of " + n.path()
                        + " is already used by " + other.path());
            }
            used.add(v);
        }
        for (NodeBuilder c : n.children) {
            collectExplicitPhandles(c, used, owners);
        }
    }

    private void resolveIn(NodeBuilder n, Set<Integer> used, int[] next) {
        if (n.deleted) {
            return;
        }
        for (int i = 0; i < n.props.size(); i++) {
            NodeBuilder.PropBuilder p = n.props.get(i);
            if (p.deleted || p.refs.isEmpty()) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int copied = 0;
            for (NodeBuilder.Ref r : p.refs) {
                NodeBuilder target = lookup(r.target());
                if (target == null) {
                    throw lx.error(r.location(), unresolved(r.target()) + " in property '" + p.name + "' of " + n.path());
                }
                out.write(p.value, copied, r.offset() - copied);
                copied = r.offset();
                if (r.phandle()) {
                    int ph = phandleOf(target, used, next);
                    DtsGrammar.putBig(out, Integer.toUnsignedLong(ph), 4);
                    copied += 4;
                } else {
                    byte[] path = target.path().getBytes(StandardCharsets.UTF_8);
                    out.write(path, 0, path.length);
                    out.write(0);
                }
            }
            out.write(p.value, copied, p.value.length - copied);
            p.value = out.toByteArray();
            p.refs = List.of();
        }
        for (NodeBuilder c : n.children) {
            resolveIn(c, used, next);
        }
    }

    /** The node's phandle, assigning the lowest unused value from the running counter (dtc's rule). */
    private static int phandleOf(NodeBuilder target, Set<Integer> used, int[] next) {
        for (String name : List.of("phandle", "linux,phandle")) {
            NodeBuilder.PropBuilder p = target.liveProp(name);
            if (p != null && p.value.length == 4 && p.refs.isEmpty()) {
                return ((p.value[0] & 0xff) << 24) | ((p.value[1] & 0xff) << 16) | ((p.value[2] & 0xff) << 8)
                        | (p.value[3] & 0xff);
            }
        }
        while (used.contains(next[0])) {
            next[0]++;
        }
        int ph = next[0];
        used.add(ph);
        byte[] v = {(byte) (ph >>> 24), (byte) (ph >>> 16), (byte) (ph >>> 8), (byte) ph};
        target.put(new NodeBuilder.PropBuilder("phandle", target.location, v, List.of()));
        return ph;
    }
}
