package org.mp15sim.core.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The block-count table and the stop/watch bounds, as the native routine and the Java fallback see them. */
class BlockCounterTest {
    private static final long CODE = 0x1000_0000L;

    @Test
    void theTableKeysEachCountByAddressAndSize() {
        try (Unicorn uc = Unicorn.openCortexM(UcConst.UC_CPU_ARM_CORTEX_M4);
                BlockCounter c = BlockCounter.install(uc, (a, s) -> { }, 1, 0)) {
            assertEquals(-1, c.cached(CODE, 8));
            c.cache(CODE, 8, 3);
            assertEquals(3, c.cached(CODE, 8));
            assertEquals(-1, c.cached(CODE, 10), "same address, another block length");
            long alias = CODE + 2L * BlockCounter.CACHE_SIZE; // the same table entry
            assertEquals(-1, c.cached(alias, 8), "another address in the same entry");
            c.cache(alias, 8, 4);
            assertEquals(4, c.cached(alias, 8));
            assertEquals(-1, c.cached(CODE, 8), "direct-mapped: the newer block took the entry");
            c.cache(CODE, 0x1_0000, 5);
            assertEquals(-1, c.cached(CODE, 0x1_0000), "a length that does not fit an entry is never cached");
            c.clearCache();
            assertEquals(-1, c.cached(alias, 8));
        }
    }

    /**
     * Runs "loop: adds r0, #1; b loop" (one block of two instructions) with a stop bound of 101
     * instructions; returns {instructions counted, fallback calls, r0}.
     */
    private static long[] runLoop(boolean watch, boolean nativeHook) {
        try (Unicorn uc = Unicorn.openCortexM(UcConst.UC_CPU_ARM_CORTEX_M4)) {
            uc.memMap(CODE, 0x1000, UcConst.UC_PROT_ALL);
            uc.memWrite(CODE, UnicornBindingTest.thumb(0x3001, 0xE7FD));
            long[] calls = {0};
            BlockCounter[] c = new BlockCounter[1];
            BlockHook fallback = (a, size) -> {
                calls[0]++;
                BlockCounter k = c[0];
                if (k.executed() >= k.stopAt()) {
                    k.setStopped(true);
                    uc.emuStop();
                    return;
                }
                k.cache(a, size, size / 2);
                k.setExecuted(k.executed() + size / 2);
            };
            c[0] = nativeHook ? BlockCounter.install(uc, fallback, 1, 0) : BlockCounter.installJava(uc, fallback, 1, 0);
            try (BlockCounter k = c[0]) {
                k.setStopAt(101);
                k.setWatch(watch);
                assertEquals(101, k.stopAt(), "the real bound reads back whatever the watch");
                uc.emuStart(CODE | 1, 0xFFFF_FFFEL, 0, 0);
                assertTrue(k.stopped(), "stopped by the bound");
                return new long[] {k.executed(), calls[0], uc.regRead(ArmReg.R0)};
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theSliceStopsAtTheFirstBlockPastTheBound(boolean nativeHook) {
        long[] plain = runLoop(false, nativeHook);
        assertEquals(102, plain[0], "51 blocks of 2 reach 102 >= 101, then the next block does not start");
        assertEquals(51, plain[2], "r0 counts the blocks that ran");
        boolean inNative = nativeHook && BlockCounter.nativeCode() != null;
        assertEquals(inNative ? 1 : 52, plain[1], inNative ? "natively only the first block (a table miss) reaches Java"
                : "in Java every block, and the stop, is a call");
        long[] watching = runLoop(true, nativeHook);
        assertEquals(plain[0], watching[0], "watching changes who counts, not what");
        assertEquals(plain[2], watching[2]);
        assertEquals(52, watching[1], "while watching every block reaches the fallback");
    }
}
