package org.mp15sim.scenario.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mp15sim.scenario.board.BoardException;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.board.Settings;
import org.mp15sim.scenario.lang.FileRef;
import org.mp15sim.scenario.run.BoardSession;
import org.mp15sim.scenario.run.RunOptions;

/**
 * Resolves {@link BoardDriver} parameters: builds the board {@link Mp15Board} describes, installs and starts the
 * firmware, and closes the board after the test.
 */
public final class Mp15BoardExtension implements ParameterResolver, ExecutionCondition {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Mp15BoardExtension.class);

    /** A test whose board needs an absent shared input (ST's firmware, OP-TEE's key) is skipped, saying which. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext c) {
        if (c.getTestMethod().isEmpty()) return ConditionEvaluationResult.enabled("class level");
        Mp15Board a = annotation(c);
        RunOptions options = RunOptions.defaults();
        Path cwd = Path.of("").toAbsolutePath();
        for (String f : new String[] {a.firmware(), a.signKey(), a.dt()}) {
            FileRef ref = new FileRef(f);
            Path p = ref.resolve(cwd, options.root(), options.shared());
            if (ref.isShared() && !Files.exists(p)) return ConditionEvaluationResult.disabled("needs the shared input " + p + ", which is absent");
        }
        return ConditionEvaluationResult.enabled("inputs present");
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) { return p.getParameter().getType() == BoardDriver.class; }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Mp15Board a = annotation(c);
        RunOptions options = RunOptions.defaults();
        Path cwd = Path.of("").toAbsolutePath();
        BoardSession session;
        try {
            BoardSpec spec = spec(a, options, cwd);
            BoardFactory factory = a.factory().getDeclaredConstructor().newInstance();
            session = BoardSession.open(factory, spec, options, cwd, null, c.getDisplayName());
        } catch (BoardException e) {
            throw new ParameterResolutionException("@Mp15Board: cannot build the board: " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("@Mp15Board: cannot create the board factory " + a.factory().getName() + ": " + e, e);
        }
        // Stored AutoCloseable values are closed when the test's context ends.
        c.getStore(NS).put(p.getIndex(), session);
        BoardDriver d = new BoardDriver(session);
        if (!a.firmware().isEmpty()) {
            String file = a.firmware();
            String base = file.substring(file.lastIndexOf('/') + 1);
            String name = !a.firmwareName().isEmpty() ? a.firmwareName() : a.signed() ? base.replaceFirst("\\.elf$", "") + ".sig" : base;
            if (!a.signed()) d.install(file, name);
            else if (a.signKey().isEmpty()) d.installSigned(file, name);
            else d.installSigned(file, name, a.signKey());
            d.firmware(name);
            if (a.start()) d.start();
        }
        return d;
    }

    private static Mp15Board annotation(ExtensionContext c) {
        Optional<Mp15Board> m = c.getTestMethod().flatMap(x -> AnnotationSupport.findAnnotation(x, Mp15Board.class));
        if (m.isPresent()) return m.get();
        return c.getTestClass().flatMap(x -> AnnotationSupport.findAnnotation(x, Mp15Board.class)).orElse(Defaults.class.getAnnotation(Mp15Board.class));
    }

    static BoardSpec spec(Mp15Board a, RunOptions o, Path cwd) throws BoardException {
        BoardSpec spec = switch (a.dt()) {
            case "dk2" -> BoardSpec.dk2();
            case "dk2-tee" -> BoardSpec.dk2Tee();
            default -> {
                Path f = new FileRef(a.dt()).resolve(cwd, o.root(), o.shared());
                yield BoardSpec.dk2().withDeviceTree(f.toString().endsWith(".dtb") ? BoardSpec.DeviceTree.DTB : BoardSpec.DeviceTree.DTS, f);
            }
        };
        spec = spec.withSeed(a.seed());
        for (String s : a.set()) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new BoardException(s, "@Mp15Board(set = \"" + s + "\"): write name=value", null);
            spec = Settings.apply(spec, s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return spec;
    }

    /** Carries the annotation's defaults for tests that use the extension without annotating. */
    @Mp15Board
    private static final class Defaults {}
}
