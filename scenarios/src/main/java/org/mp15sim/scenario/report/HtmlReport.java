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
import org.mp15sim.scenario.run.Timeline;

/**
 * A self-contained HTML page per run: for each scenario its outcome, the steps with simulated timestamps,
 * a timeline figure (inline SVG: steps, rproc state, faults, the models' trace spans, dmesg ticks), the dmesg
 * and the M4 console.
 */
public final class HtmlReport {
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private HtmlReport() {}

    public static void write(List<ScenarioResult> results, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, render(results), StandardCharsets.UTF_8);
    }

    public static String render(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>mp15sim scenario report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top;font-size:13px}")
                .append("pre{background:#f6f6f6;padding:.5em;max-height:30em;overflow:auto;font-size:12px}")
                .append(".PASSED{color:#2a7d2a;font-weight:bold}.FAILED,.ERROR{color:#b22;font-weight:bold}.SKIPPED,.NOT_RUN{color:#888}")
                .append("code{font-size:13px}h2{border-top:2px solid #ddd;padding-top:.6em}\n</style></head><body>\n");
        sb.append("<h1>mp15sim scenario report</h1>\n<table><tr><th>scenario</th><th>result</th><th>simulated time</th><th>host time</th></tr>\n");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            sb.append(String.format(Locale.ROOT, "<tr><td><a href=\"#s%d\">%s</a></td><td class=\"%s\">%s</td><td>%s</td><td>%.2f s</td></tr>%n",
                    i, Xml.esc(r.name()), r.outcome(), r.outcome(), SimTime.format(r.simTime()), r.hostNanos() / 1e9));
        }
        sb.append("</table>\n");
        for (int i = 0; i < results.size(); i++) scenario(sb, i, results.get(i));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void scenario(StringBuilder sb, int i, ScenarioResult r) {
        sb.append("<h2 id=\"s").append(i).append("\">").append(Xml.esc(r.title())).append(" <span class=\"").append(r.outcome()).append("\">")
                .append(r.outcome()).append("</span></h2>\n");
        if (r.file() != null) sb.append("<p><code>").append(Xml.esc(r.file().toString())).append("</code></p>\n");
        if (!r.message().isEmpty()) sb.append("<p class=\"").append(r.outcome()).append("\">").append(Xml.esc(r.message())).append("</p>\n");
        if (!r.timeline().spans().isEmpty() || !r.timeline().instants().isEmpty()) sb.append(svg(r.timeline())).append('\n');
        if (!r.steps().isEmpty()) {
            sb.append("<table><tr><th>line</th><th>statement</th><th>start</th><th>took</th><th>result</th><th>output / reason</th></tr>\n");
            for (StepResult s : r.steps()) {
                String detail = s.message().isEmpty() ? s.output() : s.message();
                sb.append("<tr><td>").append(s.at().line()).append("</td><td><code>").append(Xml.esc(s.at().text().strip())).append("</code></td><td>")
                        .append(s.status() == StepResult.Status.NOT_RUN ? "" : SimTime.printk(s.start())).append("</td><td>")
                        .append(s.status() == StepResult.Status.NOT_RUN ? "" : SimTime.format(s.end() - s.start())).append("</td><td class=\"")
                        .append(s.status()).append("\">").append(s.status()).append("</td><td>");
                if (!detail.isEmpty()) sb.append("<pre>").append(Xml.esc(detail)).append("</pre>");
                sb.append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<h3>dmesg</h3>\n<pre>");
        for (String l : r.dmesg()) sb.append(Xml.esc(l)).append('\n');
        sb.append("</pre>\n<h3>M4 console</h3>\n<pre>").append(Xml.esc(r.console())).append("</pre>\n");
    }

    /** The timeline: one row per track, spans as bars, instants as ticks; hover shows name and times. */
    static String svg(Timeline t) {
        Timeline phases = bootPhases(t);
        List<Timeline.Span> spans = new java.util.ArrayList<>(phases.spans());
        spans.addAll(t.spans());
        List<Timeline.Instant> instants = t.instants();
        List<String> tracks = new java.util.ArrayList<>();
        for (String first : List.of("boot phases", "scenario steps", "rproc state", "faults")) {
            if (phases.tracks().contains(first) || t.tracks().contains(first)) tracks.add(first);
        }
        for (String tr : t.tracks()) if (!tracks.contains(tr) && !tr.equals("dmesg")) tracks.add(tr);
        if (t.tracks().contains("dmesg")) tracks.add("dmesg");
        long end = Math.max(1, Math.max(t.end(), phases.end()));
        int labelW = 150;
        int plotW = 900;
        int rowH = 22;
        int top = 20;
        int h = top + rowH * tracks.size() + 24;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", labelW + plotW + 20, h));
        for (int k = 0; k < tracks.size(); k++) {
            int y = top + k * rowH;
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    y + 15, Xml.esc(tracks.get(k)), labelW, labelW + plotW, y + rowH, y + rowH));
        }
        for (Timeline.Span s : spans) {
            int k = tracks.indexOf(s.track());
            double x = labelW + plotW * (double) s.start() / end;
            double w = Math.max(1.0, plotW * (double) (s.end() - s.start()) / end);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.85\"><title>%s: %s → %s (%s)</title></rect>%n",
                    x, top + k * rowH + 3, w, rowH - 6, color(s.name()), Xml.esc(s.name()), SimTime.format(s.start()), SimTime.format(s.end()), SimTime.format(s.end() - s.start())));
            if (w > 40) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\" pointer-events=\"none\">%s</text>%n", x + 3, top + k * rowH + 15,
                        Xml.esc(clip(s.name(), (int) (w / 6.5)))));
            }
        }
        for (Timeline.Instant i : instants) {
            int k = tracks.indexOf(i.track());
            double x = labelW + plotW * (double) i.time() / end;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"><title>%s at %s</title></line>%n",
                    x, x, top + k * rowH + 2, top + k * rowH + rowH - 2, i.track().equals("faults") ? "#d00" : "#555", Xml.esc(i.name()), SimTime.format(i.time())));
        }
        for (int g = 0; g <= 10; g++) {
            long tt = end * g / 10;
            double x = labelW + plotW * g / 10.0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#666\" text-anchor=\"middle\">%s</text>%n", x, h - 6, SimTime.format(tt)));
        }
        return sb.append("</svg>").toString();
    }

    /**
     * The boot phases as the kernel log shows them: "powering up" → "Booting fw image" (request_firmware),
     * → "is now up" (load and start), → "creating channel" (the firmware's first rpmsg announcement), and
     * "recovering" → "is now up" (recovery).
     */
    static Timeline bootPhases(Timeline t) {
        Timeline out = new Timeline();
        long power = -1;
        long booting = -1;
        long recovering = -1;
        long up = -1;
        for (Timeline.Instant i : t.instants()) {
            if (!i.track().equals("dmesg")) continue;
            String text = i.name();
            if (text.contains("powering up")) {
                power = i.time();
                booting = -1;
                up = -1;
            } else if (text.contains("Booting fw image") && power >= 0) {
                out.span("boot phases", "request_firmware", power, i.time());
                booting = i.time();
            } else if (text.contains("recovering")) {
                recovering = i.time();
            } else if (text.contains("is now up")) {
                if (recovering >= 0) out.span("boot phases", "recovery", recovering, i.time());
                else if (booting >= 0) out.span("boot phases", "load + start", booting, i.time());
                up = i.time();
                recovering = -1;
                power = -1;
                booting = -1;
            } else if (text.contains("creating channel") && up >= 0) {
                out.span("boot phases", "first rpmsg announcement", up, i.time());
                up = -1;
            }
        }
        return out;
    }

    private static String clip(String s, int n) { return s.length() <= n ? s : s.substring(0, Math.max(0, n - 1)) + "…"; }

    /** A stable colour per name (String.hashCode is specified, so reports are reproducible). */
    private static String color(String name) { return PALETTE[Math.floorMod(name.hashCode(), PALETTE.length)]; }
}
