package org.mp15sim.scenario.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimulationException;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.trace.TraceBus;
import org.mp15sim.linux.kernel.Dmesg;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.linux.kernel.VfsFile;
import org.mp15sim.scenario.board.Board;
import org.mp15sim.scenario.board.BoardException;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.lang.Bytes;
import org.mp15sim.scenario.lang.Condition;
import org.mp15sim.scenario.lang.Fault;
import org.mp15sim.scenario.lang.FileRef;
import org.mp15sim.scenario.lang.SimPath;
import org.mp15sim.scenario.lang.SourceLine;
import org.mp15sim.scenario.lang.Step;

/**
 * A built board plus everything needed to carry out scenario steps on it: the scenario runner and the JUnit
 * extension both drive boards through this class, so a step means exactly the same in a {@code .scn} file and
 * in a Java test. Each shell command ({@code echo}, {@code cat}) runs as its own simulation process — as a
 * shell forks one per command — so a sysfs write blocks in simulated time exactly as long as the kernel path
 * behind it does; {@code wait} re-checks its condition after every simulated event, so it ends at the exact
 * instant the condition becomes true.
 */
public final class BoardSession implements AutoCloseable {
    private final Board board;
    private final RunOptions options;
    private final Path dir;
    private final TraceBus bus;
    private final RecordingTrace trace;
    private final int stepsTrack;
    private final int stateTrack;
    private final int faultsTrack;
    private final int dmesgTrack;
    private final Timeline timeline;
    private final List<String> dmesgArchive = new ArrayList<>();
    private final Map<String, StringBuilder> streams = new TreeMap<>();
    private final PrintStream echo;
    private long commandTimeout;
    private Kernel linux;
    /** Lines logged by the current Linux that the session has seen, and the text checks look at (since dmesg -c). */
    private int dmesgSeen;
    private int dmesgCursor;
    private final StringBuilder dmesgText = new StringBuilder();
    private Dmesg.Line lastLine;
    private int consoleCursor;
    private int consoleEchoed;
    private String lastState;
    /** sysfs state of the remoteproc under test, read after every event for the "rproc state" track. */
    private String statePath;
    private String traceError;

    private BoardSession(Board board, RunOptions options, Path dir, TraceBus bus, RecordingTrace trace, Timeline timeline) {
        this.board = board;
        this.options = options;
        this.dir = dir;
        this.bus = bus;
        this.trace = trace;
        this.timeline = timeline;
        this.echo = options.echo();
        this.commandTimeout = options.commandTimeout();
        this.stepsTrack = trace.track("scenario steps");
        this.stateTrack = trace.track("rproc state");
        this.faultsTrack = trace.track("faults");
        this.dmesgTrack = trace.track("dmesg");
        attach(board.linux());
        sample();
    }

    /**
     * Builds a board and opens a session on it.
     *
     * @param dir       the folder relative host paths are resolved against (the scenario's), or {@code null}
     * @param tracePath where to write a Perfetto trace of the session, or {@code null}
     */
    public static BoardSession open(BoardFactory factory, BoardSpec spec, RunOptions options, Path dir, Path tracePath, String title)
            throws BoardException {
        Timeline timeline = new Timeline();
        TraceBus bus = tracePath == null ? null : TraceBus.builder().processName("mp15sim " + title).perfetto(tracePath).build();
        RecordingTrace trace = new RecordingTrace(bus, timeline);
        // Register the session's tracks first so they lead in the trace viewer.
        for (String t : List.of("scenario steps", "rproc state", "faults", "dmesg")) trace.track(t);
        Board board;
        try {
            board = factory.build(spec, trace);
        } catch (BoardException | RuntimeException e) {
            if (bus != null) bus.close();
            throw e;
        }
        if (board.scheduler().trace() != trace) board.scheduler().setTrace(trace);
        return new BoardSession(board, options, dir, bus, trace, timeline);
    }

    public Board board() { return board; }
    public Timeline timeline() { return timeline; }
    public void setCommandTimeout(long ps) { commandTimeout = ps; }

    /** The kernel log of every Linux boot of this session, as dmesg prints it. */
    public List<String> dmesg() {
        List<String> out = new ArrayList<>(dmesgArchive);
        for (Dmesg.Line l : linux.dmesg().lines()) out.add(l.formatted());
        return out;
    }

    public String console() { return board.console().toString(); }

    public List<String> unmodelledAccesses() { return board.unmodelledAccesses(); }

    /** Carries out one step; a failed check or an impossible step is in the result, never thrown. */
    public StepResult execute(Step step) {
        long t0 = now();
        if (echo != null) echo.printf("[%s] $ %s%n", SimTime.printk(t0), statement(step.at()));
        StepResult.Status status = StepResult.Status.PASSED;
        String output = "";
        String why = "";
        try {
            output = exec(step);
        } catch (StepFailed f) {
            status = StepResult.Status.FAILED;
            why = f.getMessage();
        } catch (StepError | BoardException | SimulationException e) {
            status = StepResult.Status.ERROR;
            why = e.getMessage();
        } catch (RuntimeException e) {
            status = StepResult.Status.ERROR;
            why = "simulator failure: " + e;
        }
        long t1 = now();
        trace.begin(t0, stepsTrack, statement(step.at()));
        trace.end(t1, stepsTrack, statement(step.at()));
        if (echo != null && !output.isEmpty()) echo.print(output.endsWith("\n") ? output : output + "\n");
        return new StepResult(step.at(), status, t0, t1, output, why);
    }

    /** Ends the board and the trace. */
    @Override
    public void close() {
        if (lastState != null) {
            trace.end(now(), stateTrack, lastState);
            lastState = null;
        }
        board.close();
        if (bus != null) {
            try {
                bus.close();
            } catch (RuntimeException e) {
                traceError = "writing the trace failed: " + e.getMessage();
            }
        }
    }

    /** Why the trace could not be written, or {@code null}. */
    public String traceError() { return traceError; }

    private Path resolve(FileRef f) { return f.resolve(dir, options.root(), options.shared()); }

    /** The statement as written, without its trailing comment. */
    public static String statement(SourceLine at) {
        String t = at.text();
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' && inString) {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c == '#' && !inString) {
                t = t.substring(0, i);
                break;
            }
        }
        return t.strip();
    }

    /** A step that could not be carried out: the scenario errs rather than fails. */
    static final class StepError extends Exception {
        StepError(String message) { super(message); }
    }

    /** A check that did not hold: the scenario fails. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) { super(message); }
    }

    /** The result of evaluating a condition: whether it holds and what was actually observed. */
    private record Check(boolean holds, String actual) {}

    public long now() { return board.scheduler().now(); }

    // ------------------------------------------------------------- observation

    private void attach(Kernel k) {
        linux = k;
        dmesgCursor = 0;
        dmesgSeen = 0;
        dmesgText.setLength(0);
        lastLine = null;
        streams.clear();
        statePath = board.remoteprocSysfs() + "/state";
    }

    /** Called after every simulated event while a step runs: timeline and -v echo. */
    private void sample() {
        board.observe();
        Dmesg d = linux.dmesg();
        int n = d.size();
        if (n != dmesgSeen) {
            List<Dmesg.Line> lines = d.lines();
            for (int i = dmesgSeen; i < n; i++) {
                Dmesg.Line l = lines.get(i);
                trace.log(l.time(), dmesgTrack, l.formatted());
                dmesgText.append(l.text()).append('\n');
                lastLine = l;
                if (echo != null) echo.println("  dmesg: " + l.formatted());
            }
            dmesgSeen = n;
        }
        if (echo != null) {
            CharSequence c = board.console();
            if (c.length() > consoleEchoed) {
                for (String l : c.subSequence(consoleEchoed, c.length()).toString().split("\n")) echo.println("  m4: " + l);
                consoleEchoed = c.length();
            }
        }
        String st;
        try {
            st = text(read(statePath));
        } catch (ErrnoException e) {
            st = "(no state file)";
        }
        if (!st.equals(lastState)) {
            if (lastState != null) trace.end(now(), stateTrack, lastState);
            trace.begin(now(), stateTrack, st);
            lastState = st;
        }
    }

    private String path(SimPath p) { return p.resolve(board.remoteprocSysfs(), board.remoteprocDebugfs()); }

    private byte[] read(String path) throws ErrnoException { return linux.vfs().lookup(path).read(); }

    /** A file's value as {@code $(cat FILE)} gives it: trailing newlines removed. */
    private static String text(byte[] b) {
        String s = Bytes.string(b);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') end--;
        return s.substring(0, end);
    }

    // ------------------------------------------------------------- steps

    private String exec(Step step) throws StepFailed, StepError, BoardException {
        return switch (step) {
            case Step.Install i -> install(i);
            case Step.Write w -> write(w);
            case Step.Read r -> cat(r);
            case Step.ShowLog l -> showLog(l);
            case Step.Run r -> {
                long until = Math.addExact(now(), r.duration());
                board.scheduler().runUntil(() -> {
                    sample();
                    return false;
                }, until);
                yield "";
            }
            case Step.Wait w -> {
                long start = now();
                long limit = Math.addExact(start, w.within());
                Check[] last = new Check[1];
                // The scheduler asks once more after stopping; a check on a stream consumes, so remember it held.
                boolean ok = board.scheduler().runUntil(() -> {
                    if (last[0] != null && last[0].holds()) return true;
                    sample();
                    last[0] = check(w.condition());
                    return last[0].holds();
                }, limit);
                if (!ok) {
                    throw new StepFailed("still not true after " + SimTime.format(w.within()) + ": expected " + w.condition().text()
                            + " — actual " + last[0].actual());
                }
                yield "held after " + SimTime.format(now() - start);
            }
            case Step.Expect e -> {
                sample();
                Check c = check(e.condition());
                if (!c.holds()) throw new StepFailed("expected " + e.condition().text() + " — actual " + c.actual());
                yield "";
            }
            case Step.Inject i -> inject(i.fault());
            case Step.RebootLinux r -> {
                for (Dmesg.Line l : linux.dmesg().lines()) dmesgArchive.add(l.formatted());
                dmesgArchive.add("---- linux reboot at t=" + SimTime.format(now()) + " (the M4 keeps running) ----");
                trace.instant(now(), faultsTrack, "linux reboot", 0, 0);
                board.rebootLinux();
                attach(board.linux());
                sample();
                yield "";
            }
        };
    }

    private String install(Step.Install i) throws StepError, BoardException {
        Path src = resolve(i.source());
        byte[] data = hostFile(i.at(), src);
        if (i.signed()) {
            byte[] key = i.signKey() == null ? null : hostFile(i.at(), resolve(i.signKey()));
            data = board.sign(data, key);
        }
        String name = Bytes.text(i.name());
        linux.firmware().install(name, data);
        return "/lib/firmware/" + name + ": " + data.length + " bytes" + (i.signed() ? " (signed image)" : "");
    }

    private byte[] hostFile(SourceLine at, Path p) throws StepError {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new StepError("cannot read host file " + p + ": " + e.getMessage());
        }
    }

    private String write(Step.Write w) throws StepFailed, StepError {
        String p = path(w.path());
        byte[] data = Bytes.of(w.data());
        int errno = shell(statement(w.at()), () -> {
            VfsFile f = linux.vfs().lookup(p);
            f.write(data);
            return null;
        }).errno;
        return errnoOutcome(w.expectErrno(), errno, "write", "");
    }

    private String cat(Step.Read r) throws StepFailed, StepError {
        String p = path(r.path());
        Shell<byte[]> res = shell(statement(r.at()), () -> linux.vfs().lookup(p).read());
        String shown = "";
        if (res.errno == 0) {
            StringBuilder acc = r.path().isDevice() ? streams.remove(p) : null;
            shown = (acc == null ? "" : acc.toString()) + Bytes.string(res.value);
        }
        return errnoOutcome(r.expectErrno(), res.errno, "read", Bytes.text(shown));
    }

    private String errnoOutcome(int expected, int got, String what, String output) throws StepFailed {
        if (expected == 0 && got != 0) {
            throw new StepFailed("the " + what + " failed with " + Errno.name(got) + " (" + Errno.describe(got) + ")");
        }
        if (expected != 0 && got == 0) throw new StepFailed("expected error " + Errno.name(expected) + " — the " + what + " succeeded");
        if (expected != got) {
            throw new StepFailed("expected error " + Errno.name(expected) + " — actual " + Errno.name(got) + " (" + Errno.describe(got) + ")");
        }
        return got == 0 ? output : "sh: " + what + " error: " + Errno.describe(got);
    }

    private String showLog(Step.ShowLog l) {
        String out;
        if (l.log() == Step.Log.DMESG) {
            List<Dmesg.Line> lines = linux.dmesg().lines();
            StringBuilder sb = new StringBuilder();
            for (int i = dmesgCursor; i < lines.size(); i++) sb.append(lines.get(i).formatted()).append('\n');
            out = sb.toString();
            if (l.clear()) {
                sample();
                dmesgCursor = dmesgSeen;
                dmesgText.setLength(0);
            }
        } else {
            String c = board.console().toString();
            out = c.substring(Math.min(consoleCursor, c.length()));
            if (l.clear()) consoleCursor = c.length();
        }
        return out;
    }

    private String inject(Fault f) throws StepError, BoardException {
        String what;
        switch (f) {
            case Fault.Watchdog w -> {
                board.injectWatchdog();
                what = "WWDG1 expiry";
            }
            case Fault.Lockup l -> {
                board.injectLockup();
                what = "M4 lockup";
            }
            case Fault.CorruptByte c -> {
                String name = Bytes.text(c.firmware());
                byte[] fw = linux.firmware().installedBytes(name);
                if (fw == null) throw new StepError("no /lib/firmware/" + name + " was installed by this scenario");
                long off;
                try {
                    off = c.segment() >= 0 ? FirmwareImages.segmentOffset(fw, c.segment()) : c.offset();
                } catch (IllegalArgumentException e) {
                    throw new StepError("/lib/firmware/" + name + ": " + e.getMessage());
                }
                if (off >= fw.length) throw new StepError("offset " + off + " is beyond /lib/firmware/" + name + " (" + fw.length + " bytes)");
                fw[(int) off] ^= (byte) c.xorMask();
                what = "byte " + off + " of /lib/firmware/" + name + " xor 0x" + Integer.toHexString(c.xorMask());
            }
            case Fault.ReplaceKey k -> {
                board.replaceVerificationKey(hostFile(null, resolve(k.key())));
                what = "verification key replaced by " + k.key();
            }
            case Fault.IpccNoAck n -> {
                int ch = n.mboxName() == null ? n.channel() : board.ipccChannel(n.mboxName());
                board.ipccNeverAck(ch);
                what = "IPCC channel " + ch + (n.mboxName() == null ? "" : " (" + n.mboxName() + ")") + ": M4 acks dropped from now on";
            }
        }
        trace.instant(now(), faultsTrack, what, 0, 0);
        return what;
    }

    // ------------------------------------------------------------- conditions

    private Check check(Condition c) {
        return switch (c.subject()) {
            case TIME -> {
                long t = now();
                boolean h = switch (c.op()) {
                    case LT -> t < c.time();
                    case LE -> t <= c.time();
                    case GT -> t > c.time();
                    default -> t >= c.time();
                };
                yield new Check(h, "t=" + SimTime.format(t));
            }
            case EXISTS -> {
                boolean e = linux.vfs().exists(path(c.path()));
                yield new Check(e == (c.op() == Condition.Op.EXISTS), e ? "it exists" : "no such file");
            }
            case DMESG -> {
                boolean h = compare(c, dmesgText.toString(), null);
                int n = dmesgSeen - dmesgCursor;
                String last = n == 0 ? "" : "; last: " + lastLine.formatted();
                yield new Check(h, h && c.op() != Condition.Op.NOT_CONTAINS ? "found"
                        : n + " dmesg lines " + (dmesgCursor == 0 ? "since boot" : "since the last dmesg -c") + (c.op() == Condition.Op.NOT_CONTAINS ? ", one of them matching" : last));
            }
            case CONSOLE -> {
                String all = board.console().toString();
                String s = all.substring(Math.min(consoleCursor, all.length()));
                boolean h = compare(c, s, null);
                yield new Check(h, s.isEmpty() ? "the console is empty" : "console " + Bytes.show(tail(s, 200)));
            }
            case FILE -> fileCheck(c);
        };
    }

    private Check fileCheck(Condition c) {
        String p = path(c.path());
        if (!c.path().isDevice()) {
            try {
                String v = text(read(p));
                return new Check(compare(c, v, null), Bytes.show(v));
            } catch (ErrnoException e) {
                return new Check(false, "cannot read " + p + ": " + Errno.name(e.errno()) + " (" + Errno.describe(e.errno()) + ")");
            }
        }
        StringBuilder acc = streams.computeIfAbsent(p, k -> new StringBuilder());
        if (linux.vfs().exists(p)) {
            try {
                acc.append(Bytes.string(read(p)));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EAGAIN) return new Check(false, "cannot read " + p + ": " + Errno.name(e.errno()));
            }
        } else if (acc.isEmpty()) {
            return new Check(false, p + " does not exist");
        }
        int[] consumed = {0};
        boolean h = compare(c, acc.toString(), consumed);
        String actual = acc.isEmpty() ? "nothing received" : "received " + Bytes.show(acc.toString());
        if (h) acc.delete(0, consumed[0]);
        return new Check(h, actual);
    }

    /** Compares; {@code consumed[0]} gets how much of {@code value} a holding check used up (streams). */
    private boolean compare(Condition c, String value, int[] consumed) {
        String want = c.operand();
        int used = value.length();
        boolean h = switch (c.op()) {
            case EQ -> text(Bytes.of(value)).equals(want);
            case NE -> !text(Bytes.of(value)).equals(want);
            case CONTAINS -> {
                int i = value.indexOf(want);
                used = i < 0 ? 0 : i + want.length();
                yield i >= 0;
            }
            case NOT_CONTAINS -> !value.contains(want);
            case MATCHES -> {
                Matcher m = Pattern.compile(want, Pattern.MULTILINE).matcher(value);
                boolean f = m.find();
                used = f ? m.end() : 0;
                yield f;
            }
            default -> throw new IllegalStateException("operator " + c.op() + " on " + c.subject());
        };
        if (consumed != null) consumed[0] = used;
        return h;
    }

    private static String tail(String s, int n) { return s.length() <= n ? s : "..." + s.substring(s.length() - n); }

    // ------------------------------------------------------------- the shell

    private record Shell<T>(T value, int errno) {}

    private interface Command<T> {
        T run() throws ErrnoException;
    }

    /** Runs one command as a process on the simulated A7 and lets the simulation run until it returns. */
    private <T> Shell<T> shell(String what, Command<T> body) throws StepError {
        Scheduler s = board.scheduler();
        Object[] out = new Object[1];
        int[] errno = {0};
        boolean[] done = {false};
        s.spawn("sh: " + what, () -> {
            try {
                out[0] = body.run();
            } catch (ErrnoException e) {
                errno[0] = e.errno();
            } finally {
                done[0] = true;
            }
        });
        boolean ok = s.runUntil(() -> {
            sample();
            return done[0];
        }, Math.addExact(s.now(), commandTimeout));
        if (!ok) {
            throw new StepError("the command did not return within " + SimTime.format(commandTimeout)
                    + " of simulated time (it is still blocked in the kernel; raise it with 'set command-timeout')");
        }
        @SuppressWarnings("unchecked")
        T v = (T) out[0];
        return new Shell<>(v, errno[0]);
    }
}
