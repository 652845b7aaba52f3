package org.mp15sim.core.dt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed lookups on nodes and the errors malformed properties give. */
class NodeAccessTest {
    private static final DeviceTree T = DtsParser.parse("a.dts", """
            /dts-v1/;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                compatible = "vendor,board", "vendor,soc";
                aliases { serial0 = &uart; };
                memory@c0000000 { device_type = "memory"; reg = <0xc0000000 0x20000000>; };
                intc: intc { #interrupt-cells = <3>; interrupt-controller; };
                soc {
                    compatible = "simple-bus";
                    #address-cells = <1>;
                    #size-cells = <1>;
                    interrupt-parent = <&intc>;
                    ranges = <0x0 0x40000000 0x1000>, <0x1000 0x50000000 0x1000>;
                    mbox: ipcc@4c001000 { compatible = "x,ipcc"; #mbox-cells = <1>; reg = <0x4c001000 0x400>; };
                    uart: serial@1 { compatible = "x,uart"; status = "disabled"; reg = <0x1 0x10>, <0x20 0x4>;
                        interrupts = <0 52 4>, <0 53 4>; interrupt-names = "main", "wake"; };
                    exti: exti { #interrupt-cells = <2>; };
                    ext { interrupts-extended = <&exti 61 4>, <&intc 0 101 4>; interrupt-names = "rx", "tx"; };
                    badnames { interrupts = <0 1 4>; interrupt-names = "a", "b"; };
                    ok: ok@2 { status = "okay"; };
                    sys: syscon@3 { compatible = "syscon"; };
                };
                wide {
                    #address-cells = <2>;
                    #size-cells = <2>;
                    ranges;
                    dma-ranges = <0x0 0x0 0x38000000 0x0 0x10000>;
                    dev@100000000 { reg = <0x1 0x0 0x0 0x1000>; };
                    nosize { #address-cells = <1>; #size-cells = <0>; cpu@0 { reg = <0>; }; };
                };
                user {
                    mboxes = <&mbox 0>, <&mbox 3>;
                    sc = <&sys 0x10c 0x1>, <&sys 0x148 0xffffffff>;
                    one = <&sys>;
                    odd = [01 02 03];
                    u64 = /bits/ 64 <0x123456789>;
                    two = "a", "b";
                    nonul = [61 62];
                    bad-args = <&mbox>;
                    dangling = <0x77 1>;
                    ident-ranges;
                };
                nocells { list = <&sys 1>; };
            };
            """);

    @Test
    void scalarAndArrayLookups() {
        Node user = T.node("/user");
        assertEquals(0x10c, user.u32Array("sc")[1]);
        assertEquals(0x123456789L, user.u64("u64"));
        assertEquals(List.of("a", "b"), user.strings("two"));
        assertEquals(7, user.u32("missing", 7));
        assertEquals(List.of("vendor,board", "vendor,soc"), T.root().compatibles());
        assertTrue(T.root().isCompatible("vendor,soc"));
    }

    @Test
    void regUsesTheParentsCells() {
        assertEquals(List.of(new Reg(0x1, 0x10), new Reg(0x20, 0x4)), T.node("/soc/serial@1").reg());
        assertEquals(List.of(new Reg(0x100000000L, 0x1000)), T.node("/wide/dev@100000000").reg());
        assertEquals(List.of(new Reg(0, 0)), T.node("/wide/nosize/cpu@0").reg());
    }

    @Test
    void rangesAndDmaRangesAreTriples() {
        assertEquals(List.of(new Range(0, 0x40000000, 0x1000), new Range(0x1000, 0x50000000, 0x1000)),
                T.node("/soc").ranges());
        List<Range> dma = T.node("/wide").dmaRanges();
        assertEquals(List.of(new Range(0, 0x38000000, 0x10000)), dma);
        assertTrue(dma.getFirst().containsParent(0x38000000, 0x10000));
        assertFalse(dma.getFirst().containsParent(0x38000000, 0x10001));
        assertEquals(0x100, dma.getFirst().toChild(0x38000100));
        assertEquals(List.of(), T.node("/wide").ranges());
    }

    @Test
    void phandleArgsUseTheTargetsCellCountOrAFixedOne() {
        Node user = T.node("/user");
        List<PhandleArgs> mboxes = user.phandleArgs("mboxes", "#mbox-cells");
        assertEquals(2, mboxes.size());
        assertSame(T.node("/soc/ipcc@4c001000"), mboxes.get(1).target());
        assertEquals(3, mboxes.get(1).arg(0));
        List<PhandleArgs> sc = user.phandleArgs("sc", 2);
        assertArrayEquals(new int[] {0x148, 0xffffffff}, sc.get(1).args());
        assertSame(T.node("/soc/syscon@3"), user.phandleTarget("one"));
        assertSame(T.node("/intc"), T.node("/soc/serial@1").interruptParent().orElseThrow());
        assertTrue(T.node("/user").interruptParent().isEmpty());
    }

    @Test
    void interruptsAreSplitByTheControllersCells() {
        Node uart = T.node("/soc/serial@1");
        List<PhandleArgs> irqs = uart.interrupts();
        assertEquals(2, irqs.size());
        assertSame(T.node("/intc"), irqs.get(1).target());
        assertArrayEquals(new int[] {0, 53, 4}, irqs.get(1).args());
        assertArrayEquals(new int[] {0, 53, 4}, uart.interrupt("wake").orElseThrow().args());
        assertTrue(uart.interrupt("nothing").isEmpty());
        Node ext = T.node("/soc/ext");
        assertSame(T.node("/soc/exti"), ext.interrupt("rx").orElseThrow().target());
        assertArrayEquals(new int[] {61, 4}, ext.interrupt("rx").orElseThrow().args());
        assertArrayEquals(new int[] {0, 101, 4}, ext.interrupt("tx").orElseThrow().args());
        assertEquals(List.of(), T.node("/user").interrupts());
        DtException e = assertThrows(DtException.class, () -> T.node("/soc/badnames").interrupt("b"));
        assertEquals("node /soc/badnames: property 'interrupt-names' names 2 or more interrupts but the node has 1",
                e.getMessage());
    }

    @Test
    void statusOkayCheck() {
        assertFalse(T.node("/soc/serial@1").isEnabled());
        assertTrue(T.node("/soc/ok@2").isEnabled());
        assertTrue(T.node("/soc").isEnabled());
    }

    @Test
    void lookupsByPathLabelPhandleAliasAndCompatible() {
        Node uart = T.node("/soc/serial@1");
        assertSame(uart, T.find("/soc/serial").orElseThrow());
        assertSame(uart, T.find("serial0").orElseThrow());
        assertSame(uart, T.byLabel("uart").orElseThrow());
        Node sys = T.byLabel("sys").orElseThrow();
        assertSame(sys, T.byPhandle(sys.phandle().getAsInt()).orElseThrow());
        assertEquals(List.of(sys), T.compatible("syscon"));
        assertTrue(T.find("/soc/nothing").isEmpty());
        assertTrue(T.find("nothing").isEmpty());
        DtException e = assertThrows(DtException.class, () -> T.node("/soc/nothing"));
        assertEquals("device tree has no node '/soc/nothing'", e.getMessage());
        assertEquals(List.of("/", "/aliases", "/memory@c0000000"),
                T.nodes().subList(0, 3).stream().map(Node::path).toList());
    }

    static Stream<Arguments> malformed() {
        return Stream.<Arguments>of(
                bad("u32 of 3 bytes", n -> n.u32("odd"),
                        "node /user: property 'odd' has 3 bytes, expected exactly 4 (one u32 cell)"),
                bad("u32 array of 3 bytes", n -> n.u32Array("odd"),
                        "node /user: property 'odd' has 3 bytes, not a multiple of 4 (expected u32 cells)"),
                bad("u64 of 12 bytes", n -> n.u64("sc"),
                        "node /user: property 'sc' has 24 bytes, expected exactly 8 (one u64 = two cells)"),
                bad("missing", n -> n.u32("nothing"), "node /user: required property 'nothing' is missing"),
                bad("two strings as one", n -> n.string("two"),
                        "node /user: property 'two' holds 2 strings, expected exactly one"),
                bad("string without NUL", n -> n.strings("nonul"),
                        "node /user: property 'nonul' is not NUL-terminated, expected a string or string list"),
                bad("string of empty", n -> n.string("ident-ranges"),
                        "node /user: property 'ident-ranges' is empty, expected a NUL-terminated string"),
                bad("cell index", n -> n.requireProperty("one").u32(1),
                        "node /user: property 'one' has 1 cells, cell 1 does not exist"),
                bad("args missing", n -> n.phandleArgs("bad-args", "#mbox-cells"),
                        "node /user: property 'bad-args' entry 0: needs 1 argument cells after the phandle of "
                                + "/soc/ipcc@4c001000 (its #mbox-cells) but only 0 remain"),
                bad("target without cells property", n -> n.phandleArgs("sc", "#mbox-cells"),
                        "node /user: property 'sc' entry 0: target /soc/syscon@3 has no '#mbox-cells' to say how many "
                                + "argument cells follow the phandle"),
                bad("dangling phandle", n -> n.phandleArgs("dangling", 1),
                        "node /user: property 'dangling' entry 0: phandle 0x77 does not refer to any node"),
                bad("fixed count too big", n -> n.phandleArgs("sc", 6),
                        "node /user: property 'sc' entry 0: needs 6 argument cells after the phandle of /soc/syscon@3 "
                                + "but only 5 remain"),
                bad("single phandle of 2 cells", n -> n.phandleTarget("mboxes"),
                        "node /user: property 'mboxes' has 16 bytes, expected exactly one phandle (4 bytes)"),
                bad("reg not a multiple", n -> T.node("/nocells").reg(),
                        "node /nocells: required property 'reg' is missing"),
                bad("reg on root", n -> regOnRoot(),
                        "node /: property 'reg' cannot be decoded: the root node has no parent to give #address-cells"),
                bad("ranges missing", n -> n.ranges(), "node /user: required property 'ranges' is missing"),
                bad("wrong arity reg", n -> DtsParser.parse("r.dts",
                        "/dts-v1/; / { #address-cells = <1>; #size-cells = <1>; d { reg = <1 2 3>; }; };")
                        .node("/d").reg(),
                        "node /d: property 'reg' has 3 cells, not a multiple of 2 (#address-cells 1 + #size-cells 1 of /)"),
                bad("64-bit overflow", n -> DtsParser.parse("r.dts",
                        "/dts-v1/; / { #address-cells = <3>; #size-cells = <0>; d { reg = <1 0 0>; }; };")
                        .node("/d").reg(),
                        "node /d: property 'reg' value at cell 0 (3 cells) does not fit in 64 bits"),
                bad("bad #address-cells", n -> DtsParser.parse("r.dts", "/dts-v1/; / { #address-cells = <9>; };")
                        .root().addressCells(), "node /: property '#address-cells' is 9, expected 0..4"),
                bad("status not a string", n -> DtsParser.parse("r.dts", "/dts-v1/; / { status = <1>; };")
                        .root().isEnabled(), "node /: property 'status' is not NUL-terminated"));
    }

    private static Object regOnRoot() {
        return DtsParser.parse("r.dts", "/dts-v1/; / { reg = <1 2>; };").root().reg();
    }

    private static Arguments bad(String name, Consumer<Node> access, String message) {
        return Arguments.of(name, access, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedAccessNamesNodePathAndProperty(String name, Consumer<Node> access, String message) {
        DtException e = assertThrows(DtException.class, () -> access.accept(T.node("/user")));
        assertTrue(e.getMessage().startsWith(message), () -> "got: " + e.getMessage());
    }
}
