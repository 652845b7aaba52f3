package org.mp15sim.core.dt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DtbTest {
    static final String SAMPLE = """
            /dts-v1/;
            /memreserve/ 0x1000 0x100;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                model = "sample";
                a: node@10 { reg = <0x10 4>; size-cells = <2>; x = <(0x10 + 4) (-1) 'a'>; s = "ab", "c"; b = [01 02ab]; e; };
                b { p = <&a 1>, <&c>; q = &a; r = /bits/ 16 <1 2>; w = /bits/ 64 <0x1122334455667788>; };
                c: c { phandle = <7>; };
                d: d { t = <&d>; };
            };
            """;

    @Test
    void writeThenReadGivesTheSameTree() {
        DeviceTree t = DtsParser.parse("s.dts", SAMPLE);
        byte[] blob = t.toDtb();
        assertTrue(Dtb.looksLikeDtb(blob));
        DeviceTree back = Dtb.read(blob, "s.dtb");
        assertTrue(back.sameStructure(t));
        assertEquals(List.of(new MemReserve(0x1000, 0x100)), back.memoryReservations());
        assertEquals(7, back.node("/c").phandle().getAsInt());
        assertEquals(back.node("/node@10").phandle().getAsInt(), back.node("/b").u32Array("p")[0]);
        assertArrayEquals(blob, back.toDtb());
    }

    @Test
    void headerFollowsVersion17Layout() {
        byte[] blob = DtsParser.parse("s.dts", SAMPLE).toDtb();
        ByteBuffer b = ByteBuffer.wrap(blob);
        assertEquals(0xd00dfeed, b.getInt(0));
        assertEquals(blob.length, b.getInt(4));
        assertEquals(40 + 32, b.getInt(8)); // one reservation + terminator after the 40-byte header
        assertEquals(40, b.getInt(16));
        assertEquals(17, b.getInt(20));
        assertEquals(16, b.getInt(24));
        assertEquals(blob.length - b.getInt(12), b.getInt(32));
        assertEquals(b.getInt(12) - b.getInt(8), b.getInt(36));
    }

    @Test
    void stringTableSharesSuffixesLikeDtc() {
        DeviceTree t = DtsParser.parse("s.dts", "/dts-v1/; / { #size-cells = <1>; size-cells = <2>; s; };");
        byte[] blob = t.toDtb();
        ByteBuffer b = ByteBuffer.wrap(blob);
        String strings = new String(blob, b.getInt(12), b.getInt(32), StandardCharsets.UTF_8);
        assertEquals("#size-cells\0", strings);
    }

    @Test
    void symbolsNodeGivesLabelsBack() {
        DeviceTree t = DtsParser.parse("s.dts",
                "/dts-v1/; / { u: uart@1 { }; __symbols__ { u = \"/uart@1\"; other = \"/nowhere\"; }; };");
        DeviceTree back = Dtb.read(t.toDtb(), "s.dtb");
        assertEquals(back.node("/uart@1"), back.byLabel("u").orElseThrow());
        assertFalse(back.byLabel("other").isPresent());
    }

    @Test
    void dtsPrintoutParsesBackToTheSameTreeAndLabels() {
        DeviceTree t = DtsParser.parse("s.dts", SAMPLE);
        String printed = t.toDts();
        DeviceTree back = DtsParser.parse("printed.dts", printed);
        assertTrue(back.sameStructure(t), printed);
        assertEquals(t.labels().keySet(), back.labels().keySet());
        assertTrue(printed.contains("\ts = \"ab\", \"c\";"), printed);
        assertTrue(printed.contains("b = [01 02 ab];"), printed);
        assertTrue(printed.contains("x = <0x14 0xffffffff 0x61>;"), printed);
    }

    @Test
    void blobWithAReservedPhandleValueIsRejected() {
        byte[] blob = DtsParser.parse("p.dts", "/dts-v1/; / { a { phandle = <0x5a5a5a5a>; }; };").toDtb();
        ByteBuffer b = ByteBuffer.wrap(blob);
        for (int i = 0; i + 4 <= blob.length; i += 4) {
            if (b.getInt(i) == 0x5a5a5a5a) {
                b.putInt(i, 0);
            }
        }
        DtException e = assertThrows(DtException.class, () -> Dtb.read(blob, "p.dtb"));
        assertEquals("node /a: property 'phandle' is 0x0, not a valid phandle (0 and 0xffffffff are reserved)",
                e.getMessage());
    }

    static byte[] sample() {
        return DtsParser.parse("s.dts", SAMPLE).toDtb();
    }

    static Stream<Arguments> corrupt() {
        return Stream.of(
                c("short blob", b -> { }, 8, "s.dtb: offset 0x0: blob is 8 bytes, shorter than a DTB header"),
                c("bad magic", b -> b.putInt(0, 0x12345678), -1, "s.dtb: offset 0x0: bad magic 0x12345678, expected 0xd00dfeed"),
                c("old version", b -> b.putInt(20, 15), -1, "s.dtb: offset 0x14: version 15 is not supported"),
                c("future version", b -> b.putInt(24, 18), -1, "s.dtb: offset 0x18: last_comp_version 18 is newer"),
                c("totalsize too big", b -> b.putInt(4, 1 << 20), -1, "s.dtb: offset 0x4: totalsize 1048576 is larger than"),
                c("struct outside", b -> b.putInt(8, 0x7fff0000), -1, "s.dtb: offset 0x8: structure block [0x7fff0000"),
                c("strings outside", b -> b.putInt(32, 0x10000), -1, "s.dtb: offset 0xc: strings block"),
                c("unaligned struct", b -> { b.putInt(8, b.getInt(8) + 2); b.putInt(36, b.getInt(36) - 2); }, -1,
                        "is not 4-byte aligned"),
                c("unknown token", b -> b.putInt(b.getInt(8), 0x55), -1, "unknown structure token 0x55"),
                c("root with a name", b -> b.put(b.getInt(8) + 4, (byte) 'x'), -1,
                        "root node has name 'x', expected an empty name"),
                c("property name outside strings", b -> b.putInt(b.getInt(8) + 16, 0x7000), -1,
                        "property name offset 28672 is outside the strings block"),
                c("property too long", b -> b.putInt(b.getInt(8) + 12, 0x7000), -1,
                        "property length 28672 runs past the structure block"),
                c("no FDT_END", b -> b.putInt(b.getInt(8) + b.getInt(36) - 4, 4), -1,
                        "structure block ends without FDT_END"),
                c("unterminated reservations", b -> b.putInt(16, (b.getInt(4) - 8) & ~7), -1,
                        "memory reservation block is not terminated"));
    }

    private static Arguments c(String name, Consumer<ByteBuffer> damage, int truncate, String message) {
        return Arguments.of(name, damage, truncate, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrupt")
    void corruptBlobsAreRejectedWithTheOffset(String name, Consumer<ByteBuffer> damage, int truncate, String message) {
        byte[] blob = sample();
        if (truncate >= 0) {
            blob = java.util.Arrays.copyOf(blob, truncate);
        }
        damage.accept(ByteBuffer.wrap(blob));
        byte[] finalBlob = blob;
        DtException e = assertThrows(DtException.class, () -> Dtb.read(finalBlob, "s.dtb"));
        assertTrue(e.getMessage().contains(message), () -> "got: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("s.dtb: offset 0x"), e.getMessage());
    }

    // ------------------------------------------------------------------ cross-check with dtc

    private static Path dtc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "dtc");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static byte[] runDtc(Path dir, String source, String... extra) throws Exception {
        Path dtc = dtc();
        Assumptions.assumeTrue(dtc != null, "dtc (device-tree-compiler) is not installed; skipping the cross-check");
        Path in = dir.resolve("in.dts");
        Path out = dir.resolve("out.dtb");
        Files.writeString(in, source);
        List<String> cmd = new java.util.ArrayList<>(List.of(dtc.toString(), "-q", "-I", "dts", "-O", "dtb", "-o",
                out.toString()));
        cmd.addAll(List.of(extra));
        cmd.add(in.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dtc hung");
        assertEquals(0, p.exitValue(), "dtc failed: " + log);
        return Files.readAllBytes(out);
    }

    @Test
    void blobIsByteIdenticalToDtc(@TempDir Path dir) throws Exception {
        byte[] theirs = runDtc(dir, SAMPLE);
        assertArrayEquals(theirs, DtsParser.parse("s.dts", SAMPLE).toDtb());
    }

    @Test
    void dtcBlobReadsBackToTheParsedTreeIncludingSymbols(@TempDir Path dir) throws Exception {
        byte[] theirs = runDtc(dir, SAMPLE, "-@");
        DeviceTree fromDtc = Dtb.read(theirs, "dtc.dtb");
        assertEquals(fromDtc.node("/node@10"), fromDtc.byLabel("a").orElseThrow());
        assertEquals(fromDtc.node("/c"), fromDtc.byLabel("c").orElseThrow());
        assertArrayEquals(theirs, fromDtc.toDtb());
    }
}
