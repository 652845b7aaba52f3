package org.mp15sim.scenario.loadpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.linux.kernel.KernelConfig;
import org.mp15sim.scenario.board.Assemblies;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.tee.core.TeeConfig;

/**
 * The load-path numbers follow the model's arithmetic: on small sizes every phase is what the timing parameters
 * say (file read at the firmware read rate, copies at the copy rates, hashes at the SHA-256 rate), and growing the
 * image by 16 KiB grows exactly the size-dependent phases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadPathBenchTest {
    @TempDir static Path dir;
    LoadPathBench.Result native16, native32, tee16, tee32;
    byte[] elf16, elf32;
    final KernelConfig linux = KernelConfig.defaults();
    final TeeConfig tee = TeeConfig.defaults();

    @BeforeAll
    void boot() throws Exception {
        RunOptions o = RunOptions.defaults();
        LoadPathBench b = new LoadPathBench(Assemblies.standard(), o, dir);
        native16 = b.run(new LoadPathBench.Case(LoadPathBench.LoadPath.NATIVE, 16 * 1024, "-"));
        native32 = b.run(new LoadPathBench.Case(LoadPathBench.LoadPath.NATIVE, 32 * 1024, "-"));
        tee16 = b.run(new LoadPathBench.Case(LoadPathBench.LoadPath.TEE, 16 * 1024, "rsa4096"));
        tee32 = b.run(new LoadPathBench.Case(LoadPathBench.LoadPath.TEE, 32 * 1024, "rsa4096"));
        byte[] base = Files.readAllBytes(o.root().resolve("firmware/rpmsg_echo/rpmsg_echo.elf"));
        elf16 = PaddedFirmware.pad(base, 16 * 1024);
        elf32 = PaddedFirmware.pad(base, 32 * 1024);
    }

    @Test
    void everyBootReachesTheFirstAnnouncement() {
        for (var r : List.of(native16, native32, tee16, tee32)) assertEquals("ok", r.outcome(), r.c().label());
    }

    @Test
    void requestFirmwareIsTheFileAtTheReadRate() {
        for (var r : List.of(native16, native32, tee16, tee32)) {
            assertEquals(org.mp15sim.core.time.SimTime.transferTime(r.fileBytes(), linux.firmwareReadRate()), r.requestFirmware(), r.c().label());
        }
    }

    @Test
    void teeCopyIsEverySegmentAtTheCopyRate() {
        assertEquals(sum(elf16, tee::copyTime), tee16.copy());
        assertEquals(sum(elf32, tee::copyTime), tee32.copy());
    }

    @Test
    void sixteenMoreKibGrowTheHashAndTheCopiesLinearly() {
        // authentication: only the segment hashes depend on the size (same number of segments, same TLVs)
        assertEquals(sum(elf32, tee::sha256Time) - sum(elf16, tee::sha256Time), tee32.authenticate() - tee16.authenticate());
        assertEquals(tee.sha256Time(32 * 1024) - tee.sha256Time(16 * 1024), tee32.authenticate() - tee16.authenticate());
        // the native path copies every segment's memsz at the A7 memcpy rate
        assertEquals(org.mp15sim.core.time.SimTime.transferTime(memsz(elf32), linux.memcpyRate()) - org.mp15sim.core.time.SimTime.transferTime(memsz(elf16), linux.memcpyRate()),
                native32.load() - native16.load());
        // the TEE path's Linux-side work does not depend on the size
        assertEquals(tee16.load(), tee32.load());
    }

    @Test
    void theFirmwareAnnouncesAsFastWhateverItsSize() {
        assertEquals(native16.announce(), native32.announce());
        assertEquals(tee16.announce(), tee32.announce());
        assertTrue(native16.announce() > 0);
    }

    @Test
    void teeCostsTheSignatureCheckOnTop() {
        assertTrue(tee16.authenticate() >= tee.rsaVerifyTime(4096), "an RSA-4096 verification is part of authentication");
        assertTrue(tee16.total() > native16.total());
    }

    private static long sum(byte[] elf, java.util.function.LongUnaryOperator cost) {
        long t = 0;
        for (Elf32ProgramHeader h : Elf32File.parse(elf).programHeaders()) if (h.isLoad() && h.filesz() > 0) t += cost.applyAsLong(h.filesz());
        return t;
    }

    private static long memsz(byte[] elf) {
        long t = 0;
        for (Elf32ProgramHeader h : Elf32File.parse(elf).programHeaders()) if (h.isLoad()) t += h.memsz();
        return t;
    }

    @Test
    void tablesAndChartAreWritten(@TempDir Path out) throws Exception {
        String md = LoadPathBench.markdown(List.of(native16, tee16));
        assertTrue(md.startsWith("| path | key | region | load bytes"), md);
        assertEquals(3, LoadPathBench.csv(List.of(native16, tee16)).lines().count());
        assertTrue(LatencyChart.write(List.of(native16, native32, tee16, tee32), out.resolve("c.png"), false));
        byte[] png = Files.readAllBytes(out.resolve("c.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
