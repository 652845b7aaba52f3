package org.mp15sim.scenario.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.lang.Scenario;

/**
 * How scenarios are run.
 *
 * @param root           the project checkout ({@code ${root}})
 * @param shared         the shared inputs ({@code ${shared}})
 * @param echo           where {@code -v} echoes dmesg, console and step output as they happen; {@code null} = quiet
 * @param commandTimeout how long one shell command (echo, cat) may block in simulated time before the step errs
 * @param trace          where to write the Perfetto/Chrome trace of a scenario ({@code null}, or returning {@code null}: none)
 */
public record RunOptions(Path root, Path shared, PrintStream echo, long commandTimeout, Function<Scenario, Path> trace) {
    public RunOptions(Path root, Path shared, PrintStream echo, long commandTimeout) { this(root, shared, echo, commandTimeout, null); }

    public static final long DEFAULT_COMMAND_TIMEOUT = SimTime.seconds(10);

    /** Root from {@code mp15sim.home} (else the working folder's parent if it is the scenarios module), shared from {@code mp15sim.shared}. */
    public static RunOptions defaults() {
        Path root = Path.of(System.getProperty("mp15sim.home", guessRoot().toString())).toAbsolutePath().normalize();
        Path shared = Path.of(System.getProperty("mp15sim.shared", root.resolve("../shared").toString())).toAbsolutePath().normalize();
        return new RunOptions(root, shared, null, DEFAULT_COMMAND_TIMEOUT);
    }

    private static Path guessRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        // Surefire runs each module's tests in the module folder.
        if (cwd.getFileName() != null && cwd.getFileName().toString().equals("scenarios") && cwd.resolve("../pom.xml").toFile().isFile()) {
            return cwd.getParent();
        }
        return cwd;
    }

    public RunOptions withEcho(PrintStream e) { return new RunOptions(root, shared, e, commandTimeout, trace); }
    public RunOptions withShared(Path s) { return new RunOptions(root, s, echo, commandTimeout, trace); }
    public RunOptions withTrace(Function<Scenario, Path> t) { return new RunOptions(root, shared, echo, commandTimeout, t); }
}
