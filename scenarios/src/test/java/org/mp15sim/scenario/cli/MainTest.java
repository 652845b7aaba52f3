package org.mp15sim.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.ToyBoard;

class MainTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int cli(String... args) {
        Main m = new Main((spec, trace) -> new ToyBoard(spec), new RunOptions(dir, dir.resolve("shared"), null, SimTime.seconds(1)));
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), m);
    }

    private void scenarios() throws Exception {
        Files.createDirectories(dir.resolve("s/sub"));
        Files.writeString(dir.resolve("fw.elf"), "ELF!");
        Files.writeString(dir.resolve("s/a_pass.scn"), "install ${root}/fw.elf\necho fw.elf > firmware\necho start > state\nexpect state == running\n");
        Files.writeString(dir.resolve("s/sub/b_fail.scn"), "expect state == running\n");
        Files.writeString(dir.resolve("s/c_skip.scn"), "install ${shared}/nothing.elf\n");
        Files.writeString(dir.resolve("s/notes.txt"), "not a scenario");
    }

    @Test
    void runADirectoryPrintsTheTableAndExitsOneOnFailure() throws Exception {
        scenarios();
        int rc = cli("run", dir.resolve("s").toString(), "--junit", dir.resolve("out/j.xml").toString(), "--report", dir.resolve("out/r.html").toString());
        assertEquals(1, rc, out.toString() + err);
        String o = out.toString();
        assertTrue(o.contains("a_pass.scn") && o.contains("PASSED"), o);
        assertTrue(o.contains("b_fail.scn") && o.contains("FAILED"), o);
        assertTrue(o.contains("c_skip.scn") && o.contains("SKIPPED"), o);
        assertTrue(o.contains("1 passed, 1 failed, 1 skipped"), o);
        assertTrue(o.contains("b_fail.scn:1: expect state == running: expected state == \"running\" — actual \"offline\""), o);
        String xml = Files.readString(dir.resolve("out/j.xml"));
        assertTrue(xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), xml);
        String html = Files.readString(dir.resolve("out/r.html"));
        assertTrue(html.contains("<svg") && html.contains("echo start &gt; state") && html.contains("is now up"), "html report content");
    }

    @Test
    void allPassingExitsZeroAndTraceFilesAreWritten() throws Exception {
        scenarios();
        int rc = cli("run", "-v", dir.resolve("s/a_pass.scn").toString(), dir.resolve("s/c_skip.scn").toString(), "--trace", dir.resolve("t.json").toString());
        assertEquals(0, rc, out.toString() + err);
        assertTrue(Files.exists(dir.resolve("t-a_pass.json")));
        assertTrue(out.toString().contains("$ echo start > state"), out.toString());
        assertTrue(out.toString().contains("dmesg: ["), out.toString());
    }

    @Test
    void aMissingPathIsAUsageError() {
        assertEquals(2, cli("run", dir.resolve("nope.scn").toString()));
        assertTrue(err.toString().contains("no such scenario file or directory"), err.toString());
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.scn"), "board dk2\nwait state == running\n");
        assertEquals(1, cli("run", dir.resolve("bad.scn").toString()));
        assertTrue(out.toString().contains("bad.scn:2:22: 'wait' without 'within <duration>'"), out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "run --help", "dt --help", "dt check --help", "help run", "sign --help", "verify --help", "inspect --help",
            "bench --help", "bench load-path --help", "bench kernel --help", "bench m4 --help"})
    void everyCommandHasHelp(String args) {
        assertEquals(0, cli(args.split(" ")), err.toString());
        assertTrue(out.toString().contains("Usage: mp15sim") || out.toString().contains("mp15sim " + args.split(" ")[0]), out.toString());
    }

    @Test
    void dtCheckAcceptsTheBundledBoards() {
        assertEquals(0, cli("dt", "check", "dk2"), out.toString());
        assertEquals(0, cli("dt", "check", "dk2-tee"), out.toString());
        assertTrue(out.toString().contains("dk2-tee: OK"), out.toString());
    }

    @Test
    void dtCheckReportsBrokenFilesWithWhere() throws Exception {
        Path f = dir.resolve("broken.dts");
        Files.writeString(f, "/dts-v1/;\n/ {\n  node { prop = <1 2>;\n};\n");
        assertEquals(1, cli("dt", "check", f.toString()));
        assertTrue(out.toString().contains("broken.dts"), out.toString());
    }

    @Test
    void noArgumentsRunsTheBundledBootScenarios() {
        Main m = new Main((spec, trace) -> new ToyBoard(spec), RunOptions.defaults());
        int rc = Main.run(new String[0], new PrintWriter(out, true), new PrintWriter(err, true), m);
        String o = out.toString();
        assertTrue(o.contains("native_boot_echo_stop.scn") && o.contains("tee_boot_echo_stop.scn"), o);
        assertTrue(rc == 0 || rc == 1, "exit " + rc);
    }

    @Test
    void signThenInspectAndVerifyTheImage() throws Exception {
        Path root = RunOptions.defaults().root();
        Path elf = root.resolve("firmware/rpmsg_echo/rpmsg_echo.elf");
        Path key = root.resolve("scenarios/examples/keys/other_rsa4096.pem");
        Path sig = dir.resolve("fw.sig");
        assertEquals(0, cli("sign", "--in", elf.toString(), "--out", sig.toString(), "--key", key.toString()), err.toString());
        assertTrue(Files.size(sig) > Files.size(elf));
        assertEquals(0, cli("inspect", sig.toString()), err.toString());
        assertEquals(0, cli("verify", "--key", root.resolve("scenarios/examples/keys/other_rsa4096_pub.pem").toString(), sig.toString()), out + "" + err);
        assertEquals(1, cli("verify", "--key", root.resolve("tee-optee/src/main/resources/org/mp15sim/tee/keys/mp15sim-default_pub.pem").toString(), sig.toString()),
                "another key must not verify: " + out);
    }
}
