package org.mp15sim.scenario.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mp15sim.core.cpu.bench.CoreBenchmark;
import org.mp15sim.scenario.bench.KernelBench;
import org.mp15sim.scenario.loadpath.LoadPathBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.LoadPath.class, BenchCommand.Kernel.class, BenchCommand.M4.class})
final class BenchCommand implements Callable<Integer> {
    private final Main main;

    BenchCommand(Main main) { this.main = main; }

    @Override
    public Integer call() {
        main.err().println("mp15sim bench: say which, e.g. 'mp15sim bench load-path' (see mp15sim bench --help)");
        return 2;
    }

    @Command(name = "load-path", mixinStandardHelpOptions = true,
            description = {"Boot rpmsg_echo.elf grown to each size through the native ELF path and the OP-TEE signed path (RSA-4096),",
                    "then every key size at 64 KiB (RSA 2048/3072/4096, ECDSA P-256), then MiB-sized images in a DDR carve-out (custom DT),",
                    "and report the simulated latency per phase",
                    "(request_firmware, TA authenticate, copy, load, first rpmsg announcement) and the host time.",
                    "Writes load-path.md, load-path.csv and load-path.png (latency vs size) into --out."})
    static final class LoadPath implements Callable<Integer> {
        @CommandLine.ParentCommand BenchCommand parent;

        @Option(names = "--sizes", split = ",", paramLabel = "KIB", description = "firmware growth in KiB (default: 16,32,64,128,192,256,304)")
        List<Long> sizes = new ArrayList<>(LoadPathBench.SIZES_KIB);

        @Option(names = "--ddr", split = ",", paramLabel = "KIB", description = "sizes of the DDR carve-out cases in KiB (default: 1024,2048,4096; 0 for none)")
        List<Long> ddr = new ArrayList<>(LoadPathBench.DDR_SIZES_KIB);

        @Option(names = "--out", paramLabel = "DIR", description = "where to write the table and the chart (default: load-path-results)")
        Path out = Path.of("load-path-results");

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            PrintWriter o = main.out();
            LoadPathBench bench = new LoadPathBench(main.factory, main.options, out.resolve("keys"));
            var results = bench.runAll(LoadPathBench.standardCases(sizes, ddr.stream().filter(k -> k > 0).toList()), out, o);
            o.println();
            o.print(LoadPathBench.markdown(results));
            o.println("\nwrote " + out.resolve("load-path.md") + ", " + out.resolve("load-path.csv") + ", " + out.resolve("load-path.png")
                    + ", " + out.resolve("load-path-ddr.png"));
            o.flush();
            return 0;
        }
    }

    @Command(name = "kernel", mixinStandardHelpOptions = true, description = "The simulation kernel's JMH benchmarks (KernelBench): [--quick] [--check] [--verbose].")
    static final class Kernel implements Callable<Integer> {
        @CommandLine.ParentCommand BenchCommand parent;

        @CommandLine.Unmatched List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc = KernelBench.run(new PrintStream(buf, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
            parent.main.out().print(buf.toString(StandardCharsets.UTF_8));
            parent.main.out().flush();
            return rc;
        }
    }

    @Command(name = "m4", mixinStandardHelpOptions = true, description = "The Cortex-M4 core benchmarks (MIPS raw Unicorn vs the core model, interrupts).")
    static final class M4 implements Callable<Integer> {
        @CommandLine.ParentCommand BenchCommand parent;

        @Option(names = "--reps", description = "rounds per figure, each on a fresh engine; the best is kept (default 5)")
        int reps = 5;

        @Override
        public Integer call() {
            PrintWriter o = parent.main.out();
            for (CoreBenchmark.Result r : CoreBenchmark.runAll(reps)) o.println(r);
            o.flush();
            return 0;
        }
    }
}
