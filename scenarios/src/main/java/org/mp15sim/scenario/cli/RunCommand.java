package org.mp15sim.scenario.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mp15sim.scenario.lang.Scenario;
import org.mp15sim.scenario.report.HtmlReport;
import org.mp15sim.scenario.report.JunitXmlReport;
import org.mp15sim.scenario.report.SummaryTable;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run scenario files (.scn); a directory runs every .scn file below it, in name order.",
                "Prints a pass/fail table. Exit code 0 when nothing failed (skipped scenarios are fine), 1 otherwise."})
final class RunCommand implements Callable<Integer> {
    private final Main main;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO|DIR", description = "scenario files or directories")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "echo steps, dmesg and the M4 console as they happen")
    boolean verbose;

    @Option(names = "--trace", paramLabel = "FILE", description = "write a Perfetto/Chrome trace (open in ui.perfetto.dev); with several scenarios, one file each, named FILE-<scenario>.json")
    Path trace;

    @Option(names = "--report", paramLabel = "FILE", description = "write an HTML report: steps with simulated times, timeline, dmesg, console")
    Path report;

    @Option(names = "--junit", paramLabel = "FILE", description = "write JUnit XML for CI")
    Path junit;

    @Option(names = "--shared", paramLabel = "DIR", description = "the shared inputs folder for ${shared} (default: system property mp15sim.shared, else <root>/../shared)")
    Path shared;

    RunCommand(Main main) { this.main = main; }

    @Override
    public Integer call() {
        PrintWriter out = main.out();
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".scn") && Files.isRegularFile(f)).sorted().forEach(files::add);
                } catch (IOException e) {
                    main.err().println("mp15sim run: cannot list " + p + ": " + e.getMessage());
                    return 2;
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                main.err().println("mp15sim run: no such scenario file or directory: " + p);
                return 2;
            }
        }
        if (files.isEmpty()) {
            main.err().println("mp15sim run: no .scn files in " + paths);
            return 2;
        }
        RunOptions o = main.options;
        if (shared != null) o = o.withShared(shared.toAbsolutePath());
        if (verbose) o = o.withEcho(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8));
        if (trace != null) {
            boolean many = files.size() > 1;
            o = o.withTrace((Scenario s) -> many ? suffixed(trace, s) : trace);
        }
        ScenarioRunner runner = new ScenarioRunner(main.factory, o);
        List<ScenarioResult> results = new ArrayList<>();
        for (Path f : files) {
            if (verbose) out.println("== " + f);
            ScenarioResult r = runner.run(f);
            results.add(r);
            if (verbose) out.println("== " + r.name() + ": " + r.outcome() + (r.message().isEmpty() ? "" : " — " + r.message()) + "\n");
            out.flush();
        }
        out.print(SummaryTable.render(results));
        try {
            if (report != null) {
                HtmlReport.write(results, report);
                out.println("report: " + report);
            }
            if (junit != null) {
                JunitXmlReport.write(results, junit);
                out.println("junit: " + junit);
            }
        } catch (IOException e) {
            main.err().println("mp15sim run: cannot write a report: " + e.getMessage());
            return 2;
        }
        out.flush();
        return SummaryTable.success(results) ? 0 : 1;
    }

    static Path suffixed(Path file, Scenario s) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        String ext = dot > 0 ? n.substring(dot) : ".json";
        String name = s.file() == null ? s.title() : s.file().getFileName().toString().replaceFirst("\\.scn$", "");
        return file.resolveSibling(base + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ext);
    }

    /** Lets the runner's PrintStream echo go through picocli's writer. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter w;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter w) { this.w = w; }

        @Override public void write(int b) {
            line.write(b);
            if (b == '\n') flush();
        }

        @Override public void flush() {
            w.print(line.toString(StandardCharsets.UTF_8));
            w.flush();
            line.reset();
        }
    }
}
