package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.core.cpu.bench.FirmwareRig;

/**
 * The committed firmware/bin/*.elf are what firmware/Makefile produces: rebuilt into a temporary
 * folder, byte for byte. Skipped (with the reason) without arm-none-eabi-gcc.
 */
class ReproducibleFirmwareTest {
    @Test
    void committedElfsMatchAFreshBuild(@TempDir Path out) throws Exception {
        Path gcc = Path.of("/usr/bin/arm-none-eabi-gcc");
        assumeTrue(Files.isExecutable(gcc) || onPath("arm-none-eabi-gcc"),
                "arm-none-eabi-gcc not installed (apt-get install gcc-arm-none-eabi): cannot rebuild firmware/");
        assumeTrue(onPath("make"), "make not installed: cannot rebuild firmware/");
        Path dir = FirmwareRig.firmwareDir();
        Process p = new ProcessBuilder("make", "-s", "OUT=" + out).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(300, TimeUnit.SECONDS), "make timed out");
        assertEquals(0, p.exitValue(), "make failed:\n" + output);
        List<Path> committed;
        try (Stream<Path> s = Files.list(dir.resolve("bin"))) {
            committed = s.filter(f -> f.toString().endsWith(".elf")).sorted().toList();
        }
        assertFalse(committed.isEmpty(), "no committed ELFs in " + dir.resolve("bin"));
        for (Path elf : committed) {
            Path fresh = out.resolve(elf.getFileName());
            assertEquals(true, Files.exists(fresh), elf.getFileName() + " has no source program any more");
            assertArrayEquals(Files.readAllBytes(elf), Files.readAllBytes(fresh),
                    elf.getFileName() + " differs from a fresh build: run make in firmware/ and commit bin/");
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(committed.size(), s.filter(f -> f.toString().endsWith(".elf")).count(),
                    "a program's ELF is not committed in firmware/bin");
        }
    }

    private static boolean onPath(String tool) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
