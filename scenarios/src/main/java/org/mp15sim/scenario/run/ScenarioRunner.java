package org.mp15sim.scenario.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.board.BoardException;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.board.Settings;
import org.mp15sim.scenario.lang.BoardDecl;
import org.mp15sim.scenario.lang.FileRef;
import org.mp15sim.scenario.lang.Scenario;
import org.mp15sim.scenario.lang.ScenarioParser;
import org.mp15sim.scenario.lang.ScenarioSyntaxException;
import org.mp15sim.scenario.lang.Setting;
import org.mp15sim.scenario.lang.SourceLine;
import org.mp15sim.scenario.lang.Step;

/**
 * Runs scenarios: checks their shared inputs, builds the board their header describes, carries out the
 * steps in a {@link BoardSession} and stops at the first step that fails.
 */
public final class ScenarioRunner {
    private final BoardFactory factory;
    private final RunOptions options;

    public ScenarioRunner(BoardFactory factory, RunOptions options) {
        this.factory = factory;
        this.options = options;
    }

    /** Parses and runs one file; a syntax error gives an {@link ScenarioResult.Outcome#ERROR} result. */
    public ScenarioResult run(Path file) {
        try {
            return run(ScenarioParser.parse(file));
        } catch (ScenarioSyntaxException e) {
            return failed(file, e.getMessage());
        } catch (IOException e) {
            return failed(file, file + ": cannot read: " + e);
        }
    }

    private static ScenarioResult failed(Path file, String message) {
        return new ScenarioResult(file, file.getFileName().toString(), ScenarioResult.Outcome.ERROR, message, List.of(), 0, 0, List.of(), "", new Timeline());
    }

    public ScenarioResult run(Scenario scenario) {
        long host0 = System.nanoTime();
        for (FileRef f : scenario.sharedFiles()) {
            Path p = resolve(scenario, f);
            if (!Files.exists(p)) return notRun(scenario, ScenarioResult.Outcome.SKIPPED, "needs the shared input " + p + " (" + f + "), which is absent", host0);
        }
        long commandTimeout = options.commandTimeout();
        BoardSpec spec;
        try {
            for (Setting st : scenario.settings()) {
                if (!st.name().equals("command-timeout")) continue;
                try {
                    commandTimeout = SimTime.parse(st.value());
                } catch (IllegalArgumentException e) {
                    throw new SpecError(st.at(), e.getMessage());
                }
            }
            spec = specFor(scenario);
        } catch (SpecError e) {
            return notRun(scenario, ScenarioResult.Outcome.ERROR, where(scenario, e.at) + ": " + e.getMessage(), host0);
        }
        Path tracePath = options.trace() == null ? null : options.trace().apply(scenario);
        List<String> unmodelled;
        BoardSession session;
        try {
            session = BoardSession.open(factory, spec, options, scenario.dir(), tracePath, scenario.title());
        } catch (BoardException e) {
            return notRun(scenario, ScenarioResult.Outcome.ERROR, where(scenario, lineOf(scenario, e.parameter())) + ": cannot build the board: " + e.getMessage(), host0);
        } catch (RuntimeException e) {
            return notRun(scenario, ScenarioResult.Outcome.ERROR, where(scenario, scenario.board().at()) + ": cannot build the board: " + e, host0);
        }
        if (options.echo() != null && tracePath != null) options.echo().println("trace: " + tracePath);
        session.setCommandTimeout(commandTimeout);
        List<StepResult> results = new ArrayList<>();
        ScenarioResult.Outcome outcome = ScenarioResult.Outcome.PASSED;
        String message = "";
        try {
            for (Step step : scenario.steps()) {
                if (outcome != ScenarioResult.Outcome.PASSED) {
                    results.add(new StepResult(step.at(), StepResult.Status.NOT_RUN, session.now(), session.now(), "", ""));
                    continue;
                }
                StepResult r = session.execute(step);
                results.add(r);
                if (r.status() != StepResult.Status.PASSED) {
                    outcome = r.status() == StepResult.Status.FAILED ? ScenarioResult.Outcome.FAILED : ScenarioResult.Outcome.ERROR;
                    message = step.at().where() + ": " + BoardSession.statement(step.at()) + ": " + r.message() + " (t=" + SimTime.format(r.end()) + ")";
                    if (options.echo() != null) options.echo().println(message);
                }
            }
        } finally {
            unmodelled = session.unmodelledAccesses();
            session.close();
        }
        if (outcome == ScenarioResult.Outcome.PASSED && session.traceError() != null) {
            outcome = ScenarioResult.Outcome.ERROR;
            message = session.traceError();
        }
        return new ScenarioResult(scenario.file(), scenario.title(), outcome, message, results, session.now(),
                System.nanoTime() - host0, session.dmesg(), session.console(), session.timeline(), unmodelled);
    }

    private ScenarioResult notRun(Scenario s, ScenarioResult.Outcome outcome, String message, long host0) {
        List<StepResult> steps = s.steps().stream().map(st -> new StepResult(st.at(), StepResult.Status.NOT_RUN, 0, 0, "", "")).toList();
        return new ScenarioResult(s.file(), s.title(), outcome, message, steps, 0, System.nanoTime() - host0, List.of(), "", new Timeline());
    }

    /** Builds the board a scenario describes (its board line, options and set lines). */
    public BoardSpec specFor(Scenario s) throws SpecError {
        BoardDecl d = s.board();
        SourceLine at = d.at();
        BoardSpec spec = switch (d.kind()) {
            case BoardDecl.DK2_TEE -> BoardSpec.dk2Tee();
            case "dts" -> BoardSpec.dk2().withDeviceTree(BoardSpec.DeviceTree.DTS, existing(s, at, d.file().text()));
            case "dtb" -> BoardSpec.dk2().withDeviceTree(BoardSpec.DeviceTree.DTB, existing(s, at, d.file().text()));
            default -> BoardSpec.dk2();
        };
        for (Map.Entry<String, String> o : d.options().entrySet()) {
            String v = o.getValue();
            spec = switch (o.getKey()) {
                case "seed" -> spec.withSeed(Long.decode(v));
                case "unknown" -> spec.withUnknownAccess(switch (v) {
                    case "fault" -> UnmappedPolicy.BUS_ERROR;
                    case "strict" -> UnmappedPolicy.STRICT;
                    default -> UnmappedPolicy.WARN_READ_ZERO;
                });
                case "key" -> spec.withVerificationKey(existing(s, at, v));
                case "isolation" -> spec.withIsolation(v.equals("on"));
                case "firmware-path" -> spec.withFirmwareDir(existing(s, at, v));
                case "early-boot" -> spec.withEarlyBoot(existing(s, at, v));
                default -> throw new SpecError(at, "unknown board option " + o.getKey());
            };
        }
        for (Setting st : s.settings()) {
            if (st.name().equals("command-timeout")) continue;
            try {
                spec = Settings.apply(spec, st.name(), st.value());
            } catch (BoardException e) {
                throw new SpecError(st.at(), e.getMessage());
            }
        }
        return spec;
    }

    private Path resolve(Scenario s, FileRef f) { return f.resolve(s.dir(), options.root(), options.shared()); }

    private Path existing(Scenario s, SourceLine at, String file) throws SpecError {
        Path p = resolve(s, new FileRef(file));
        if (!Files.exists(p)) throw new SpecError(at, "no such file: " + p);
        return p;
    }

    private static SourceLine lineOf(Scenario s, String parameter) {
        if (parameter != null) {
            for (Setting st : s.settings()) if (st.name().equals(parameter)) return st.at();
        }
        return s.board().at();
    }

    private static String where(Scenario s, SourceLine at) {
        if (at != null) return at.where();
        return s.file() == null ? s.title() : s.file().toString();
    }

    /** The board line, an option or a set line cannot be turned into a board description. */
    public static final class SpecError extends Exception {
        final SourceLine at;

        SpecError(SourceLine at, String message) {
            super(message);
            this.at = at;
        }

        public SourceLine at() { return at; }
    }
}
