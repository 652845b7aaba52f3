package org.mp15sim.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.lang.SourceLine;
import org.mp15sim.scenario.run.ScenarioResult;
import org.mp15sim.scenario.run.StepResult;
import org.mp15sim.scenario.run.Timeline;

class ReportTest {
    private static ScenarioResult result(ScenarioResult.Outcome o, String message) {
        Timeline t = new Timeline();
        t.instant("dmesg", "[    0.000100] remoteproc remoteproc0: powering up m4", SimTime.us(100));
        t.instant("dmesg", "[    0.000700] remoteproc remoteproc0: Booting fw image a.elf, size 9", SimTime.us(700));
        t.instant("dmesg", "[    0.000900] remoteproc remoteproc0: remote processor m4 is now up", SimTime.us(900));
        t.instant("dmesg", "[    0.000950] virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x400", SimTime.us(950));
        t.span("scenario steps", "echo start > state", SimTime.us(100), SimTime.us(900));
        SourceLine at = new SourceLine(Path.of("x/a.scn"), 3, "echo start > state  # <go>");
        return new ScenarioResult(Path.of("x/a.scn"), "a & b", o, message,
                List.of(new StepResult(at, StepResult.Status.PASSED, SimTime.us(100), SimTime.us(900), "", "")),
                SimTime.ms(1), 1_000_000, List.of("[    0.000100] <dmesg>"), "m4 says \"hi\"", t);
    }

    @Test
    void bootPhasesComeFromTheKernelLog() {
        Timeline p = HtmlReport.bootPhases(result(ScenarioResult.Outcome.PASSED, "").timeline());
        assertEquals(List.of(new Timeline.Span("boot phases", "request_firmware", SimTime.us(100), SimTime.us(700)),
                new Timeline.Span("boot phases", "load + start", SimTime.us(700), SimTime.us(900)),
                new Timeline.Span("boot phases", "first rpmsg announcement", SimTime.us(900), SimTime.us(950))), p.spans());
    }

    @Test
    void htmlEscapesAndShowsStepsTimelineDmesgConsole() {
        String h = HtmlReport.render(List.of(result(ScenarioResult.Outcome.FAILED, "a.scn:3: <bad>")));
        assertTrue(h.contains("a &amp; b"), "title escaped");
        assertTrue(h.contains("echo start &gt; state  # &lt;go&gt;"), "statement escaped");
        assertTrue(h.contains("&lt;bad&gt;") && !h.contains("<bad>"));
        assertTrue(h.contains("<svg") && h.contains(">boot phases<") && h.contains("request_firmware: 100us → 700us (600us)"), h);
        assertTrue(h.contains("&lt;dmesg&gt;") && h.contains("m4 says &quot;hi&quot;"));
    }

    @Test
    void junitXmlCountsOutcomes() {
        String x = JunitXmlReport.render(List.of(result(ScenarioResult.Outcome.FAILED, "a.scn:3: <bad>"), result(ScenarioResult.Outcome.SKIPPED, "absent"),
                result(ScenarioResult.Outcome.PASSED, "")));
        assertTrue(x.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), x);
        assertTrue(x.contains("<failure message=\"a.scn:3: &lt;bad&gt;\"/>"), x);
        assertTrue(x.contains("classname=\"x\" name=\"a.scn\""), x);
    }

    @Test
    void tableSaysWhatFailedAndWhy() {
        String t = SummaryTable.render(List.of(result(ScenarioResult.Outcome.FAILED, "a.scn:3: boom"), result(ScenarioResult.Outcome.PASSED, "")));
        assertTrue(t.contains("FAILED a.scn: a.scn:3: boom"), t);
        assertTrue(t.contains("1 passed, 1 failed, 0 skipped"), t);
        assertEquals(false, SummaryTable.success(List.of(result(ScenarioResult.Outcome.ERROR, "x"))));
        assertEquals(true, SummaryTable.success(List.of(result(ScenarioResult.Outcome.SKIPPED, "x"))));
    }
}
