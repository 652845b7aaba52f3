package org.mp15sim.scenario.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.StepResult;

/**
 * JUnit XML (the Ant/Surefire schema CI servers read): one testsuite, one testcase per scenario, with the
 * failure message, the steps with their simulated times, and the dmesg in system-out.
 */
public final class JunitXmlReport {
    private JunitXmlReport() {}

    public static void write(List<ScenarioResult> results, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, render(results), StandardCharsets.UTF_8);
    }

    public static String render(List<ScenarioResult> results) {
        long failures = results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.FAILED).count();
        long errors = results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.ERROR).count();
        long skipped = results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.SKIPPED).count();
        double time = results.stream().mapToLong(ScenarioResult::hostNanos).sum() / 1e9;
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"mp15sim scenarios\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                results.size(), failures, errors, skipped, time));
        for (ScenarioResult r : results) {
            String cls = r.file() == null || r.file().getParent() == null ? "scenarios" : r.file().getParent().getFileName().toString();
            sb.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">%n", Xml.esc(cls), Xml.esc(r.name()), r.hostNanos() / 1e9));
            switch (r.outcome()) {
                case FAILED -> sb.append("    <failure message=\"").append(Xml.esc(r.message())).append("\"/>\n");
                case ERROR -> sb.append("    <error message=\"").append(Xml.esc(r.message())).append("\"/>\n");
                case SKIPPED -> sb.append("    <skipped message=\"").append(Xml.esc(r.message())).append("\"/>\n");
                default -> {}
            }
            sb.append("    <system-out>");
            sb.append(Xml.esc(r.title())).append('\n');
            for (StepResult s : r.steps()) {
                sb.append(Xml.esc(String.format(Locale.ROOT, "%-7s [%s] %s:%d %s%n", s.status(), SimTime.printk(s.start()),
                        s.at().file() == null ? "" : s.at().file().getFileName(), s.at().line(), s.at().text().strip())));
            }
            sb.append("\n-- dmesg --\n");
            for (String l : r.dmesg()) sb.append(Xml.esc(l)).append('\n');
            sb.append("</system-out>\n  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }
}
