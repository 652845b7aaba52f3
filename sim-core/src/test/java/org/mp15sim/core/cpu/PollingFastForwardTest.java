package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.unicorn.ArmReg;

/** The polling fast-forward skips side-effect-free loops and leaves every observable exactly as without it. */
class PollingFastForwardTest {
    private static final long FLAG = 0x1002_0000L;

    /**
     * Thread: poll a RAM flag through a call (three blocks of 1, 3 and 2 instructions, so slice ends fall
     * inside an iteration) until non-zero, store it at FLAG + 4, then "b .".
     */
    private static void pollProgram(AddressSpace space) {
        pollProgram(space, FLAG, false);
    }

    /** The poll program with its flag at {@code flag}; {@code storing} makes the polled routine also store the flag at +8. */
    private static void pollProgram(AddressSpace space, long flag, boolean storing) {
        HandImage.vectors(space, HandImage.STACK_TOP);
        HandImage.code(space, HandImage.THREAD,
                0x4904,          // ldr r1, [pc, #16]   (literal flag)
                0xF000, 0xF804,  // loop: bl sub
                0x2800,          // cmp r0, #0
                0xD0FB,          // beq loop
                0x6048,          // str r0, [r1, #4]
                0xE7FE,          // b .
                0x6808,          // sub: ldr r0, [r1]
                storing ? 0x6088 : 0xBF00, // str r0, [r1, #8] or nop
                0x4770,          // bx lr
                (int) (flag & 0xFFFF), (int) (flag >>> 16)); // .word flag
        space.write32(flag, 0);
        space.write32(flag + 4, 0);
    }

    /** Instructions, PC and the stored flag at checkpoints around an external write of the flag. */
    private static List<Long> pollRun(boolean fastForward, long[] skips) {
        try (FirmwareRig rig = new FirmwareRig()) {
            rig.core().setPollingFastForward(fastForward);
            AddressSpace space = rig.space();
            pollProgram(space);
            List<Long> seen = flagCheckpoints(rig.scheduler(), rig.core(), space, FLAG, 1, null);
            skips[0] = rig.core().pollingFastForwardStats()[0];
            return seen;
        }
    }

    /**
     * Boots the core, sets {@code flag} to 0x5A from outside at an odd time, and at checkpoints around that
     * notes instructions, PC and the {@code words} words after the flag; {@code stats}, if given, receives
     * the first four fast-forward statistics just before the flag is set.
     */
    private static List<Long> flagCheckpoints(Scheduler scheduler, ArmV7mCore core, AddressSpace space, long flag,
            int words, long[] stats) {
        long setAt = SimTime.us(3_333) + 17;
        scheduler.scheduleAt("set flag", setAt, () -> space.write32(flag, 0x5A));
        core.resetAndRun();
        List<Long> seen = new ArrayList<>();
        for (long t : new long[] {SimTime.us(100), SimTime.ms(1), setAt - 1, setAt, setAt + SimTime.us(1),
                SimTime.us(3_500), SimTime.ms(7)}) {
            scheduler.runUntil(t);
            seen.add(core.instructions());
            seen.add((long) core.register(ArmReg.PC));
            for (int w = 1; w <= words; w++) seen.add((long) space.read32(flag + 4L * w));
            if (stats != null && t == setAt - 1) System.arraycopy(core.pollingFastForwardStats(), 0, stats, 0, 4);
        }
        return seen;
    }

    @Test
    void aPollingLoopEndsAtTheSameInstructionAsWithoutFastForward() {
        long[] on = new long[1];
        long[] off = new long[1];
        List<Long> a = pollRun(true, on);
        List<Long> b = pollRun(false, off);
        assertEquals(b, a);
        assertTrue(on[0] > 0, "the poll loop and the final 'b .' were fast-forwarded");
        assertEquals(0, off[0]);
        assertEquals(0x5AL, a.get(a.size() - 1), "the loop saw the flag");
    }

    private static String fingerprint(String program, boolean fastForward, long[] skips) {
        try (FirmwareRig rig = new FirmwareRig()) {
            rig.core().setPollingFastForward(fastForward);
            long[] f = RunFingerprint.runToExit(rig, program);
            skips[0] = rig.core().pollingFastForwardStats()[0];
            return Arrays.toString(f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"systick", "nested", "wfi", "pendsv", "irq_storm", "bench_mix"})
    void firmwareRunsIdenticallyWithAndWithoutFastForward(String program) {
        long[] skips = new long[1];
        assertEquals(fingerprint(program, false, skips), fingerprint(program, true, skips));
    }

    /** [loops armed, memory copies, skips] after 5 ms of a hand-made loop. */
    private static long[] probeCosts(boolean counting) {
        try (FirmwareRig rig = new FirmwareRig()) {
            AddressSpace space = rig.space();
            if (counting) {
                HandImage.vectors(space, HandImage.STACK_TOP);
                HandImage.code(space, HandImage.THREAD,
                        0x3001,  // loop: adds r0, #1
                        0xE7FD); //       b loop
            } else {
                pollProgram(space);
            }
            rig.core().resetAndRun();
            rig.scheduler().runUntil(SimTime.ms(5));
            long[] s = rig.core().pollingFastForwardStats();
            return new long[] {s[4], s[5], s[0]};
        }
    }

    @Test
    void aComputeLoopCostsTheProbesNoMemoryCopies() {
        long[] counting = probeCosts(true);
        assertTrue(counting[0] > 0, "the counting loop was probed");
        assertEquals(0, counting[1], "its registers never repeat, so memory is never copied");
        assertEquals(0, counting[2]);
        long[] polling = probeCosts(false);
        assertTrue(polling[1] > 0, "the polling loop's registers repeat: memory is copied to compare");
        assertTrue(polling[2] > 0, "and the loop is fast-forwarded");
    }

    @Test
    void theSysTickBusyWaitIsFastForwarded() {
        long[] skips = new long[1];
        fingerprint("systick", true, skips);
        assertTrue(skips[0] > 0, "while (ticks < 10) between SysTick interrupts is a pure loop");
    }

    // ============================================================================ loops over a large DDR

    private static final long DDR_BASE = 0xC000_0000L;
    private static final long DDR_SIZE = 512L << 20;

    /** The FirmwareRig memories plus a 512 MiB DDR window (an anonymous mapping larger than MAX_COMPARED). */
    private static final class DdrRig implements AutoCloseable {
        final Scheduler scheduler = new Scheduler();
        final PhysicalMemory retram = new PhysicalMemory("RETRAM", 64 * 1024);
        final PhysicalMemory sram = new PhysicalMemory("MCU SRAM", 384 * 1024);
        final PhysicalMemory ddr = new PhysicalMemory("DDR", DDR_SIZE);
        final AddressSpace space = new AddressSpace("m4", FirmwareRig.MASTER);
        final ArmV7mCore core;

        DdrRig(boolean fastForward) {
            space.setUnmappedPolicy(UnmappedPolicy.BUS_ERROR);
            space.mapMemory(0, retram);
            space.mapMemory(FirmwareRig.SRAM_BASE, sram);
            space.mapMemory(DDR_BASE, ddr);
            core = new ArmV7mCore(scheduler, new ClockDomain("m4", FirmwareRig.CORE_HZ), space,
                    ArmV7mConfig.cortexM4("m4"));
            core.setPollingFastForward(fastForward);
        }

        @Override
        public void close() {
            core.close();
            scheduler.close();
            retram.close();
            sram.close();
            ddr.close();
        }
    }

    private static final long DDR_COUNTER = DDR_BASE + 0x10_0000L;

    /**
     * Thread: increment a counter in DDR forever and clear the register that held it, so that every core
     * register is the same at each iteration start and only the DDR word changes (one block of 5
     * instructions; the first block also holds the literal load: 6).
     */
    private static List<Long> ddrCounterRun(boolean fastForward, long[] stats) {
        try (DdrRig rig = new DdrRig(fastForward)) {
            HandImage.vectors(rig.space, HandImage.STACK_TOP);
            HandImage.code(rig.space, HandImage.THREAD,
                    0x4902,          // ldr r1, [pc, #8]   (literal DDR_COUNTER)
                    0x6808,          // loop: ldr r0, [r1]
                    0x3001,          // adds r0, #1
                    0x6008,          // str r0, [r1]
                    0x2000,          // movs r0, #0
                    0xE7FA,          // b loop
                    0x0000, (int) (DDR_COUNTER >>> 16)); // .word DDR_COUNTER
            rig.core.resetAndRun();
            List<Long> seen = new ArrayList<>();
            for (long t : new long[] {SimTime.us(100), SimTime.ms(1), SimTime.ms(3)}) {
                rig.scheduler.runUntil(t);
                long insns = rig.core.instructions();
                long counter = rig.space.read32(DDR_COUNTER) & 0xFFFF_FFFFL;
                assertEquals(insns, 5 * counter + 1, "every iteration ran and stored its count (at " + t + " ps)");
                seen.add(insns);
                seen.add(counter);
            }
            System.arraycopy(rig.core.pollingFastForwardStats(), 0, stats, 0, 4);
            return seen;
        }
    }

    @Test
    void aLoopThatOnlyChangesDdrIsNotFastForwarded() {
        long[] on = new long[4];
        long[] off = new long[4];
        List<Long> a = ddrCounterRun(true, on);
        assertEquals(ddrCounterRun(false, off), a);
        assertEquals(0, on[0], "the loop writes a new value into DDR at every iteration: not a fixed point");
        assertTrue(a.get(a.size() - 1) > 100_000, "the counter kept counting: " + a);
    }

    /**
     * {@link #pollRun} with the flag in DDR, optionally with {@code busy} bytes of other DDR pages resident;
     * {@code storing}: the poll subroutine also stores the value it read at flag + 8 (0 while polling: a
     * fixed point, but one the instruction check cannot prove). Statistics are taken just before the flag
     * is set, while only the poll loop has run.
     */
    private static List<Long> ddrPollRun(boolean fastForward, long busy, boolean storing, long[] stats) {
        long flag = DDR_BASE + 0x20_0000L;
        try (DdrRig rig = new DdrRig(fastForward)) {
            AddressSpace space = rig.space;
            pollProgram(space, flag, storing);
            if (busy > 0) {
                space.fill(DDR_BASE + (64L << 20), busy, (byte) 0xA5); // resident, too much to compare
            }
            return flagCheckpoints(rig.scheduler, rig.core, space, flag, 2, stats);
        }
    }

    @Test
    void aLoopPollingAFlagInDdrIsStillFastForwardedExactly() {
        long[] on = new long[4];
        long[] off = new long[4];
        long busy = ResidentPages.MAX_RESIDENT + (1L << 20);
        List<Long> a = ddrPollRun(true, busy, false, on);
        assertEquals(ddrPollRun(false, busy, false, off), a);
        assertTrue(on[0] > 0, "the loop only reads: it is a fixed point whatever the DDR holds");
        assertEquals(0, on[3]);
        assertEquals(0, off[0]);
        assertEquals(0x5AL, a.get(a.size() - 2), "the loop saw the flag");
    }

    @Test
    void aLoopStoringAnUnchangedValueIntoDdrIsFastForwardedThroughItsResidentPages() {
        long[] on = new long[4];
        long[] off = new long[4];
        List<Long> a = ddrPollRun(true, 0, true, on);
        assertEquals(ddrPollRun(false, 0, true, off), a);
        assumeTrue(ResidentPages.available(), "no mincore on this host: loops that store are never skipped");
        assertTrue(on[0] > 0, "storing the 0 already there changes nothing: a fixed point");
        assertEquals(0, on[3]);
        assertEquals(0x5AL, a.get(a.size() - 2), "the loop saw the flag");
        assertEquals(0x5AL, a.get(a.size() - 1), "and stored it once more before leaving");
    }

    @Test
    void tooMuchResidentDdrDisablesTheFastForwardOfStoringLoopsButNotExactness() {
        long[] on = new long[4];
        long[] off = new long[4];
        long busy = ResidentPages.MAX_RESIDENT + (1L << 20);
        List<Long> a = ddrPollRun(true, busy, true, on);
        assertEquals(ddrPollRun(false, busy, true, off), a);
        assertEquals(0, on[0], "more than MAX_RESIDENT of DDR resident: no storing loop is skipped");
        assertTrue(on[3] > 0, "the fixed points given up are counted");
        assertEquals(0x5AL, a.get(a.size() - 2), "the loop saw the flag");
    }

    @Test
    void storesExceptionsAndSystemInstructionsAreNotStoreFree() {
        int[][] writes = {{0x6008, 0}, {0x5088, 0}, {0x7008, 0}, {0x8008, 0}, {0x9001, 0}, {0xB510, 0}, {0xC103, 0},
            {0xDF00, 0}, {0xDE00, 0}, {0xBE00, 0}, {0xB672, 0}, {0xF8C1, 0x0004}, {0xF841, 0x0D04}, {0xE9C1, 0x0100},
            {0xE92D, 0x4010}, {0xE841, 0x2000}, {0xED81, 0x0A00}, {0xED2D, 0x8B02}, {0xF380, 0x8808}, {0xE8D0, 0xF001}};
        for (int[] w : writes) {
            assertTrue(ThumbStores.mayWrite(w[0], w[1]), Integer.toHexString(w[0]) + " " + Integer.toHexString(w[1]));
        }
        int[][] pure = {{0x6808, 0}, {0x5888, 0}, {0x4904, 0}, {0x2800, 0}, {0xD0FB, 0}, {0xE7FE, 0}, {0xBF00, 0},
            {0xBF30, 0}, {0xB90B, 0}, {0x4468, 0}, {0x4608, 0}, {0x4770, 0}, {0xF000, 0xF804}, {0xF000, 0xB800}, {0xF040, 0x8000},
            {0xF8D1, 0x0004}, {0xF851, 0x0B04}, {0xEB01, 0x0002}, {0xFBB0, 0xF0F1}, {0xF04F, 0x0001}};
        for (int[] p : pure) {
            assertTrue(!ThumbStores.mayWrite(p[0], p[1]), Integer.toHexString(p[0]) + " " + Integer.toHexString(p[1]));
        }
        // Stack forms write near SP only; any other write of SP is unbounded.
        assertEquals(64, ThumbStores.reach(0xB510, 0));          // push {r4, lr}
        assertEquals(64, ThumbStores.reach(0xBD10, 0));          // pop {r4, pc}
        assertEquals(512, ThumbStores.reach(0xB082, 0));         // sub sp, #8
        assertEquals(1024, ThumbStores.reach(0x9001, 0));        // str r0, [sp, #4]
        assertEquals(64, ThumbStores.reach(0xE92D, 0x4FF0));     // push.w {r4-r11, lr}
        assertEquals(64, ThumbStores.reach(0xE8BD, 0x8FF0));     // pop.w {r4-r11, pc}
        assertEquals(4096, ThumbStores.reach(0xF8CD, 0x0004));   // str.w r0, [sp, #4]
        assertEquals(ThumbStores.ANYWHERE, ThumbStores.reach(0xF84D, 0x0002)); // str.w r0, [sp, r2]
        assertEquals(ThumbStores.ANYWHERE, ThumbStores.reach(0x4685, 0));      // mov sp, r0
        assertEquals(ThumbStores.ANYWHERE, ThumbStores.reach(0x4485, 0));      // add sp, r0
        assertEquals(ThumbStores.ANYWHERE, ThumbStores.reach(0xF1AD, 0x5D80)); // sub.w sp, sp, #4096
        assertEquals(ThumbStores.ANYWHERE, ThumbStores.reach(0xF8DD, 0xD004)); // ldr.w sp, [sp, #4]
    }
}
