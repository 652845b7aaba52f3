package org.mp15sim.core.unicorn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnicornLifecycleTest {
    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static void oneEngine() {
        try (Unicorn uc = Unicorn.openCortexM(UcConst.UC_CPU_ARM_CORTEX_M4)) {
            uc.memMap(0x1000_0000L, 0x10000, UcConst.UC_PROT_ALL);
            uc.memWrite(0x1000_0000L, UnicornBindingTest.thumb(0x3001, 0xDF01, 0xBF30));
            uc.mmioMap(0x4000_0000L, 0x1000, new MmioHandler() {
                @Override
                public long read(long offset, int size) {
                    return 0;
                }

                @Override
                public void write(long offset, int size, long value) {
                }
            });
            uc.hookBlock((a, s) -> { }, 1, 0);
            uc.hookInterrupt(n -> { });
            uc.hookInvalidMemory((t, a, s, v) -> false);
            uc.contextAlloc();
            uc.emuStart(0x1000_0001L, 0xFFFF_FFFEL, 0, 0);
        }
    }

    @Test
    void thousandEnginesOpenedAndClosedDoNotGrowNativeMemory() throws IOException {
        for (int i = 0; i < 50; i++) {
            oneEngine(); // warm up: JIT, library pages, allocator arenas
        }
        long before = rssKiB();
        for (int i = 0; i < 1000; i++) {
            oneEngine();
        }
        long growth = rssKiB() - before;
        // An engine that leaked would cost at least its 64 KiB mapping plus QEMU state (~MiBs) each.
        assertTrue(growth < 256 * 1024, "RSS grew by " + growth + " KiB over 1000 engines");
    }
}
