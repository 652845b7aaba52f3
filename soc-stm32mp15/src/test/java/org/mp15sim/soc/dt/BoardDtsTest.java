package org.mp15sim.soc.dt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.Dtb;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.DtSourceException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.Range;

class BoardDtsTest {

    private static final List<M4MemoryRegion> DK2_REGIONS = List.of(
            new M4MemoryRegion("retram", "/reserved-memory/retram@38000000", 0x38000000L, 0x0L, 0x10000, true),
            new M4MemoryRegion("mcuram", "/reserved-memory/mcuram@30000000", 0x30000000L, 0x30000000L, 0x40000, true),
            new M4MemoryRegion("mcuram2", "/reserved-memory/mcuram2@10000000", 0x10000000L, 0x10000000L, 0x40000, true),
            new M4MemoryRegion("vdev0vring0", "/reserved-memory/vdev0vring0@10040000", 0x10040000L, 0x10040000L, 0x1000,
                    true),
            new M4MemoryRegion("vdev0vring1", "/reserved-memory/vdev0vring1@10041000", 0x10041000L, 0x10041000L, 0x1000,
                    true),
            new M4MemoryRegion("vdev0buffer", "/reserved-memory/vdev0buffer@10042000", 0x10042000L, 0x10042000L, 0x4000,
                    true));

    @Test
    void dk2NativeGivesTheSpecsMemoryMailboxesAndRegisters() {
        M4RprocConfig c = M4RprocConfig.from(BoardDts.bundled("dk2"));
        assertEquals("/ahb/m4@10000000", c.nodePath());
        assertEquals(DK2_REGIONS, c.memoryRegions());
        assertEquals(List.of(new Range(0, 0x38000000, 0x10000), new Range(0x10000000, 0x10000000, 0x60000),
                new Range(0x30000000, 0x30000000, 0x60000)), c.dmaRanges());
        assertEquals(Map.of("vq0", 0, "vq1", 1, "shutdown", 2, "detach", 3), c.mailboxChannels());
        assertEquals(List.of("vq0", "vq1", "shutdown", "detach"), List.copyOf(c.mailboxChannels().keySet()));
        assertEquals("/soc/mailbox@4c001000", c.mailboxController());
        IpccConfig ipcc = c.ipcc().orElseThrow();
        assertEquals(0x4c001000L, ipcc.base());
        assertEquals(0x400, ipcc.size());
        assertEquals(0, ipcc.procId());
        assertEquals(OptionalInt.of(61), ipcc.rxExtiLine());
        assertEquals(OptionalInt.of(101), ipcc.txGicSpi());
        assertTrue(ipcc.wakeupSource());
        assertEquals(OptionalInt.of(68), c.watchdogExtiLine());
        assertEquals(0xC0000000L, c.ddrBase());
        assertEquals(512L << 20, c.ddrSize());
        assertFalse(c.teeUsed());
        assertEquals(OptionalInt.empty(), c.rprocId());
        assertEquals(0x5000010cL, c.holdBoot().orElseThrow().address());
        assertEquals(1, c.holdBoot().orElseThrow().mask());
        assertEquals(0x50001014L, c.pdds().orElseThrow().address());
        assertEquals(0x5c00a148L, c.m4State().orElseThrow().address());
        assertEquals(0xffffffff, c.m4State().orElseThrow().mask());
        assertEquals(0x5c00a144L, c.rscTable().orElseThrow().address());
        assertTrue(c.wakeupSource());
        assertFalse(c.autoBoot());
        assertTrue(c.firmwareName().isEmpty());
    }

    @Test
    void dk2TeeUsesTheTaAndDropsResetAndHoldBoot() {
        DeviceTree t = BoardDts.bundled("dk2-tee");
        M4RprocConfig c = M4RprocConfig.from(t);
        assertTrue(c.teeUsed());
        assertEquals(OptionalInt.of(0), c.rprocId());
        assertEquals("/firmware/optee-rproc", c.teeNodePath());
        assertTrue(c.holdBoot().isEmpty());
        assertEquals(DK2_REGIONS, c.memoryRegions());
        assertEquals(OptionalInt.of(68), c.watchdogExtiLine());
        Node m4 = t.node(c.nodePath());
        assertFalse(m4.hasProperty("resets"));
        assertFalse(m4.hasProperty("reset-names"));
        assertEquals(List.of(Stm32RprocBinding.TEE_RPROC_UUID), t.node("/firmware/optee-rproc").compatibles());
        assertTrue(c.pdds().isPresent(), "the TEE stop path still sets PDDS and the M4 state");
    }

    @Test
    void translationFollowsDmaRanges() {
        M4RprocConfig c = M4RprocConfig.from(BoardDts.bundled("dk2"));
        assertEquals(OptionalLong.of(0x38000400L), c.daToPa(0x400));
        assertEquals(OptionalLong.of(0x400L), c.paToDa(0x38000400L));
        assertEquals(OptionalLong.of(0x10041000L), c.daToPa(0x10041000L));
        assertEquals(OptionalLong.empty(), c.daToPa(0x20000000L));
        assertEquals(OptionalLong.empty(), c.paToDa(0xC0000000L));
        assertEquals(0x4000, c.region("vdev0buffer").orElseThrow().size());
        assertEquals(OptionalInt.of(2), c.mailboxChannel("shutdown"));
    }

    @Test
    void loadAcceptsBundledNamesDtsPathsAndDtbPaths(@TempDir Path dir) throws Exception {
        DeviceTree dk2 = BoardDts.load("dk2");
        Path dtb = dir.resolve("board.dtb");
        Files.write(dtb, dk2.toDtb());
        assertTrue(BoardDts.load(dtb.toString()).sameStructure(dk2));

        Path dts = dir.resolve("mine.dts");
        Files.writeString(dts, "/dts-v1/;\n#include \"stm32mp157c-dk2.dts\"\n&m4_rproc { st,auto-boot; "
                + "firmware-name = \"rproc-m4-fw.elf\"; };\n");
        M4RprocConfig c = M4RprocConfig.from(BoardDts.load(dts.toString()));
        assertTrue(c.autoBoot());
        assertEquals("rproc-m4-fw.elf", c.firmwareName().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dk2", "dk2-tee"})
    void bundledBoardsSurviveDtsAndDtbRoundTrips(String board) {
        DeviceTree t = BoardDts.bundled(board);
        assertTrue(Dtb.read(t.toDtb(), board + ".dtb").sameStructure(t));
        DeviceTree printed = BoardDts.parser().parseString(board + "-printed.dts", t.toDts());
        assertTrue(printed.sameStructure(t));
        assertEquals(List.of(), Stm32RprocBinding.validate(printed));
    }

    @Test
    void unknownBoardNamesTheBundledOnes() {
        DtException e = assertThrows(DtException.class, () -> BoardDts.load("ev1"));
        assertEquals("'ev1' is neither a bundled board (dk2, dk2-tee) nor an existing file", e.getMessage());
        assertEquals(List.of("dk2", "dk2-tee"), BoardDts.bundledNames());
        assertThrows(DtException.class, () -> BoardDts.bundled("ev1"));
    }

    @Test
    void userDtsErrorsPointIntoTheUserFile(@TempDir Path dir) throws Exception {
        Path dts = dir.resolve("bad.dts");
        Files.writeString(dts, "/dts-v1/;\n#include \"stm32mp157c-dk2.dts\"\n&m4_rproc {\n\tmboxes = <&ipcc 0>,;\n};\n");
        DtSourceException e = assertThrows(DtSourceException.class, () -> BoardDts.load(dts.toString()));
        assertEquals(dts + ":4:21", e.location().toString());
    }

    @Test
    void extractionRefusesAnInvalidTreeWithEveryViolation() {
        DeviceTree t = Stm32RprocBindingTest.board("native", "&m4_rproc { /delete-property/ resets; };");
        DtException e = assertThrows(DtException.class, () -> M4RprocConfig.from(t));
        assertTrue(e.getMessage().contains("[resets-required-without-tee]"), e.getMessage());
    }

    @Test
    void extractionNeedsExactlyOneEnabledM4() {
        DeviceTree t = Stm32RprocBindingTest.board("native", "&m4_rproc { status = \"disabled\"; };");
        DtException e = assertThrows(DtException.class, () -> M4RprocConfig.from(t));
        assertEquals("expected exactly one enabled \"st,stm32mp1-m4\" node, found 0", e.getMessage());
    }

    // ------------------------------------------------------------------ cross-check with cpp + dtc

    private static Path tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd + " hung");
        assertEquals(0, p.exitValue(), cmd + ": " + log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dk2", "dk2-tee"})
    void bundledBoardBlobIsByteIdenticalToCppPlusDtc(String board, @TempDir Path dir) throws Exception {
        Path cpp = tool("cpp");
        Path dtc = tool("dtc");
        Assumptions.assumeTrue(cpp != null && dtc != null, "cpp and dtc are needed for the cross-check; skipping");
        Path boards = dir.resolve("boards");
        Files.createDirectories(boards);
        for (String f : List.of("stm32mp15-constants.h", "stm32mp151.dtsi", "stm32mp157c-dk2.dts",
                "stm32mp157c-dk2-tee.dts")) {
            try (var in = BoardDts.class.getClassLoader().getResourceAsStream(BoardDts.RESOURCE_DIR + "/" + f)) {
                Files.write(boards.resolve(f), in.readAllBytes());
            }
        }
        String main = BoardDts.resourceName(board).substring(BoardDts.RESOURCE_DIR.length() + 1);
        Path pre = dir.resolve("pre.dts");
        Path out = dir.resolve("out.dtb");
        run(List.of(cpp.toString(), "-nostdinc", "-undef", "-x", "assembler-with-cpp", "-P", "-I", boards.toString(),
                "-o", pre.toString(), boards.resolve(main).toString()));
        run(List.of(dtc.toString(), "-q", "-I", "dts", "-O", "dtb", "-o", out.toString(), pre.toString()));
        byte[] theirs = Files.readAllBytes(out);
        assertArrayEquals(theirs, BoardDts.bundled(board).toDtb());
        assertTrue(Dtb.read(theirs, "dtc.dtb").sameStructure(BoardDts.bundled(board)));
    }
}
