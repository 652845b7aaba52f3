package org.mp15sim.core.dt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Character-level reader for DTS text with the preprocessing dtc users rely on: comments,
 * {@code /include/} and {@code #include}, object-like {@code #define} / {@code #undef}, and
 * {@code #ifdef} / {@code #ifndef} / {@code #else} / {@code #endif}. Included files and macro
 * expansions are frames on a stack, so every character keeps its own file:line:column and an
 * include may appear anywhere a token may.
 */
final class DtsLexer {
    static final int EOF = -1;
    private static final int MAX_DEPTH = 64;

    /** Resolves an include name seen in a file; the parser owns the search rules. */
    interface IncludeResolver {
        Optional<DtsParser.Source> resolve(DtsParser.Source from, String name, boolean angled);

        String searchDescription(DtsParser.Source from, String name, boolean angled);
    }

    /** A macro; {@code params} is null for an object-like one ({@code #define NAME value}). */
    record Define(String name, List<String> params, String value, SourceLocation location) {
        boolean functionLike() {
            return params != null;
        }
    }

    private static final class Cond {
        final SourceLocation location;
        final String kind;
        final boolean parentTaking;
        final boolean value;
        boolean taking;
        boolean elseSeen;

        Cond(SourceLocation location, String kind, boolean parentTaking, boolean value) {
            this.location = location;
            this.kind = kind;
            this.parentTaking = parentTaking;
            this.value = value;
            this.taking = parentTaking && value;
        }
    }

    private static final class Frame {
        final DtsParser.Source source;
        final String file;
        final String text;
        final String macro;
        final SourceLocation useSite;
        final Deque<Cond> conds = new ArrayDeque<>();
        int pos;
        int line = 1;
        int col = 1;

        Frame(DtsParser.Source source, String file, String text, String macro, SourceLocation useSite) {
            this.source = source;
            this.file = file;
            this.text = text;
            this.macro = macro;
            this.useSite = useSite;
        }

        boolean skipping() {
            return !conds.isEmpty() && !conds.peek().taking;
        }
    }

    /** A position inside the current frame, for a short lookahead that may be undone. */
    record Mark(Object frame, int pos, int line, int col) {
    }

    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Map<String, Define> defines;
    private final IncludeResolver resolver;

    DtsLexer(DtsParser.Source source, Map<String, Define> defines, IncludeResolver resolver) {
        this.defines = defines;
        this.resolver = resolver;
        frames.push(new Frame(source, source.displayName(), source.text(), null, null));
    }

    // ---------------------------------------------------------------- positions and errors

    /** Where the next character is (for a macro expansion: where the macro was used). */
    SourceLocation loc() {
        Frame f = frames.peek();
        if (f.macro != null) {
            return f.useSite;
        }
        return new SourceLocation(f.file, f.line, f.col);
    }

    DtSourceException error(SourceLocation at, String detail) {
        Frame f = frames.peek();
        if (f.macro != null && at.equals(f.useSite)) {
            Define d = defines.get(f.macro);
            detail += " (in the expansion of macro '" + f.macro + "'"
                    + (d == null ? "" : " defined at " + d.location()) + ")";
        }
        return new DtSourceException(at, detail);
    }

    /** A short description of what is next, for "expected X, found Y" messages. */
    String describeNext() {
        int c = peek();
        if (c == EOF) {
            return "end of file";
        }
        if (isNameChar(c)) {
            Frame f = frames.peek();
            int end = f.pos;
            while (end < f.text.length() && isNameChar(f.text.charAt(end)) && end - f.pos < 40) {
                end++;
            }
            return "'" + f.text.substring(f.pos, end) + "'";
        }
        if (c == '"') {
            return "a string";
        }
        return "'" + (char) c + "'";
    }

    // ---------------------------------------------------------------- raw character access

    /** The next significant character after whitespace, comments and directives, or {@link #EOF}. */
    int peek() {
        skip();
        Frame f = frames.peek();
        return f.pos < f.text.length() ? f.text.charAt(f.pos) : EOF;
    }

    /** The character {@code k} places after the current one, in the current frame, without skipping. */
    int peekRaw(int k) {
        Frame f = frames.peek();
        int i = f.pos + k;
        return i < f.text.length() ? f.text.charAt(i) : EOF;
    }

    /** Consumes one character of the current frame. */
    int next() {
        Frame f = frames.peek();
        if (f.pos >= f.text.length()) {
            return EOF;
        }
        char c = f.text.charAt(f.pos++);
        if (c == '\n') {
            f.line++;
            f.col = 1;
        } else {
            f.col++;
        }
        return c;
    }

    Mark mark() {
        Frame f = frames.peek();
        return new Mark(f, f.pos, f.line, f.col);
    }

    void reset(Mark m) {
        Frame f = frames.peek();
        if (m.frame() != f) {
            throw new IllegalStateException("mark from another frame");
        }
        f.pos = m.pos();
        f.line = m.line();
        f.col = m.col();
    }

    /** Consumes characters of the current frame while {@code p} holds (no skipping inside). */
    String readWhile(IntPredicate p) {
        Frame f = frames.peek();
        int start = f.pos;
        while (f.pos < f.text.length() && p.test(f.text.charAt(f.pos))) {
            next();
        }
        return f.text.substring(start, f.pos);
    }

    /** After {@link #peek()}: consumes {@code keyword} if the text continues with it. */
    boolean tryKeyword(String keyword) {
        peek();
        Frame f = frames.peek();
        if (!f.text.startsWith(keyword, f.pos)) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            next();
        }
        return true;
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ','
                || c == '.' || c == '_' || c == '+' || c == '*' || c == '#' || c == '?' || c == '@' || c == '-';
    }

    static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentChar(int c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    // ---------------------------------------------------------------- macros

    /**
     * If {@code word} is a {@code #define}d macro, pushes its expansion to be read next and returns
     * true. A function-like macro takes its arguments from the text that follows; parameters are
     * replaced by the argument text and the result is rescanned, as cpp does for macros without the
     * {@code #} and {@code ##} operators (which are not supported).
     */
    boolean expand(String word, SourceLocation useSite) {
        Define d = defines.get(word);
        if (d == null) {
            return false;
        }
        for (Frame f : frames) {
            if (word.equals(f.macro)) {
                throw new DtSourceException(useSite, "macro '" + word + "' expands to itself");
            }
        }
        if (frames.size() > MAX_DEPTH) {
            throw new DtSourceException(useSite, "macro expansion nested deeper than " + MAX_DEPTH);
        }
        String text = d.value();
        if (d.functionLike()) {
            text = substitute(d, arguments(d, useSite), useSite);
        }
        Frame outer = frames.peek();
        frames.push(new Frame(outer.source, outer.file, text, word, useSite));
        return true;
    }

    /** Reads {@code (arg, arg, ...)} right after a function-like macro's name, in the current frame. */
    private List<String> arguments(Define d, SourceLocation useSite) {
        String what = "macro '" + d.name() + "' (defined at " + d.location() + ")";
        if (d.params().contains("...")) {
            throw new DtSourceException(useSite, what + " is variadic; variadic macros are not supported");
        }
        readWhile(ch -> ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r');
        if (peekRaw(0) != '(') {
            throw new DtSourceException(useSite, what + " takes " + d.params().size() + " argument"
                    + (d.params().size() == 1 ? "" : "s") + ": expected '(' after its name");
        }
        next();
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        while (true) {
            int c = peekRaw(0);
            if (c == EOF) {
                throw new DtSourceException(useSite, "unterminated argument list of " + what + ": expected ')'");
            }
            next();
            if (c == '\'' || c == '"') {
                cur.append((char) c);
                while (true) {
                    int q = next();
                    if (q == EOF || q == '\n') {
                        throw new DtSourceException(useSite, "unterminated literal in the arguments of " + what);
                    }
                    cur.append((char) q);
                    if (q == '\\') {
                        int e = next();
                        if (e != EOF) {
                            cur.append((char) e);
                        }
                    } else if (q == c) {
                        break;
                    }
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    args.add(cur.toString().strip());
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append((char) c);
        }
        if (d.params().isEmpty() && args.size() == 1 && args.getFirst().isEmpty()) {
            args.clear();
        }
        if (args.size() != d.params().size()) {
            throw new DtSourceException(useSite, what + " takes " + d.params().size() + " argument"
                    + (d.params().size() == 1 ? "" : "s") + ", given " + args.size());
        }
        return args;
    }

    /** The macro body with each parameter name replaced by its argument text. */
    private static String substitute(Define d, List<String> args, SourceLocation useSite) {
        String body = d.value();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < body.length() && body.charAt(j) != c) {
                    j += body.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, body.length());
                out.append(body, i, j);
                i = j;
            } else if (c == '#') {
                throw new DtSourceException(useSite, "macro '" + d.name() + "' (defined at " + d.location()
                        + ") uses the '#' or '##' operator, which is not supported");
            } else if (isIdentStart(c)) {
                int j = i;
                while (j < body.length() && isIdentChar(body.charAt(j))) {
                    j++;
                }
                String id = body.substring(i, j);
                int p = d.params().indexOf(id);
                out.append(p >= 0 ? args.get(p) : id);
                i = j;
            } else if (c >= '0' && c <= '9') {
                // a number such as 0x1f must not have its digits or suffix taken for parameters
                int j = i;
                while (j < body.length() && isIdentChar(body.charAt(j))) {
                    j++;
                }
                out.append(body, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- trivia and directives

    private void skip() {
        while (true) {
            Frame f = frames.peek();
            if (f.skipping()) {
                skipInactiveLine(f);
                continue;
            }
            if (f.pos >= f.text.length()) {
                if (!f.conds.isEmpty()) {
                    Cond c = f.conds.peek();
                    throw new DtSourceException(c.location, "#" + c.kind + " is not closed: expected #endif before the end of "
                            + f.file);
                }
                if (frames.size() == 1) {
                    return;
                }
                frames.pop();
                continue;
            }
            char c = f.text.charAt(f.pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                next();
            } else if (c == '/' && peekRaw(1) == '/') {
                while (f.pos < f.text.length() && f.text.charAt(f.pos) != '\n') {
                    next();
                }
            } else if (c == '/' && peekRaw(1) == '*') {
                SourceLocation start = loc();
                int end = f.text.indexOf("*/", f.pos + 2);
                if (end < 0) {
                    throw new DtSourceException(start, "unterminated comment: expected '*/' before the end of " + f.file);
                }
                while (f.pos < end + 2) {
                    next();
                }
            } else if (c == '#' && f.macro == null && atLineStart(f) && directive(f)) {
                continue;
            } else if (c == '/' && f.macro == null && f.text.startsWith("/include/", f.pos)) {
                slashInclude(f);
            } else {
                return;
            }
        }
    }

    private static boolean atLineStart(Frame f) {
        for (int i = f.pos - 1; i >= 0; i--) {
            char c = f.text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Handles a '#' line if it is a preprocessor directive; returns false for '#address-cells' and the like. */
    private boolean directive(Frame f) {
        Mark m = mark();
        SourceLocation at = loc();
        next();
        readWhile(ch -> ch == ' ' || ch == '\t');
        String word = readWhile(DtsLexer::isIdentChar);
        int after = peekRaw(0);
        boolean boundary = after == EOF || after == ' ' || after == '\t' || after == '\n' || after == '\r'
                || after == '"' || after == '<' || after == '/' || after == '(';
        if (!word.isEmpty() && Character.isDigit(word.charAt(0)) || word.equals("line") && boundary) {
            restOfLine(f); // a cpp line marker; positions stay those of the text we read
            return true;
        }
        if (!boundary || !isDirective(word)) {
            reset(m);
            return false;
        }
        String rest = restOfLine(f).strip();
        switch (word) {
            case "include" -> include(f, at, rest);
            case "define" -> define(at, rest);
            case "undef" -> defines.remove(identifierArgument(at, "undef", rest));
            case "ifdef", "ifndef" -> {
                String name = identifierArgument(at, word, rest);
                boolean parent = f.conds.isEmpty() || f.conds.peek().taking;
                boolean value = defines.containsKey(name) == word.equals("ifdef");
                f.conds.push(new Cond(at, word, parent, value));
            }
            case "else" -> {
                Cond c = f.conds.peek();
                if (c == null) {
                    throw new DtSourceException(at, "#else without #ifdef or #ifndef");
                }
                if (c.elseSeen) {
                    throw new DtSourceException(at, "second #else for the #" + c.kind + " at " + c.location);
                }
                c.elseSeen = true;
                c.taking = c.parentTaking && !c.value;
            }
            case "endif" -> {
                if (f.conds.isEmpty()) {
                    throw new DtSourceException(at, "#endif without #ifdef or #ifndef");
                }
                f.conds.pop();
            }
            case "if", "elif" -> throw new DtSourceException(at, "#" + word
                    + " is not supported (only #ifdef, #ifndef, #else and #endif)");
            case "error" -> throw new DtSourceException(at, "#error " + rest);
            default -> {
                // #warning and #pragma carry nothing a device tree needs.
            }
        }
        return true;
    }

    private static boolean isDirective(String word) {
        return switch (word) {
            case "include", "define", "undef", "ifdef", "ifndef", "else", "endif", "if", "elif", "error", "warning",
                    "pragma" -> true;
            default -> false;
        };
    }

    /** In a false #ifdef branch: consumes one line, acting only on nested conditionals. */
    private void skipInactiveLine(Frame f) {
        if (f.pos >= f.text.length()) {
            Cond c = f.conds.peek();
            throw new DtSourceException(c.location, "#" + c.kind + " is not closed: expected #endif before the end of "
                    + f.file);
        }
        readWhile(ch -> ch == ' ' || ch == '\t');
        if (peekRaw(0) == '#') {
            SourceLocation at = loc();
            next();
            readWhile(ch -> ch == ' ' || ch == '\t');
            String word = readWhile(DtsLexer::isIdentChar);
            switch (word) {
                case "ifdef", "ifndef", "if" -> f.conds.push(new Cond(at, word, false, false));
                case "else" -> {
                    Cond c = f.conds.peek();
                    if (c.elseSeen) {
                        throw new DtSourceException(at, "second #else for the #" + c.kind + " at " + c.location);
                    }
                    c.elseSeen = true;
                    c.taking = c.parentTaking && !c.value;
                }
                case "endif" -> f.conds.pop();
                default -> {
                }
            }
        }
        restOfLine(f);
    }

    /** Consumes to the end of the line (joining backslash continuations), without comments. */
    private String restOfLine(Frame f) {
        StringBuilder sb = new StringBuilder();
        while (f.pos < f.text.length()) {
            char c = f.text.charAt(f.pos);
            if (c == '\\' && (peekRaw(1) == '\n' || (peekRaw(1) == '\r' && peekRaw(2) == '\n'))) {
                next();
                if (peekRaw(0) == '\r') {
                    next();
                }
                next();
                sb.append(' ');
                continue;
            }
            if (c == '\n') {
                next();
                break;
            }
            if (c == '/' && peekRaw(1) == '/') {
                while (f.pos < f.text.length() && f.text.charAt(f.pos) != '\n') {
                    next();
                }
                continue;
            }
            if (c == '/' && peekRaw(1) == '*') {
                int end = f.text.indexOf("*/", f.pos + 2);
                if (end < 0) {
                    throw new DtSourceException(loc(), "unterminated comment: expected '*/' before the end of " + f.file);
                }
                while (f.pos < end + 2) {
                    next();
                }
                sb.append(' ');
                continue;
            }
            sb.append(c);
            next();
        }
        return sb.toString();
    }

    private static String identifierArgument(SourceLocation at, String directive, String rest) {
        String name = rest.split("[ \t]", 2)[0];
        if (name.isEmpty() || !isIdentStart(name.charAt(0)) || !name.chars().allMatch(DtsLexer::isIdentChar)) {
            throw new DtSourceException(at, "#" + directive + " needs a macro name, found '" + rest + "'");
        }
        return name;
    }

    private void define(SourceLocation at, String rest) {
        int i = 0;
        while (i < rest.length() && isIdentChar(rest.charAt(i))) {
            i++;
        }
        String name = rest.substring(0, i);
        if (name.isEmpty() || !isIdentStart(name.charAt(0))) {
            throw new DtSourceException(at, "#define needs a macro name, found '" + rest + "'");
        }
        List<String> params = null;
        if (i < rest.length() && rest.charAt(i) == '(') {
            int close = rest.indexOf(')', i);
            if (close < 0) {
                throw new DtSourceException(at, "#define " + name + ": parameter list needs a closing ')'");
            }
            params = new ArrayList<>();
            String list = rest.substring(i + 1, close).strip();
            if (!list.isEmpty()) {
                for (String p : list.split(",")) {
                    String param = p.strip();
                    boolean ident = !param.isEmpty() && isIdentStart(param.charAt(0))
                            && param.chars().allMatch(DtsLexer::isIdentChar);
                    if (!ident && !param.equals("...")) {
                        throw new DtSourceException(at, "#define " + name + ": bad parameter '" + param + "'");
                    }
                    params.add(param);
                }
            }
            i = close + 1;
        }
        String value = rest.substring(i).strip();
        defines.put(name, new Define(name, params == null ? null : List.copyOf(params), value, at));
    }

    private void include(Frame f, SourceLocation at, String rest) {
        boolean angled = rest.startsWith("<") && rest.endsWith(">") && rest.length() > 2;
        boolean quoted = rest.startsWith("\"") && rest.endsWith("\"") && rest.length() > 2;
        if (!angled && !quoted) {
            throw new DtSourceException(at, "#include needs \"file\" or <file>, found '" + rest + "'");
        }
        pushInclude(f, at, rest.substring(1, rest.length() - 1), angled);
    }

    private void slashInclude(Frame f) {
        SourceLocation at = loc();
        for (int i = 0; i < "/include/".length(); i++) {
            next();
        }
        readWhile(ch -> ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r');
        if (peekRaw(0) != '"') {
            throw new DtSourceException(loc(), "expected a quoted file name after /include/");
        }
        next();
        String name = readWhile(ch -> ch != '"' && ch != '\n');
        if (peekRaw(0) != '"') {
            throw new DtSourceException(at, "unterminated file name after /include/: expected '\"'");
        }
        next();
        pushInclude(f, at, name, false);
    }

    private void pushInclude(Frame f, SourceLocation at, String name, boolean angled) {
        if (frames.size() >= MAX_DEPTH) {
            throw new DtSourceException(at, "includes nested deeper than " + MAX_DEPTH + " (does '" + name
                    + "' include itself?)");
        }
        DtsParser.Source src = resolver.resolve(f.source, name, angled).orElseThrow(() -> new DtSourceException(at,
                "cannot find include file '" + name + "' (searched " + resolver.searchDescription(f.source, name, angled)
                        + ")"));
        frames.push(new Frame(src, src.displayName(), src.text(), null, null));
    }
}
