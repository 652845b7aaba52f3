package org.mp15sim.scenario.junit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.scenario.board.Board;
import org.mp15sim.scenario.lang.Bytes;
import org.mp15sim.scenario.lang.ScenarioParser;
import org.mp15sim.scenario.lang.ScenarioSyntaxException;
import org.mp15sim.scenario.lang.SourceLine;
import org.mp15sim.scenario.run.BoardSession;
import org.mp15sim.scenario.run.StepResult;
import org.opentest4j.AssertionFailedError;

/**
 * The scenario language as a fluent Java API. Every method is one scenario statement, carried out by the same
 * engine as {@code .scn} files, so it blocks, waits and checks exactly as they do. A check that does not hold
 * throws {@link AssertionFailedError} with the scenario runner's message (expected, actual, simulated time),
 * located at the calling test's file and line; a step that cannot be carried out throws {@link IllegalStateException}.
 */
public final class BoardDriver {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private final BoardSession session;

    public BoardDriver(BoardSession session) { this.session = session; }

    public Board board() { return session.board(); }
    public Kernel linux() { return session.board().linux(); }
    /** Simulated time now (ps). */
    public long now() { return session.board().scheduler().now(); }
    public List<String> dmesg() { return session.dmesg(); }
    public String console() { return session.console(); }

    /**
     * Carries out any scenario step statement, e.g. {@code step("inject corrupt fw.sig segment 1")}.
     * @return what the step showed (the content for {@code cat}, the log for {@code dmesg})
     */
    public String stepOutput(String statement) {
        StackWalker.StackFrame caller = WALKER.walk(s -> s.filter(f -> f.getDeclaringClass() != BoardDriver.class).findFirst()).orElse(null);
        SourceLine at = new SourceLine(caller == null || caller.getFileName() == null ? null : Path.of(caller.getFileName()),
                caller == null ? 0 : caller.getLineNumber(), statement);
        var step = parse(at);
        StepResult r = session.execute(step);
        String msg = at.where() + ": " + statement + ": " + r.message() + " (t=" + SimTime.format(r.end()) + ")";
        return switch (r.status()) {
            case PASSED -> r.output();
            case FAILED -> throw new AssertionFailedError(msg);
            default -> throw new IllegalStateException(msg);
        };
    }

    private static org.mp15sim.scenario.lang.Step parse(SourceLine at) {
        try {
            return ScenarioParser.parseStep(at);
        } catch (ScenarioSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@link #stepOutput} for chaining. */
    public BoardDriver step(String statement) {
        stepOutput(statement);
        return this;
    }

    private static String q(String text) { return ScenarioParser.quote(Bytes.string(text.getBytes(StandardCharsets.UTF_8))); }

    // ---------------------------------------------------------------- firmware and remoteproc

    /** {@code install FILE as NAME}. */
    public BoardDriver install(String hostFile, String name) { return step("install " + q(hostFile) + " as " + q(name)); }

    /** {@code install FILE as NAME signed} (the board's default key). */
    public BoardDriver installSigned(String hostFile, String name) { return step("install " + q(hostFile) + " as " + q(name) + " signed"); }

    /** {@code install FILE as NAME signed with KEY}. */
    public BoardDriver installSigned(String hostFile, String name, String privateKeyPem) {
        return step("install " + q(hostFile) + " as " + q(name) + " signed with " + q(privateKeyPem));
    }

    /** {@code echo NAME > firmware}. */
    public BoardDriver firmware(String name) { return echo(name, "firmware"); }

    public BoardDriver start() { return echo("start", "state"); }
    public BoardDriver stop() { return echo("stop", "state"); }
    public BoardDriver detach() { return echo("detach", "state"); }

    public BoardDriver expectState(String state) { return expect("state == " + state); }
    public BoardDriver waitState(String state, String within) { return waitFor("state == " + state, within); }

    // ---------------------------------------------------------------- files

    /** {@code echo TEXT > PATH} (with the newline echo adds). */
    public BoardDriver echo(String text, String path) { return step("echo " + q(text) + " > " + path); }

    /** {@code echo TEXT > PATH expect error ERRNO}. */
    public BoardDriver echoExpectingError(String text, String path, String errno) {
        return step("echo " + q(text) + " > " + path + " expect error " + errno);
    }

    /** {@code echo -n BYTES > PATH}: exactly these bytes (UTF-8). */
    public BoardDriver write(String path, String text) { return step("echo -n " + q(text) + " > " + path); }

    /** {@code cat PATH}: the content. */
    public String cat(String path) { return stepOutput("cat " + path); }

    /** Sends text to an rpmsg tty, as is ({@code echo -n}). */
    public BoardDriver send(String tty, String text) { return write(tty, text); }

    /** Waits for exactly {@code reply} (trailing newlines aside) from a tty. */
    public BoardDriver expectReply(String tty, String reply, String within) { return waitFor(tty + " == " + q(reply), within); }

    // ---------------------------------------------------------------- time, checks, faults

    /** {@code run DURATION}. */
    public BoardDriver run(String duration) { return step("run " + duration); }

    /** {@code expect CONDITION}, e.g. {@code expect("firmware == fw.elf")}, {@code expect("no dmesg \"Boot failed\"")}. */
    public BoardDriver expect(String condition) { return step("expect " + condition); }

    /** {@code wait CONDITION within DURATION}. */
    public BoardDriver waitFor(String condition, String within) { return step("wait " + condition + " within " + within); }

    public BoardDriver expectDmesg(String text) { return expect("dmesg " + q(text)); }
    public BoardDriver expectNoDmesg(String text) { return expect("no dmesg " + q(text)); }
    public BoardDriver waitDmesg(String text, String within) { return waitFor("dmesg " + q(text), within); }

    /** {@code dmesg -c}: later dmesg checks only look at what is logged from now on; returns what was shown. */
    public String clearDmesg() { return stepOutput("dmesg -c"); }

    /** {@code inject FAULT}, e.g. {@code inject("watchdog")}, {@code inject("ipcc-noack shutdown")}. */
    public BoardDriver inject(String fault) { return step("inject " + fault); }

    public BoardDriver injectWatchdog() { return inject("watchdog"); }

    /**
     * {@code inject key FILE}: the secure world now embeds the public key in FILE (PEM; {@code ${root}/...},
     * {@code ${shared}/...} or a path resolved as for {@code install}), as if a new OP-TEE had been flashed.
     */
    public BoardDriver injectKey(String publicKeyPemFile) { return inject("key " + q(publicKeyPemFile)); }

    /** {@code inject ipcc-noack CHANNEL}: the M4's acks of that channel (vq0, vq1, shutdown, detach or 0..5) are lost from now on. */
    public BoardDriver injectIpccNoAck(String channel) { return inject("ipcc-noack " + channel); }

    public BoardDriver rebootLinux() { return step("reboot linux"); }
}
