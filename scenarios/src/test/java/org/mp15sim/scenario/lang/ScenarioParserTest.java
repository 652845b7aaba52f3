package org.mp15sim.scenario.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Errno;

class ScenarioParserTest {
    private static final Path FILE = Path.of("t.scn");

    private static Scenario parse(String text) throws ScenarioSyntaxException {
        return ScenarioParser.parse(FILE, text);
    }

    @Test
    void oneLineGivesTheDefaultNativeBoard() throws Exception {
        Scenario s = parse("echo start > state\n");
        assertEquals("dk2", s.board().kind());
        assertEquals("t", s.title());
        Step.Write w = assertInstanceOf(Step.Write.class, s.steps().getFirst());
        assertEquals("start\n", w.data());
        assertEquals("state", w.path().text());
        assertEquals(0, w.expectErrno());
        assertEquals(1, w.at().line());
    }

    @Test
    void echoWithExpectedErrnoAndNoNewline() throws Exception {
        Step.Write w = (Step.Write) parse("echo -n start > state  expect error EBUSY").steps().getFirst();
        assertEquals("start", w.data());
        assertEquals(Errno.EBUSY, w.expectErrno());
    }

    @Test
    void echoJoinsWordsAndDecodesEscapes() throws Exception {
        Step.Write w = (Step.Write) parse("echo -n a b \"\\x00\\xffc\" > /dev/ttyRPMSG0").steps().getFirst();
        assertEquals("a b \u0000\u00ffc", w.data());
        assertTrue(w.path().isDevice());
    }

    @Test
    void nonAsciiTextBecomesItsUtf8Bytes() throws Exception {
        Step.Write w = (Step.Write) parse("echo -n \"µ\" > /dev/ttyRPMSG0").steps().getFirst();
        assertEquals(List.of((byte) 0xC2, (byte) 0xB5), List.of(Bytes.of(w.data())[0], Bytes.of(w.data())[1]));
    }

    @Test
    void waitCarriesItsConditionAndBound() throws Exception {
        Scenario s = parse("""
                wait state == running within 50ms
                wait dmesg "is now up" within 100ms
                wait /dev/ttyRPMSG0 contains hi within 1.5ms
                """);
        Step.Wait a = (Step.Wait) s.steps().get(0);
        assertEquals(Condition.Subject.FILE, a.condition().subject());
        assertEquals(Condition.Op.EQ, a.condition().op());
        assertEquals("running", a.condition().operand());
        assertEquals(SimTime.ms(50), a.within());
        Step.Wait b = (Step.Wait) s.steps().get(1);
        assertEquals(Condition.Subject.DMESG, b.condition().subject());
        assertEquals(Condition.Op.CONTAINS, b.condition().op());
        assertEquals("is now up", b.condition().operand());
        assertEquals(SimTime.us(1500), ((Step.Wait) s.steps().get(2)).within());
    }

    @Test
    void conditionsOfEveryKind() throws Exception {
        Scenario s = parse("""
                expect no dmesg "Boot failed"
                expect console matches "boot.*ok"
                expect time <= 300ms
                expect exists /dev/ttyRPMSG0
                expect missing /dev/ttyRPMSG1
                expect trace0 !contains error
                expect firmware != rproc-m4-fw
                """);
        List<Condition> cs = s.steps().stream().map(st -> ((Step.Expect) st).condition()).toList();
        assertEquals(Condition.Op.NOT_CONTAINS, cs.get(0).op());
        assertEquals(Condition.Subject.CONSOLE, cs.get(1).subject());
        assertEquals(Condition.Op.MATCHES, cs.get(1).op());
        assertEquals(SimTime.ms(300), cs.get(2).time());
        assertEquals(Condition.Op.LE, cs.get(2).op());
        assertEquals(Condition.Op.EXISTS, cs.get(3).op());
        assertEquals(Condition.Op.MISSING, cs.get(4).op());
        assertTrue(cs.get(5).path().isTrace());
        assertEquals(Condition.Op.NE, cs.get(6).op());
    }

    @Test
    void boardOptionsAndSettings() throws Exception {
        Scenario s = parse("""
                scenario "my title"
                board dk2-tee seed=7 unknown=strict key=${root}/k.pem isolation=on
                set timing.sha256-rate 50000000
                install fw.elf as x.sig signed with ${shared}/vectors/optee/default.pem
                """);
        assertEquals("my title", s.title());
        assertEquals("dk2-tee", s.board().kind());
        assertEquals("7", s.board().options().get("seed"));
        assertEquals(List.of("seed", "unknown", "key", "isolation"), List.copyOf(s.board().options().keySet()));
        assertEquals("timing.sha256-rate", s.settings().getFirst().name());
        Step.Install i = (Step.Install) s.steps().getFirst();
        assertEquals("x.sig", i.name());
        assertTrue(i.signed());
        assertEquals(1, s.sharedFiles().size());
    }

    @Test
    void installDefaultsTheNameToTheFileName() throws Exception {
        Step.Install i = (Step.Install) parse("install ${root}/firmware/a/b.elf").steps().getFirst();
        assertEquals("b.elf", i.name());
        assertTrue(!i.signed());
    }

    @Test
    void faults() throws Exception {
        Scenario s = parse("""
                inject watchdog
                inject lockup
                inject corrupt a.sig at 0x40
                inject corrupt a.sig segment 1 xor 0x01
                inject key other.pem
                inject ipcc-noack shutdown
                inject ipcc-noack 5
                reboot linux
                """);
        assertInstanceOf(Fault.Watchdog.class, ((Step.Inject) s.steps().get(0)).fault());
        assertInstanceOf(Fault.Lockup.class, ((Step.Inject) s.steps().get(1)).fault());
        assertEquals(new Fault.CorruptByte("a.sig", 0x40, -1, 0xff), ((Step.Inject) s.steps().get(2)).fault());
        assertEquals(new Fault.CorruptByte("a.sig", -1, 1, 0x01), ((Step.Inject) s.steps().get(3)).fault());
        assertEquals(Fault.IpccNoAck.named("shutdown"), ((Step.Inject) s.steps().get(5)).fault());
        assertEquals(Fault.IpccNoAck.number(5), ((Step.Inject) s.steps().get(6)).fault());
        assertInstanceOf(Step.RebootLinux.class, s.steps().get(7));
    }

    @Test
    void commentsBlankLinesAndCrlfAreIgnored() throws Exception {
        Scenario s = parse("# header\r\n\r\n  run 1ms   # let it settle\r\necho \"a # not a comment\" > /dev/x\r\n");
        assertEquals(2, s.steps().size());
        assertEquals(3, s.steps().get(0).at().line());
        assertEquals("a # not a comment\n", ((Step.Write) s.steps().get(1)).data());
    }

    /** One row per rule: the text, the line and column reported, and a fragment of the message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ech start > state                       | 1 | 1  | unknown command 'ech' (did you mean 'echo'?)
            wait state == running                   | 1 | 22 | every wait has a simulated-time bound
            wait state == runing within 5ms         | 1 | 15 | did you mean 'running'?
            echo start > stat                       | 1 | 14 | unknown file 'stat' (did you mean 'state'?)
            echo start state                        | 1 | 17 | a scenario echo always writes a file
            echo start > state expect error EBUZY   | 1 | 33 | unknown errno 'EBUZY'
            run 5 ms                                | 1 | 5  | bad duration '5'
            run 5parsecs                            | 1 | 5  | bad duration '5parsecs'
            run 0ms                                 | 1 | 5  | duration must be positive
            cat state extra                         | 1 | 11 | only 'expect error ERRNO'
            board rpi4                              | 1 | 7  | unknown board 'rpi4'
            board dk2 seed=x                        | 1 | 11 | seed is an integer
            board dk2 colour=red                    | 1 | 11 | unknown board option 'colour'
            inject meteor                           | 1 | 8  | unknown fault 'meteor'
            inject corrupt a.sig at -3              | 1 | 25 | bad number '-3'
            inject ipcc-noack shutdwn               | 1 | 19 | unknown IPCC channel 'shutdwn' (did you mean 'shutdown'?)
            inject ipcc-noack 6                     | 1 | 19 | the IPCC has no channel 6
            inject ipcc-noack -1                    | 1 | 19 | unknown IPCC channel '-1'
            echo "unterminated > state              | 1 | 6  | unterminated string
            echo "\\q" > state                      | 1 | 7  | unknown escape
            expect dmesg matches "(("               | 1 | 22 | bad regular expression
            expect time == 5ms                      | 1 | 13 | bad time comparison
            reboot board                            | 1 | 8  | only 'reboot linux' exists
            dmesg -x                                | 1 | 7  | takes only the option -c
            """)
    void errorsNameFileLineColumnAndRule(String text, int line, int column, String fragment) {
        ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> parse(text));
        assertEquals(line, e.at().line());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.scn:" + line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void boardAndSetMustComeBeforeTheFirstStep() {
        ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> parse("run 1ms\nboard dk2\n"));
        assertEquals(2, e.at().line());
        assertTrue(e.rule().contains("before any step"));
        e = assertThrows(ScenarioSyntaxException.class, () -> parse("board dk2\nboard dk2-tee\n"));
        assertTrue(e.problem().contains("first at line 1"), e.getMessage());
        e = assertThrows(ScenarioSyntaxException.class, () -> parse("run 1ms\nset a b\n"));
        assertEquals(2, e.at().line());
    }

    static Stream<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void everyBundledScenarioParses(Path file) throws Exception {
        Scenario s = ScenarioParser.parse(file);
        assertTrue(s.steps().size() >= 5, file + " has " + s.steps().size() + " steps");
    }
}
