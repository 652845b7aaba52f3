package org.mp15sim.scenario.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Errno;

/**
 * Parses the {@code .scn} scenario language (grammar in scenarios/SCENARIOS.md). One statement per line;
 * every error names file:line:column, what is wrong and the rule broken, and parsing stops at the first one.
 */
public final class ScenarioParser {
    /** Every command a line may start with. */
    public static final List<String> COMMANDS = List.of("scenario", "board", "set", "install", "echo", "cat", "dmesg",
            "console", "run", "wait", "expect", "inject", "reboot");
    /** Options of the {@code board} line. */
    public static final List<String> BOARD_OPTIONS = List.of("seed", "unknown", "key", "isolation", "firmware-path", "early-boot");
    public static final List<String> BOARD_KINDS = List.of(BoardDecl.DK2, BoardDecl.DK2_TEE, "dts", "dtb");
    /** The strings sysfs {@code state} can show (enum rproc_state). */
    public static final List<String> RPROC_STATES = List.of("offline", "suspended", "running", "crashed", "deleted",
            "attached", "detached", "invalid");
    public static final List<String> IPCC_CHANNELS = List.of("vq0", "vq1", "shutdown", "detach");

    private final Path file;
    private String title;
    private BoardDecl board;
    private final List<Setting> settings = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    // per line
    private SourceLine at;
    private List<Token> toks;
    private int pos;

    private ScenarioParser(Path file) { this.file = file; }

    public static Scenario parse(Path file) throws IOException, ScenarioSyntaxException {
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses {@code text} as if read from {@code file} (which may be {@code null}). */
    public static Scenario parse(Path file, String text) throws ScenarioSyntaxException {
        ScenarioParser p = new ScenarioParser(file);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) p.line(new SourceLine(file, i + 1, stripCr(lines[i])));
        String t = p.title != null ? p.title : file == null ? "scenario" : stripExt(file.getFileName().toString());
        return new Scenario(file, t, p.board != null ? p.board : BoardDecl.defaultBoard(), p.settings, p.steps);
    }

    /**
     * Parses one step statement (as the fluent Java API writes them), e.g. {@code wait state == running within 50ms}.
     * @throws ScenarioSyntaxException if the text is not exactly one step
     */
    public static Step parseStep(SourceLine at) throws ScenarioSyntaxException {
        ScenarioParser p = new ScenarioParser(at.file());
        p.line(at);
        if (p.steps.size() != 1 || p.board != null || !p.settings.isEmpty() || p.title != null) {
            throw new ScenarioSyntaxException(at, 1, "not a single step: '" + at.text() + "'", "one step statement: install, echo, cat, dmesg, console, run, wait, expect, inject or reboot");
        }
        return p.steps.getFirst();
    }

    /** The scenario-language string literal for a byte string: quoted, with escapes for quotes, backslashes and non-printing bytes. */
    public static String quote(String byteString) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < byteString.length(); i++) {
            char c = byteString.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", (int) c & 0xff));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String stripCr(String s) { return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s; }

    private static String stripExt(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private void line(SourceLine line) throws ScenarioSyntaxException {
        at = line;
        toks = Lexer.tokenize(line);
        pos = 0;
        if (toks.isEmpty()) return;
        Token cmd = next("a command");
        if (cmd.kind() != Token.Kind.WORD) {
            throw error(cmd, "a line must start with a command, found " + cmd, "commands: " + String.join(", ", COMMANDS));
        }
        switch (cmd.text()) {
            case "scenario" -> {
                if (title != null) throw error(cmd, "second 'scenario' title", "a scenario file has at most one title line");
                title = Bytes.text(text(next("a title string")));
            }
            case "board" -> board(cmd);
            case "set" -> {
                if (!steps.isEmpty()) throw error(cmd, "'set' after the first step", "board and set lines come before any step: they describe the board that is built when the first step runs");
                Token name = word("a parameter name");
                Token value = next("a value");
                settings.add(new Setting(at, name.text(), value.text()));
            }
            case "install" -> install();
            case "echo" -> echo();
            case "cat" -> {
                SimPath p = path(word("a file (state, firmware, recovery, coredump, name, traceN or /absolute/path)"));
                steps.add(new Step.Read(at, p, expectError()));
            }
            case "dmesg", "console" -> {
                boolean clear = false;
                if (pos < toks.size()) {
                    Token flag = next("-c");
                    if (!flag.is("-c")) throw error(flag, "unexpected " + flag + " after '" + cmd.text() + "'", "'" + cmd.text() + "' takes only the option -c (show, then clear what later checks look at)");
                    clear = true;
                }
                steps.add(new Step.ShowLog(at, cmd.is("dmesg") ? Step.Log.DMESG : Step.Log.CONSOLE, clear));
            }
            case "run" -> steps.add(new Step.Run(at, duration(word("a duration such as 200ms"), false)));
            case "wait" -> {
                Condition c = condition();
                if (pos >= toks.size() || !toks.get(pos).is("within")) {
                    throw error(pos < toks.size() ? toks.get(pos) : null, "'wait' without 'within <duration>'", "every wait has a simulated-time bound: wait <condition> within <duration>");
                }
                pos++;
                long d = duration(word("a duration after 'within'"), false);
                steps.add(new Step.Wait(at, c, d));
            }
            case "expect" -> steps.add(new Step.Expect(at, condition()));
            case "inject" -> steps.add(new Step.Inject(at, fault()));
            case "reboot" -> {
                Token what = word("'linux'");
                if (!what.is("linux")) throw error(what, "cannot reboot " + what, "only 'reboot linux' exists: Linux restarts, the M4 keeps running");
                steps.add(new Step.RebootLinux(at));
            }
            default -> throw error(cmd, "unknown command '" + cmd.text() + "'" + suggestion(cmd.text(), COMMANDS),
                    "commands: " + String.join(", ", COMMANDS));
        }
        if (pos < toks.size()) {
            Token extra = toks.get(pos);
            throw error(extra, "unexpected " + extra + " at the end of '" + cmd.text() + "'", "one statement per line; quote text that contains spaces");
        }
    }

    // ------------------------------------------------------------------ statements

    private void board(Token cmd) throws ScenarioSyntaxException {
        if (board != null) throw error(cmd, "second 'board' line (first at line " + board.at().line() + ")", "a scenario describes one board");
        if (!steps.isEmpty()) throw error(cmd, "'board' after the first step", "board and set lines come before any step");
        Token kind = word("a board: " + String.join(", ", BOARD_KINDS));
        if (!BOARD_KINDS.contains(kind.text())) {
            throw error(kind, "unknown board '" + kind.text() + "'" + suggestion(kind.text(), BOARD_KINDS), "boards: dk2 (native), dk2-tee (OP-TEE loads signed firmware), dts FILE, dtb FILE");
        }
        FileRef dt = null;
        if (kind.is("dts") || kind.is("dtb")) dt = new FileRef(text(next("a device-tree file")));
        Map<String, String> options = new LinkedHashMap<>();
        while (pos < toks.size()) {
            Token o = next("an option");
            int eq = o.text().indexOf('=');
            if (o.kind() != Token.Kind.WORD || eq <= 0) throw error(o, "board option " + o + " is not name=value", "board options: " + String.join(", ", BOARD_OPTIONS));
            String name = o.text().substring(0, eq);
            String value = o.text().substring(eq + 1);
            if (value.isEmpty() && pos < toks.size() && toks.get(pos).kind() == Token.Kind.STRING) value = toks.get(pos++).text();
            if (!BOARD_OPTIONS.contains(name)) throw error(o, "unknown board option '" + name + "'" + suggestion(name, BOARD_OPTIONS), "board options: " + String.join(", ", BOARD_OPTIONS));
            String bad = switch (name) {
                case "seed" -> value.matches("-?[0-9]+|0x[0-9a-fA-F]+") ? null : "seed is an integer";
                case "unknown" -> List.of("log", "fault", "strict").contains(value) ? null : "unknown is one of log (read as zero, logged once), fault (bus fault), strict (stop the run)";
                case "isolation" -> List.of("on", "off").contains(value) ? null : "isolation is on or off";
                default -> value.isEmpty() ? name + " needs a file" : null;
            };
            if (bad != null) throw error(o, "bad value '" + value + "' for " + name, bad);
            if (options.put(name, value) != null) throw error(o, "board option '" + name + "' given twice", "each board option once");
        }
        board = new BoardDecl(at, kind.text(), dt, options);
    }

    private void install() throws ScenarioSyntaxException {
        FileRef src = new FileRef(text(next("a host file to install into /lib/firmware")));
        String name = null;
        boolean signed = false;
        FileRef key = null;
        while (pos < toks.size()) {
            Token t = word("'as NAME' or 'signed [with KEY]'");
            if (t.is("as") && name == null) {
                Token n = next("a firmware name");
                name = n.text();
                if (name.isEmpty() || name.contains("/") || name.contains("..")) throw error(n, "bad firmware name '" + Bytes.text(name) + "'", "a firmware name is a file name inside /lib/firmware (no '/')");
            } else if (t.is("signed") && !signed) {
                signed = true;
                if (pos < toks.size() && toks.get(pos).is("with")) {
                    pos++;
                    key = new FileRef(text(next("a private key file (PEM)")));
                }
            } else {
                throw error(t, "unexpected " + t + " in 'install'", "install FILE [as NAME] [signed [with KEY]]");
            }
        }
        if (name == null) {
            String base = Bytes.text(src.text());
            name = base.substring(base.lastIndexOf('/') + 1);
        }
        steps.add(new Step.Install(at, src, name, signed, key));
    }

    private void echo() throws ScenarioSyntaxException {
        boolean newline = true;
        if (pos < toks.size() && toks.get(pos).is("-n")) {
            newline = false;
            pos++;
        }
        StringBuilder data = new StringBuilder();
        int words = 0;
        while (pos < toks.size() && !toks.get(pos).isOp(">")) {
            Token t = toks.get(pos++);
            if (t.kind() == Token.Kind.OP) throw error(t, "unexpected " + t + " in echo text", "echo TEXT > FILE; quote text that contains operators");
            if (words++ > 0) data.append(' ');
            data.append(t.text());
        }
        if (pos >= toks.size()) throw error(null, "'echo' without '> FILE'", "echo [-n] TEXT > FILE: a scenario echo always writes a file");
        pos++; // '>'
        SimPath p = path(word("a file after '>'"));
        if (newline) data.append('\n');
        steps.add(new Step.Write(at, p, data.toString(), expectError()));
    }

    private int expectError() throws ScenarioSyntaxException {
        if (pos >= toks.size()) return 0;
        Token e = word("'expect error ERRNO'");
        if (!e.is("expect") || pos >= toks.size() || !toks.get(pos).is("error")) {
            throw error(e, "unexpected " + e, "only 'expect error ERRNO' may follow a file command");
        }
        pos++;
        Token name = word("an errno name such as EBUSY");
        try {
            int errno = Errno.parse(name.text());
            if (errno <= 0) throw new IllegalArgumentException("errno must be positive");
            if (Errno.name(errno).equals("E" + errno) && !Character.isDigit(name.text().charAt(0))) throw new IllegalArgumentException("unknown");
            return errno;
        } catch (IllegalArgumentException ex) {
            throw error(name, "unknown errno '" + name.text() + "'", "errno names as in the kernel: EBUSY, EINVAL, ENOENT, ENODEV, EIO, ETIME, ... or a number");
        }
    }

    private Condition condition() throws ScenarioSyntaxException {
        Token s = next("a condition");
        if (s.kind() != Token.Kind.WORD) throw error(s, "a condition starts with what to observe, found " + s, CONDITION_RULE);
        boolean no = false;
        if (s.is("no")) {
            no = true;
            s = word("dmesg or console after 'no'");
            if (!s.is("dmesg") && !s.is("console")) throw error(s, "'no' applies to dmesg or console", "no dmesg \"TEXT\" | no console \"TEXT\"");
        }
        switch (s.text()) {
            case "dmesg", "console" -> {
                Condition.Subject subj = s.is("dmesg") ? Condition.Subject.DMESG : Condition.Subject.CONSOLE;
                Token t = next("\"TEXT\" or contains/!contains/matches");
                Condition.Op op = Condition.Op.CONTAINS;
                if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.OP) {
                    op = switch (t.text()) {
                        case "contains" -> Condition.Op.CONTAINS;
                        case "!contains" -> Condition.Op.NOT_CONTAINS;
                        case "matches" -> Condition.Op.MATCHES;
                        default -> throw error(t, "unexpected " + t + " after '" + s.text() + "'", s.text() + " \"TEXT\" | " + s.text() + " contains|!contains|matches \"TEXT\"");
                    };
                    t = next("the text to look for");
                }
                if (no) {
                    if (op != Condition.Op.CONTAINS) throw error(t, "'no " + s.text() + "' takes only a text", "no " + s.text() + " \"TEXT\"");
                    op = Condition.Op.NOT_CONTAINS;
                }
                return new Condition(subj, null, op, regexChecked(op, t), 0);
            }
            case "time" -> {
                Token o = next("a comparison (<, <=, >, >=)");
                Condition.Op op = switch (o.kind() == Token.Kind.OP ? o.text() : "") {
                    case "<" -> Condition.Op.LT;
                    case "<=" -> Condition.Op.LE;
                    case ">" -> Condition.Op.GT;
                    case ">=" -> Condition.Op.GE;
                    default -> throw error(o, "bad time comparison " + o, "time < | <= | > | >= DURATION (simulated time since the board was built)");
                };
                return new Condition(Condition.Subject.TIME, null, op, null, duration(word("a duration"), true));
            }
            case "exists", "missing" -> {
                SimPath p = path(word("a file"));
                return new Condition(Condition.Subject.EXISTS, p, s.is("exists") ? Condition.Op.EXISTS : Condition.Op.MISSING, null, 0);
            }
            default -> {
                SimPath p = path(s);
                Token o = next("==, !=, contains, !contains or matches");
                Condition.Op op = switch (o.text()) {
                    case "==" -> Condition.Op.EQ;
                    case "!=" -> Condition.Op.NE;
                    case "contains" -> Condition.Op.CONTAINS;
                    case "!contains" -> Condition.Op.NOT_CONTAINS;
                    case "matches" -> Condition.Op.MATCHES;
                    default -> throw error(o, "bad comparison " + o + " for " + s, CONDITION_RULE);
                };
                Token v = next("the expected value");
                if (v.kind() == Token.Kind.OP) throw error(v, "expected a value, found " + v, CONDITION_RULE);
                if (p.text().equals("state") && (op == Condition.Op.EQ || op == Condition.Op.NE) && !RPROC_STATES.contains(v.text())) {
                    throw error(v, "'" + Bytes.text(v.text()) + "' is not a remoteproc state" + suggestion(v.text(), RPROC_STATES), "state is one of " + String.join(", ", RPROC_STATES));
                }
                return new Condition(Condition.Subject.FILE, p, op, regexChecked(op, v), 0);
            }
        }
    }

    private static final String CORRUPT_RULE = "inject corrupt NAME (at OFFSET | segment N) [xor MASK]";
    private static final String CONDITION_RULE = "conditions: FILE ==|!=|contains|!contains|matches VALUE, dmesg \"TEXT\", no dmesg \"TEXT\", console \"TEXT\", exists FILE, missing FILE, time <|<=|>|>= DURATION";

    private String regexChecked(Condition.Op op, Token t) throws ScenarioSyntaxException {
        if (op == Condition.Op.MATCHES) {
            try {
                Pattern.compile(t.text());
            } catch (PatternSyntaxException e) {
                throw error(t, "bad regular expression: " + e.getDescription(), "matches takes a Java regular expression");
            }
        }
        return t.text();
    }

    private Fault fault() throws ScenarioSyntaxException {
        Token f = word("a fault: watchdog, lockup, corrupt, key, ipcc-noack");
        return switch (f.text()) {
            case "watchdog" -> new Fault.Watchdog();
            case "lockup" -> new Fault.Lockup();
            case "corrupt" -> {
                Token name = next("the firmware name in /lib/firmware");
                Token atw = word("'at OFFSET' or 'segment N'");
                long off = -1;
                int seg = -1;
                if (atw.is("at")) off = number(word("a byte offset"), Long.MAX_VALUE, "the offset is a decimal or 0x number");
                else if (atw.is("segment")) seg = (int) number(word("a segment number"), 0xFFFF, "segments count PT_LOAD program headers from 0");
                else throw error(atw, "expected 'at' or 'segment', found " + atw, CORRUPT_RULE);
                int mask = 0xFF;
                if (pos < toks.size()) {
                    Token x = word("'xor MASK'");
                    if (!x.is("xor")) throw error(x, "expected 'xor', found " + x, CORRUPT_RULE);
                    mask = (int) number(word("a byte mask"), 0xFF, "the mask is a byte, 1..0xff");
                    if (mask == 0) throw error(toks.get(pos - 1), "xor 0 changes nothing", "the mask is a byte, 1..0xff");
                }
                yield new Fault.CorruptByte(name.text(), off, seg, mask);
            }
            case "key" -> new Fault.ReplaceKey(new FileRef(text(next("a public key file (PEM)"))));
            case "ipcc-noack" -> {
                Token c = word("an IPCC channel (vq0, vq1, shutdown, detach or 0..5)");
                // A name is looked up in the board's mbox-names when the step runs (the device tree may be the user's).
                String rule = "IPCC channels are vq0, vq1, shutdown, detach (the mbox-names of stm32_rproc) or a number 0..5";
                if (IPCC_CHANNELS.contains(c.text())) yield Fault.IpccNoAck.named(c.text());
                if (c.text().isEmpty() || !Character.isDigit(c.text().charAt(0))) {
                    throw error(c, "unknown IPCC channel '" + c.text() + "'" + suggestion(c.text(), IPCC_CHANNELS), rule);
                }
                if (number(c, Long.MAX_VALUE, rule) > 5) throw error(c, "the IPCC has no channel " + c.text(), rule);
                yield Fault.IpccNoAck.number((int) number(c, 5, rule));
            }
            default -> throw error(f, "unknown fault '" + f.text() + "'" + suggestion(f.text(), List.of("watchdog", "lockup", "corrupt", "key", "ipcc-noack")),
                    "faults: watchdog, lockup, corrupt NAME (at OFFSET | segment N) [xor MASK], key FILE, ipcc-noack CHANNEL");
        };
    }

    // ------------------------------------------------------------------ tokens

    private Token next(String what) throws ScenarioSyntaxException {
        if (pos >= toks.size()) throw error(null, "missing " + what, "see the statement's form in SCENARIOS.md");
        return toks.get(pos++);
    }

    private Token word(String what) throws ScenarioSyntaxException {
        Token t = next(what);
        if (t.kind() != Token.Kind.WORD) throw error(t, "expected " + what + ", found " + t, "see the statement's form in SCENARIOS.md");
        return t;
    }

    private String text(Token t) throws ScenarioSyntaxException {
        if (t.kind() == Token.Kind.OP) throw error(t, "expected a word or a string, found " + t, "quote text that contains operators");
        return t.text();
    }

    private SimPath path(Token t) throws ScenarioSyntaxException {
        if (t.kind() != Token.Kind.WORD || !SimPath.valid(t.text())) {
            List<String> names = new ArrayList<>(SimPath.SYSFS_ATTRS);
            names.add("trace0");
            throw error(t, "unknown file " + t + suggestion(t.text(), names),
                    "a file is state, firmware, recovery, coredump, name (sysfs of the remoteproc), traceN (its debugfs) or an absolute path");
        }
        return new SimPath(t.text());
    }

    private long duration(Token t, boolean zeroOk) throws ScenarioSyntaxException {
        long d;
        try {
            d = SimTime.parse(t.text());
        } catch (IllegalArgumentException e) {
            throw error(t, "bad duration '" + t.text() + "'", "a duration is a number and a unit: ps, ns, us, ms, s (e.g. 200ms, 1.5s)");
        }
        if (d < 0 || (d == 0 && !zeroOk)) throw error(t, "duration must be positive: '" + t.text() + "'", "durations are positive simulated times");
        return d;
    }

    private long number(Token t, long max, String rule) throws ScenarioSyntaxException {
        String s = t.text().toLowerCase(Locale.ROOT);
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0 || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw error(t, "bad number '" + t.text() + "'", rule);
        }
    }

    private ScenarioSyntaxException error(Token t, String problem, String rule) {
        int col = t != null ? t.column() : at.text().length() + 1;
        return new ScenarioSyntaxException(at, col, problem, rule);
    }

    /** {@code ", did you mean 'stat'?"} when a close word exists (edit distance ≤ 2). */
    private static String suggestion(String got, List<String> options) {
        String best = null;
        int bestD = 3;
        for (String o : options) {
            int d = distance(got, o);
            if (d < bestD) {
                bestD = d;
                best = o;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
