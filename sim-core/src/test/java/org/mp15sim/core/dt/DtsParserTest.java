package org.mp15sim.core.dt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtsParserTest {

    private static DeviceTree dts(String body) {
        return DtsParser.parse("t.dts", "/dts-v1/;\n" + body);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void nodesKeepSourceOrderUnitAddressesAndPaths() {
        DeviceTree t = dts("/ { b { }; a@10 { c@0,1 { }; }; };");
        Node root = t.root();
        assertEquals("/", root.path());
        assertEquals(List.of("b", "a@10"), root.children().stream().map(Node::name).toList());
        Node a = t.node("/a@10");
        assertEquals("a", a.baseName());
        assertEquals("10", a.unitAddress());
        Node c = t.node("/a/c@0,1");
        assertEquals("/a@10/c@0,1", c.path());
        assertEquals("0,1", c.unitAddress());
        assertSame(a, c.parent().orElseThrow());
    }

    @Test
    void cellsAcceptDecimalHexOctalCharsAndExpressions() {
        DeviceTree t = dts("/ { p = <10 0x1F 017 'a' '\\n' (0x10 + 4) (-1) (~0) (1 << 4 | 1) (7 / 2) (7 % 4)"
                + " (2 * 3 + 4) (2 * (3 + 4)) (1 ? 5 : 6) (0 ? 5 : 6) (3 > 2) (2 >= 3) (1 == 1) (1 != 1)"
                + " (!0) (1 && 0) (0 || 2) (6 & 3) (6 ^ 3) (0x100 >> 4) (-1 < 1)>; };");
        assertArrayEquals(new int[] {10, 0x1f, 15, 'a', '\n', 0x14, -1, -1, 0x11, 3, 3, 10, 14, 5, 6, 1, 0, 1, 0,
                1, 0, 1, 2, 5, 0x10, 0}, t.root().u32Array("p"));
    }

    @Test
    void integerSuffixesAreAccepted() {
        assertArrayEquals(new int[] {5, 6, 7}, dts("/ { p = <5U 6UL 7ULL>; };").root().u32Array("p"));
    }

    @Test
    void bitsSelectsCellWidth() {
        DeviceTree t = dts("/ { a = /bits/ 8 <1 0xff>; b = /bits/ 16 <0x1234>; c = /bits/ 64 <0x100000002>; };");
        assertArrayEquals(bytes(1, 0xff), t.root().requireProperty("a").bytes());
        assertArrayEquals(bytes(0x12, 0x34), t.root().requireProperty("b").bytes());
        assertEquals(0x100000002L, t.root().u64("c"));
    }

    @Test
    void stringsListsEscapesAndByteStrings() {
        DeviceTree t = dts("/ { s = \"okay\"; l = \"vq0\", \"vq1\", \"\"; e = \"a\\tb\\x41\\101\\\"\"; "
                + "b = [00 01ab FF]; m = \"x\", <1>, [02]; };");
        Node r = t.root();
        assertEquals("okay", r.string("s"));
        assertEquals(List.of("vq0", "vq1", ""), r.strings("l"));
        assertEquals("a\tbAA\"", r.string("e"));
        assertArrayEquals(bytes(0, 1, 0xab, 0xff), r.requireProperty("b").bytes());
        assertArrayEquals(bytes('x', 0, 0, 0, 0, 1, 2), r.requireProperty("m").bytes());
    }

    @Test
    void emptyPropertyIsBoolean() {
        Property p = dts("/ { no-map; };").root().requireProperty("no-map");
        assertTrue(p.isEmpty());
        assertEquals(0, p.length());
    }

    @Test
    void commentsAreIgnoredEverywhere() {
        DeviceTree t = dts("// line\n/ { /* block\n over lines */ p = <1 /* in cells */ 2>; // tail\n};");
        assertArrayEquals(new int[] {1, 2}, t.root().u32Array("p"));
    }

    @Test
    void labelsOverlaysAndMergesFollowDtc() {
        DeviceTree t = dts("""
                / {
                    soc {
                        l1: l2: dev@1 { a = <1>; b = <2>; };
                    };
                };
                &l1 { a = <10>; c = <3>; extra { }; };
                / { soc { dev@1 { d = <4>; }; }; };
                """);
        Node dev = t.byLabel("l2").orElseThrow();
        assertSame(dev, t.byLabel("l1").orElseThrow());
        assertEquals(List.of("l1", "l2"), dev.labels());
        assertEquals(List.of("a", "b", "c", "d"), dev.properties().stream().map(Property::name).toList());
        assertEquals(10, dev.u32("a"));
        assertTrue(dev.child("extra").isPresent());
    }

    @Test
    void propertiesAndNodesRememberWhereTheyWereWritten() {
        DeviceTree t = dts("/ {\n\tn: node@1 {\n\t\tp = <1>;\n\t};\n};\n&n { p = <2>; };\n");
        assertEquals("t.dts:3:5", t.node("/node@1").location().orElseThrow().toString());
        assertEquals("t.dts:7:6", t.node("/node@1").requireProperty("p").location().orElseThrow().toString());
        assertTrue(Dtb.read(t.toDtb(), "t.dtb").node("/node@1").requireProperty("p").location().isEmpty());
    }

    @Test
    void overlayByPathAndLabelOnOverlay() {
        DeviceTree t = dts("/ { a { }; }; more: &{/a} { p; };");
        assertTrue(t.node("/a").hasProperty("p"));
        assertSame(t.node("/a"), t.byLabel("more").orElseThrow());
    }

    @Test
    void phandlesAreAssignedInReferenceOrderSkippingExplicitOnes() {
        DeviceTree t = dts("""
                / {
                    user { x = <&c &b>; y = <&a>; };
                    a: a { phandle = <1>; };
                    b: b { };
                    c: c { };
                };
                """);
        assertEquals(1, t.node("/a").phandle().getAsInt());
        assertEquals(2, t.node("/c").phandle().getAsInt());
        assertEquals(3, t.node("/b").phandle().getAsInt());
        assertArrayEquals(new int[] {2, 3}, t.node("/user").u32Array("x"));
        assertEquals(List.of("phandle"), t.node("/b").properties().stream().map(Property::name).toList());
        assertSame(t.node("/b"), t.byPhandle(3).orElseThrow());
        assertTrue(t.node("/user").phandle().isEmpty());
    }

    @Test
    void referenceOutsideCellsIsThePathString() {
        DeviceTree t = dts("/ { aliases { serial0 = &u; other = &{/soc/uart@1}; }; soc { u: uart@1 { }; }; };");
        assertEquals("/soc/uart@1", t.node("/aliases").string("serial0"));
        assertEquals("/soc/uart@1", t.node("/aliases").string("other"));
        assertSame(t.node("/soc/uart@1"), t.find("serial0").orElseThrow());
    }

    @Test
    void referencesMayPointForwardAndAcrossOverlays() {
        DeviceTree t = dts("/ { a { r = <&late 5>; }; }; / { late: b { }; };");
        assertArrayEquals(new int[] {1, 5}, t.node("/a").u32Array("r"));
    }

    @Test
    void deleteNodeAndDeletePropertyRemoveThem() {
        DeviceTree t = dts("""
                / {
                    keep { a; b; };
                    gone: gone { };
                    inner { x { }; };
                };
                &{/keep} { /delete-property/ a; };
                /delete-node/ &gone;
                / { inner { /delete-node/ x; }; };
                """);
        assertEquals(List.of("b"), t.node("/keep").properties().stream().map(Property::name).toList());
        assertTrue(t.find("/gone").isEmpty());
        assertTrue(t.byLabel("gone").isEmpty());
        assertTrue(t.node("/inner").children().isEmpty());
    }

    @Test
    void redefinedDeletedPropertyGetsItsOldPosition() {
        DeviceTree t = dts("/ { n { a; b; }; }; / { n { /delete-property/ a; }; }; / { n { a = <1>; }; };");
        assertEquals(List.of("a", "b"), t.node("/n").properties().stream().map(Property::name).toList());
    }

    @Test
    void memreserveEntriesAreKept() {
        DeviceTree t = dts("/memreserve/ 0x1000 0x100;\n/memreserve/ (0x2000 * 2) 16;\n/ { };");
        assertEquals(List.of(new MemReserve(0x1000, 0x100), new MemReserve(0x4000, 16)), t.memoryReservations());
    }

    @Test
    void definesExpandInCellsIncludingNestedAndMultiCellConstants() {
        DeviceTree t = dts("""
                #define BASE 0x4c001000
                #define SIZE (0x200 * 2)
                #define PAIR BASE SIZE
                #define SUM (BASE + 1)
                / { reg = <PAIR>; s = <SUM>; };
                """);
        assertArrayEquals(new int[] {0x4c001000, 0x400}, t.root().u32Array("reg"));
        assertEquals(0x4c001001, t.root().u32("s"));
    }

    @Test
    void functionLikeMacrosSubstituteTheirArguments() {
        DeviceTree t = dts("""
                #define PIN_NO(port, line) (((port) - 'A') * 0x10 + (line))
                #define STM32_PINMUX(port, line, mode) (((PIN_NO(port, line)) << 8) | (mode))
                #define AF7 0x8
                #define GIC_CPU_MASK_RAW(x) ((x) << 8)
                #define GIC_CPU_MASK_SIMPLE(num) GIC_CPU_MASK_RAW((1 << (num)) - 1)
                #define NONE() 42
                #define PICK(a, b) (b)
                #define ADDR(f) (0xf0 + f)
                / {
                    pinmux = <STM32_PINMUX('B', 10, AF7)>;
                    mask = <(GIC_CPU_MASK_SIMPLE(2) | 4)>;
                    none = <NONE ( )>;
                    pick = <PICK((1, 2), ',')>;
                    hexdigits = <ADDR(1)>;
                };
                """);
        assertEquals((0x1a << 8) | 0x8, t.root().u32("pinmux"));
        assertEquals((3 << 8) | 4, t.root().u32("mask"));
        assertEquals(42, t.root().u32("none"));
        assertEquals(',', t.root().u32("pick"));
        assertEquals(0xf1, t.root().u32("hexdigits"));
    }

    @Test
    void predefinedConstantsAndConditionals() {
        String src = """
                /dts-v1/;
                #ifdef WITH_TEE
                / { tee; };
                #else
                / { native; };
                #endif
                #ifndef WITH_TEE
                #ifdef NEVER
                / { never; };
                #endif
                #endif
                #undef WITH_TEE
                #ifdef WITH_TEE
                / { after_undef; };
                #endif
                """;
        DeviceTree tee = new DtsParser().define("WITH_TEE", "1").parseString("c.dts", src);
        assertTrue(tee.root().hasProperty("tee"));
        assertFalse(tee.root().hasProperty("native"));
        assertFalse(tee.root().hasProperty("after_undef"));
        DeviceTree nat = DtsParser.parse("c.dts", src);
        assertTrue(nat.root().hasProperty("native"));
        assertFalse(nat.root().hasProperty("never"));
    }

    @Test
    void hashPropertiesAtLineStartAreNotDirectives() {
        DeviceTree t = dts("/ {\n#address-cells = <1>;\n#size-cells = <0>;\n};");
        assertEquals(1, t.root().addressCells());
        assertEquals(0, t.root().sizeCells());
    }

    @Test
    void includesResolveRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/part.dtsi"), "#include \"deeper.h\"\n/ { from-part = <DEEP>; };\n");
        Files.writeString(dir.resolve("sub/deeper.h"), "#define DEEP 7\n");
        Files.writeString(dir.resolve("main.dts"), "/dts-v1/;\n/include/ \"sub/part.dtsi\"\n/ { p { v = <DEEP>; }; };\n");
        DeviceTree t = new DtsParser().parseFile(dir.resolve("main.dts"));
        assertEquals(7, t.root().u32("from-part"));
        assertEquals(7, t.node("/p").u32("v"));
    }

    @Test
    void includeDirectoriesAreSearchedAndAngledIncludesSkipTheCurrentDirectory(@TempDir Path dir) throws Exception {
        Path inc = Files.createDirectories(dir.resolve("inc"));
        Files.writeString(inc.resolve("k.h"), "#define K 3\n");
        Files.writeString(dir.resolve("k.h"), "#define K 99\n");
        Files.writeString(dir.resolve("a.dts"), "/dts-v1/;\n#include <k.h>\n/ { k = <K>; };\n");
        DeviceTree t = new DtsParser().includeDirectory(inc).parseFile(dir.resolve("a.dts"));
        assertEquals(3, t.root().u32("k"));
    }

    @Test
    void classpathResourcesIncludeTheirSiblings() {
        DeviceTree t = new DtsParser().parseResource(getClass().getClassLoader(), "org/mp15sim/core/dt/board.dts");
        Node bus = t.byLabel("base_bus").orElseThrow();
        assertEquals(List.of(new Reg(0x1000, 0x100)), bus.reg());
        assertTrue(bus.isEnabled());
    }

    @Test
    void stringSourcesCanIncludeFromConfiguredResourceDirectories() {
        DeviceTree t = new DtsParser().includeResources(getClass().getClassLoader(), "org/mp15sim/core/dt")
                .parseString("user.dts", "/dts-v1/;\n#include \"base.dtsi\"\n&base_bus { x; };\n");
        assertTrue(t.node("/bus@1000").hasProperty("x"));
    }

    @Test
    void repeatedVersionTagsFromIncludesAreAccepted() {
        DeviceTree t = dts("/dts-v1/;\n/ { };");
        assertTrue(t.root().properties().isEmpty());
    }
}
