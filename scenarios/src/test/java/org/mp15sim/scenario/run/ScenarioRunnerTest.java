package org.mp15sim.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.scenario.board.BoardException;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.lang.ScenarioParser;

/** The runner's mechanics, against {@link ToyBoard}. */
class ScenarioRunnerTest {
    @TempDir Path dir;
    final List<ToyBoard> built = new ArrayList<>();
    final List<BoardSpec> specs = new ArrayList<>();

    private ScenarioResult run(String text) throws Exception {
        return run(text, null);
    }

    private ScenarioResult run(String text, PrintStream echo) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("fw.elf"), "ELF!");
        RunOptions o = new RunOptions(dir, dir.resolve("no-shared"), echo, SimTime.seconds(1));
        ScenarioRunner r = new ScenarioRunner((spec, trace) -> {
            specs.add(spec);
            ToyBoard b = new ToyBoard(spec);
            built.add(b);
            return b;
        }, o);
        return r.run(ScenarioParser.parse(dir.resolve("t.scn"), text));
    }

    private static final String BOOT = """
            install fw.elf as fw.elf
            echo fw.elf > firmware
            """;

    @Test
    void aPassingScenarioRecordsStepTimesFromTheSimulation() throws Exception {
        ScenarioResult r = run(BOOT + """
                echo start > state
                expect state == running
                wait exists /dev/ttyRPMSG0 within 1ms
                echo hello > /dev/ttyRPMSG0
                wait /dev/ttyRPMSG0 == hello within 1ms
                """);
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
        StepResult start = r.steps().get(2);
        // request_firmware of 4 bytes at the kernel's file rate + the toy's 1 ms start
        long read = org.mp15sim.core.time.SimTime.transferTime(4, org.mp15sim.linux.kernel.KernelConfig.defaults().firmwareReadRate());
        assertEquals(SimTime.ms(1) + read, start.end() - start.start());
        StepResult tty = r.steps().get(4);
        assertEquals(start.end() + SimTime.us(100), tty.end(), "the wait ends at the exact instant the tty appears");
        StepResult reply = r.steps().get(6);
        assertEquals(SimTime.us(10), reply.end() - reply.start(), "the echo arrives 10 us after the write");
        assertTrue(r.dmesg().stream().anyMatch(l -> l.endsWith("remote processor m4 is now up")), r.dmesg().toString());
    }

    @Test
    void aFailedExpectationShowsExpectedActualAndTime() throws Exception {
        ScenarioResult r = run(BOOT + """
                echo start > state
                expect state == offline
                echo stop > state
                """);
        assertEquals(ScenarioResult.Outcome.FAILED, r.outcome());
        assertEquals("t.scn:4: expect state == offline: expected state == \"offline\" — actual \"running\" (t=1.0002ms)",
                r.message().replace(dir.toString() + "/", ""));
        assertEquals(StepResult.Status.NOT_RUN, r.steps().get(4).status());
    }

    @Test
    void aWaitThatTimesOutFailsAtItsBound() throws Exception {
        ScenarioResult r = run("wait state == running within 3ms\n");
        assertEquals(ScenarioResult.Outcome.FAILED, r.outcome());
        assertEquals(SimTime.ms(3), r.steps().getFirst().end());
        assertTrue(r.message().contains("still not true after 3ms: expected state == \"running\" — actual \"offline\""), r.message());
    }

    @Test
    void expectedErrnoPassesAndOtherOutcomesFail() throws Exception {
        assertEquals(ScenarioResult.Outcome.PASSED, run(BOOT + "echo start > state\necho start > state expect error EBUSY\n").outcome());
        ScenarioResult wrong = run("echo bogus > state expect error EBUSY\n");
        assertTrue(wrong.message().contains("expected error EBUSY — actual EINVAL (Invalid argument)"), wrong.message());
        ScenarioResult ok = run(BOOT + "echo start > state expect error EBUSY\n");
        assertTrue(ok.message().contains("expected error EBUSY — the write succeeded"), ok.message());
        ScenarioResult unexpected = run("echo bogus > state\n");
        assertTrue(unexpected.message().contains("the write failed with EINVAL (Invalid argument)"), unexpected.message());
    }

    @Test
    void missingFirmwareIsSeenAsENOENTWithTheKernelMessage() throws Exception {
        ScenarioResult r = run("""
                echo none.elf > firmware
                echo start > state expect error ENOENT
                expect dmesg "Direct firmware load for none.elf failed with error -2"
                """);
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
    }

    @Test
    void dmesgClearMovesWhereChecksLook() throws Exception {
        ScenarioResult r = run(BOOT + """
                echo start > state
                dmesg -c
                expect no dmesg "is now up"
                inject watchdog
                wait dmesg "is now up" within 5ms
                expect state == running
                """);
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
        StepResult w = r.steps().get(6);
        assertEquals(SimTime.ms(2), w.end() - w.start());
        assertTrue(r.steps().get(3).output().contains("is now up"), "dmesg -c shows the log first");
        assertTrue(r.timeline().spans().stream().anyMatch(s -> s.track().equals("rproc state") && s.name().equals("crashed")
                && s.end() - s.start() == SimTime.ms(2)), r.timeline().spans().toString());
    }

    @Test
    void aCommandThatNeverReturnsErrsAfterTheCommandTimeout() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("fw.elf"), "ELF!");
        ScenarioRunner r = new ScenarioRunner((spec, trace) -> {
            ToyBoard b = new ToyBoard(spec);
            b.hangOnStart = true;
            return b;
        }, new RunOptions(dir, dir, null, SimTime.ms(50)));
        ScenarioResult res = r.run(ScenarioParser.parse(dir.resolve("t.scn"), BOOT + "echo start > state\n"));
        assertEquals(ScenarioResult.Outcome.ERROR, res.outcome());
        assertTrue(res.message().contains("did not return within 50ms of simulated time"), res.message());
    }

    @Test
    void streamsAccumulateUntilACheckConsumesThem() throws Exception {
        ScenarioResult r = run(BOOT + """
                echo start > state
                wait exists /dev/ttyRPMSG0 within 1ms
                echo -n abc > /dev/ttyRPMSG0
                echo -n def > /dev/ttyRPMSG0
                wait /dev/ttyRPMSG0 contains bcd within 1ms
                wait /dev/ttyRPMSG0 == ef within 1ms
                """);
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
    }

    @Test
    void corruptFlipsTheInstalledBytes() throws Exception {
        ScenarioResult r = run("""
                install fw.elf as fw.elf
                inject corrupt fw.elf at 1 xor 0x20
                inject corrupt fw.elf at 99
                """);
        assertEquals(ScenarioResult.Outcome.ERROR, r.outcome());
        assertTrue(r.message().contains("offset 99 is beyond /lib/firmware/fw.elf (4 bytes)"), r.message());
        assertEquals("ElF!", new String(built.getFirst().linux.firmware().installedBytes("fw.elf"), StandardCharsets.US_ASCII));
    }

    @Test
    void rebootKeepsTheOldLogAndStartsANewOne() throws Exception {
        ScenarioResult r = run("""
                reboot linux
                expect dmesg "after reboot 1"
                expect no dmesg "probed\\n"
                """);
        assertEquals(ScenarioResult.Outcome.PASSED, r.outcome(), r.message());
        assertTrue(r.dmesg().stream().anyMatch(l -> l.startsWith("---- linux reboot")), r.dmesg().toString());
    }

    @Test
    void boardLineAndSettingsReachTheSpec() throws Exception {
        run("""
                board dk2-tee seed=42 unknown=strict isolation=off
                set linux.irq-latency 5us
                set timing.sha256-rate 60MB/s
                run 1ms
                """);
        BoardSpec s = specs.getFirst();
        assertEquals(BoardSpec.DeviceTree.DK2_TEE, s.deviceTree());
        assertEquals(42, s.seed());
        assertEquals(org.mp15sim.core.mem.UnmappedPolicy.STRICT, s.unknownAccess());
        assertEquals(false, s.isolation());
        assertEquals(SimTime.us(5), s.kernel().irqLatency());
        assertEquals("60MB/s", s.timing().get("sha256-rate"));
    }

    @Test
    void aBadSettingIsReportedAtItsLine() throws Exception {
        ScenarioResult r = run("board dk2\nset linux.irq-latency fast\nrun 1ms\n");
        assertEquals(ScenarioResult.Outcome.ERROR, r.outcome());
        assertTrue(r.message().endsWith("t.scn:2: bad value 'fast' for linux.irq-latency: bad duration 'fast': expected a number followed by one of ps, ns, us, ms, s"), r.message());
    }

    @Test
    void aBoardThatCannotBeBuiltErrsAtTheBoardLine() throws Exception {
        ScenarioRunner r = new ScenarioRunner((spec, trace) -> {
            throw new BoardException("the assembly is missing");
        }, new RunOptions(dir, dir, null, SimTime.ms(50)));
        ScenarioResult res = r.run(ScenarioParser.parse(dir.resolve("t.scn"), "# c\nboard dk2\nrun 1ms\n"));
        assertEquals(ScenarioResult.Outcome.ERROR, res.outcome());
        assertTrue(res.message().endsWith("t.scn:2: cannot build the board: the assembly is missing"), res.message());
        assertEquals(StepResult.Status.NOT_RUN, res.steps().getFirst().status());
    }

    @Test
    void aScenarioNeedingAnAbsentSharedFileIsSkipped() throws Exception {
        ScenarioResult r = run("install ${shared}/firmware/st/OpenAMP_TTY_echo.elf\n");
        assertEquals(ScenarioResult.Outcome.SKIPPED, r.outcome());
        assertTrue(r.message().contains("OpenAMP_TTY_echo.elf"), r.message());
        assertTrue(built.isEmpty(), "no board is built for a skipped scenario");
    }

    @Test
    void verboseEchoesStepsAndDmesg() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run(BOOT + "echo start > state\n", new PrintStream(out, true, StandardCharsets.UTF_8));
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("$ echo start > state"), s);
        assertTrue(s.contains("dmesg: [    0.001000] remoteproc remoteproc0: remote processor m4 is now up"), s);
    }

    @Test
    void sameScenarioSameResult() throws Exception {
        String text = BOOT + "echo start > state\ninject watchdog\nrun 5ms\n";
        ScenarioResult a = run(text);
        ScenarioResult b = run(text);
        assertEquals(a.dmesg(), b.dmesg());
        assertEquals(a.timeline().spans(), b.timeline().spans());
        assertEquals(a.simTime(), b.simTime());
    }

    @Test
    void perfettoTraceHasTheRunnersTracks() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("fw.elf"), "ELF!");
        Path out = dir.resolve("t.json");
        ScenarioRunner r = new ScenarioRunner((spec, trace) -> new ToyBoard(spec),
                new RunOptions(dir, dir, null, SimTime.seconds(1)).withTrace(s -> out));
        ScenarioResult res = r.run(ScenarioParser.parse(dir.resolve("t.scn"), BOOT + "echo start > state\ninject watchdog\nrun 5ms\n"));
        assertEquals(ScenarioResult.Outcome.PASSED, res.outcome(), res.message());
        String json = java.nio.file.Files.readString(out);
        for (String s : List.of("scenario steps", "rproc state", "faults", "dmesg", "echo start > state", "crashed", "WWDG1 expiry")) {
            assertTrue(json.contains(s), s + " missing from the trace");
        }
    }
}
