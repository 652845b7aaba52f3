package org.mp15sim.scenario.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mp15sim.scenario.board.Assemblies;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.run.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mp15sim}: run scenarios, sign and inspect firmware, check device trees, benchmark. Without a command
 * it runs the bundled native and TEE boot scenarios against the bundled firmware and shows what happened.
 */
@Command(name = "mp15sim", mixinStandardHelpOptions = true, version = "mp15sim 0.1.0",
        description = {"A deterministic simulator of the STM32MP15 remoteproc stack: Linux remoteproc + OP-TEE + a Cortex-M4 running real firmware.",
                "Without a command: runs the bundled native and TEE boot scenarios and prints what happened."},
        subcommands = {RunCommand.class, TeeToolCommand.Sign.class, TeeToolCommand.Verify.class, TeeToolCommand.Inspect.class,
                BenchCommand.class, DtCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 2)
public final class Main implements Callable<Integer> {
    /** The bundled scenarios the default command runs. */
    static final List<String> DEFAULT_SCENARIOS = List.of("native_boot_echo_stop.scn", "tee_boot_echo_stop.scn");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    final BoardFactory factory;
    final RunOptions options;

    public Main() { this(Assemblies.standard(), RunOptions.defaults()); }

    Main(BoardFactory factory, RunOptions options) {
        this.factory = factory;
        this.options = options;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), new Main()));
    }

    /** Runs the CLI; returns the exit code (0 success, 1 a scenario or check failed, 2 bad usage or an internal error). */
    static int run(String[] args, PrintWriter out, PrintWriter err, Main main) {
        CommandLine cl = new CommandLine(main, new Factory(main));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        Path dir = options.root().resolve("scenarios/examples");
        RunCommand run = new RunCommand(this);
        run.paths = DEFAULT_SCENARIOS.stream().map(dir::resolve).toList();
        run.verbose = true;
        return run.call();
    }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    /** Lets subcommands reach the factory and options of this Main (tests inject their own). */
    private record Factory(Main main) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) return cls.cast(new RunCommand(main));
            if (cls == DtCommand.class) return cls.cast(new DtCommand(main));
            if (cls == BenchCommand.class) return cls.cast(new BenchCommand(main));
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
