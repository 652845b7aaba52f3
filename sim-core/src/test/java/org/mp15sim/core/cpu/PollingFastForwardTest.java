package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.mem.AddressSpace;
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
        HandImage.vectors(space, HandImage.STACK_TOP);
        HandImage.code(space, HandImage.THREAD,
                0x4904,          // ldr r1, [pc, #16]   (literal FLAG)
                0xF000, 0xF804,  // loop: bl sub
                0x2800,          // cmp r0, #0
                0xD0FB,          // beq loop
                0x6048,          // str r0, [r1, #4]
                0xE7FE,          // b .
                0x6808,          // sub: ldr r0, [r1]
                0xBF00,          // nop
                0x4770,          // bx lr
                0x0000, 0x1002); // .word FLAG
        space.write32(FLAG, 0);
        space.write32(FLAG + 4, 0);
    }

    /** Instructions, PC and the stored flag at checkpoints around an external write of the flag. */
    private static List<Long> pollRun(boolean fastForward, long[] skips) {
        try (FirmwareRig rig = new FirmwareRig()) {
            rig.core().setPollingFastForward(fastForward);
            AddressSpace space = rig.space();
            pollProgram(space);
            long setAt = SimTime.us(3_333) + 17;
            rig.scheduler().scheduleAt("set flag", setAt, () -> space.write32(FLAG, 0x5A));
            rig.core().resetAndRun();
            List<Long> seen = new ArrayList<>();
            for (long t : new long[] {SimTime.us(100), SimTime.ms(1), setAt - 1, setAt, setAt + SimTime.us(1),
                    SimTime.us(3_500), SimTime.ms(7)}) {
                rig.scheduler().runUntil(t);
                seen.add(rig.core().instructions());
                seen.add((long) rig.core().register(ArmReg.PC));
                seen.add((long) space.read32(FLAG + 4));
            }
            skips[0] = rig.core().pollingFastForwardStats()[0];
            return seen;
        }
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
            rig.boot(FirmwareRig.firmware(program));
            assertTrue(rig.runUntilExit(SimTime.ms(100)), program);
            long[] f = new long[9];
            f[0] = rig.core().instructions();
            f[1] = rig.core().exceptionsTaken();
            f[2] = rig.testDevice().exitTime();
            f[3] = rig.testDevice().exitCode();
            for (int i = 0; i < 4; i++) {
                f[4 + i] = rig.testDevice().result(i);
            }
            f[8] = rig.core().slices();
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

    @Test
    void theSysTickBusyWaitIsFastForwarded() {
        long[] skips = new long[1];
        fingerprint("systick", true, skips);
        assertTrue(skips[0] > 0, "while (ticks < 10) between SysTick interrupts is a pure loop");
    }
}
