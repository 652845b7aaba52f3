package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.cpu.bench.TestDevice;
import org.mp15sim.core.time.SimTime;

/** Runs each program of firmware/ on the core and checks what it reports. */
class FirmwareProgramsTest {
    private FirmwareRig rig;

    @AfterEach
    void close() {
        if (rig != null) {
            rig.close();
        }
    }

    private TestDevice run(String program, long limitMs) {
        rig = new FirmwareRig();
        rig.boot(FirmwareRig.firmware(program));
        boolean done = rig.runUntilExit(SimTime.ms(limitMs));
        assertTrue(done, program + " did not finish in " + limitMs + " ms; core " + rig.core() + ", faults "
                + rig.core().faults());
        return rig.testDevice();
    }

    private static float f(int bits) {
        return Float.intBitsToFloat(bits);
    }

    @Test
    void fpuMathMatchesIeeeSinglePrecision() {
        TestDevice d = run("fpu", 10);
        assertEquals(0, d.exitCode());
        assertEquals(Math.fma(1.5f, -2.25f, 3.0f), f(d.result(0)));
        assertEquals(5.0f, f(d.result(1)));
        assertEquals(3.0f / 0.1f, f(d.result(2)));
        float h = 0;
        for (int i = 1; i <= 100; i++) {
            h += 1.0f / i;
        }
        assertEquals(h, f(d.result(3)));
        assertEquals(-9, d.result(4));
    }

    @Test
    void sysTickInterruptsAtOneKilohertz() {
        TestDevice d = run("systick", 100);
        assertEquals(0, d.exitCode(), "exit code");
        assertEquals(20, d.result(0), "ticks counted");
        long sleptUs = d.result(1) & 0xFFFF_FFFFL;
        assertTrue(sleptUs >= 9_000 && sleptUs <= 11_000, "10 ticks at 1 kHz took " + sleptUs + " us");
        assertEquals(1, d.result(2), "TICKINT off: no more interrupts");
        assertEquals(0, d.result(3), "COUNTFLAG clears on read");
        assertEquals(208_999, d.result(4));
        assertTrue(rig.core().exceptionsTaken() >= 20);
    }

    @Test
    void svcPassesArgumentsAndReturnsThroughTheStackedFrame() {
        TestDevice d = run("svc", 10);
        assertEquals(0, d.exitCode());
        assertEquals(47, d.result(0));
        assertEquals(14, d.result(1), "stacked r0");
        assertEquals(5, d.result(2), "stacked r1");
        assertEquals(0x12121212, d.result(5), "stacked r12");
        long stackedPc = d.result(7) & 0xFFFF_FFFFL;
        assertEquals(0xDF07, rig.space().read16(stackedPc - 2) & 0xFFFF, "stacked PC follows the svc #7");
        assertEquals(1 << 24, d.result(8) & (1 << 24), "stacked xPSR has T set");
        assertEquals(0, d.result(8) & 0x1FF, "stacked IPSR: thread mode");
        assertEquals(0xFFFF_FFF9, d.result(9), "EXC_RETURN thread/MSP/basic frame");
        assertEquals(0x900D, d.result(10));
        assertEquals(7, d.result(11));
        assertEquals(9, d.result(12));
        assertEquals(2, d.result(13));
    }

    @Test
    void nestedPreemptionTailChainingAndMasking() {
        TestDevice d = run("nested", 10);
        assertEquals(0, d.exitCode());
        int n = d.result(0);
        int[] trace = new int[n];
        for (int i = 0; i < n; i++) {
            trace[i] = d.result(10 + i);
        }
        assertEquals(2, d.result(1), "maximum nesting depth");
        assertEquals(1, d.result(9), "IRQ0 pending while BASEPRI masks it");
        assertEquals(java.util.Arrays.toString(expectedTrace()), java.util.Arrays.toString(trace));
    }

    /** The order nested/main.c must log, per ARMv7-M priority rules. */
    static int[] expectedTrace() {
        return new int[] {
            1,
            0x10,         // IRQ0 (0x80) entered
            0x23,         // IRQ1 (0x40) preempts at once; IABR shows IRQ0 and IRQ1 active
            0x11,         // back in IRQ0
            0x12,         // IRQ2 (0xC0) pended but cannot preempt IRQ0
            0x34,         // IRQ2 tail-chained after IRQ0: only IRQ2 active
            2,
            3,            // BASEPRI 0x80 holds IRQ0
            4,            // disabled while pending: still held after BASEPRI is cleared
            0x10, 0x23, 0x11, 0x12, 0x34, // enabling it lets it run, same chain again
            5,
            6,            // PRIMASK holds IRQ3 and IRQ1
            0x22,         // cpsie: IRQ1 (0x40) first, alone active
            0x40,         // then IRQ3
            7,
            0x10, 0x11, 0x12, // IRQ0 and IRQ3 both pending at 0x80: IRQ0 (lower number) first; IRQ1/2 disabled
            0x40,         // IRQ3 tail-chained
            8,
        };
    }

    @Test
    void pendSvSwitchesTasksOnPspWithFpFrames() {
        TestDevice d = run("pendsv", 50);
        assertEquals(0, d.exitCode(), "exit code " + Integer.toHexString(d.exitCode()));
        int a = d.result(0);
        int b = d.result(1);
        assertTrue(a >= 50 && b >= 50, a + " / " + b);
        assertEquals(0.5f * a, f(d.result(2)), "task A's float accumulator survived every switch");
        assertEquals(0.25f * b, f(d.result(3)), "task B's float accumulator survived every switch");
        assertTrue(d.result(4) >= 100, "switches " + d.result(4));
        assertEquals(0xFFFF_FFED, d.result(6), "PendSV from a task: thread, PSP, extended FP frame");
        assertEquals(6, d.result(7) & 6, "tasks run on PSP with an FP context (CONTROL.SPSEL|FPCA)");
    }

    @Test
    void wfiSleepsUntilSysTickOrAnExternalLineAndHonoursSleepOnExit() {
        TestDevice d = run("wfi", 100);
        assertEquals(0, d.exitCode());
        assertEquals(5, d.result(0));
        long t = d.result(1) & 0xFFFF_FFFFL;
        assertTrue(t >= 4_000 && t <= 6_000, "5 SysTick wake-ups took " + t + " us");
        assertEquals(3, d.result(2), "IRQ3 handled three times");
        assertEquals(1, d.result(3), "main did not run between the handlers (SLEEPONEXIT)");
        long t2 = d.result(4) & 0xFFFF_FFFFL;
        assertTrue(t2 >= 4_000 && t2 <= 4_500, "2 ms + 1 ms + 1 ms of external wake-ups took " + t2 + " us");
    }

    @Test
    void faultsGoToUsageFaultOrEscalateToHardFault() {
        TestDevice d = run("fault", 10);
        assertEquals(0x4A4A, d.exitCode());
        assertEquals(SystemControlSpace.CFSR_UNDEFINSTR, d.result(0), "UsageFault saw UNDEFINSTR");
        long udf = rig.firmwareImage().requireSymbol("udf_site") & ~1L;
        assertEquals(udf, d.result(1) & 0xFFFF_FFFFL, "stacked PC = the UDF");
        assertEquals(1, d.result(2));
        assertEquals(0x600D, d.result(10), "returned past the UDF");
        assertEquals(SystemControlSpace.CFSR_PRECISERR | SystemControlSpace.CFSR_BFARVALID, d.result(3), "CFSR");
        assertEquals(SystemControlSpace.HFSR_FORCED, d.result(4), "HFSR");
        assertEquals(0x6000_0000, d.result(5), "BFAR");
        long load = rig.firmwareImage().requireSymbol("bad_load_site") & ~1L;
        assertEquals(load, d.result(6) & 0xFFFF_FFFFL, "stacked PC = the faulting load");
        assertEquals(0xFFFF_FFF9, d.result(7));
        assertEquals(3, d.result(8), "IPSR in the handler");
        assertEquals(2, rig.core().faults().size());
        assertEquals(4, rig.core().faultLine().transitions(), "fault output pulsed once per fault");
        assertTrue(rig.core().faults().get(1).escalated());
        assertNull(rig.core().lockup());
    }

    @Test
    void faultInHardFaultLocksUp() {
        rig = new FirmwareRig();
        rig.boot(FirmwareRig.firmware("lockup"));
        assertTrue(rig.runUntilExit(SimTime.ms(10)));
        assertEquals(ArmV7mCore.State.LOCKED_UP, rig.core().state());
        assertTrue(rig.core().lockupLine().isHigh());
        TestDevice d = rig.testDevice();
        assertEquals(1, d.result(3));
        assertEquals(0, d.result(4), "the faulting load did not complete");
        assertEquals(0xAAAA, d.result(1), "HardFault handler ran");
        assertEquals(SystemControlSpace.HFSR_FORCED, d.result(0));
        assertEquals(0, d.result(2), "nothing after the second fault");
        CoreFault lockup = rig.core().lockup();
        assertEquals(0x6000_0004L, lockup.address());
        assertTrue(lockup.kind().contains("BusFault"), lockup.toString());
        long t = rig.scheduler().now();
        rig.scheduler().runFor(SimTime.ms(5));
        assertEquals(ArmV7mCore.State.LOCKED_UP, rig.core().state(), "stays locked up");
        assertTrue(rig.scheduler().now() > t);
    }

    @Test
    void sysResetRequestNeedsTheKeyAndIsSignalled() {
        rig = new FirmwareRig();
        int[] requests = new int[1];
        rig.core().addListener(new ArmV7mCore.Listener() {
            @Override
            public void sysResetRequested() {
                requests[0]++;
                rig.core().resetAndRun(); // what an SoC with BOOT_MCU set would do
            }
        });
        rig.boot(FirmwareRig.firmware("sysreset"));
        assertTrue(rig.runUntilExit(SimTime.ms(10)));
        TestDevice d = rig.testDevice();
        assertEquals(0, d.exitCode());
        assertEquals(1, requests[0], "one request: the wrong key was ignored");
        assertEquals(2, d.result(0), "firmware started twice");
        assertEquals(0x1C0DE, d.result(1), "ran on after the write with the wrong key");
    }

    @Test
    void reloadingAfterARunExecutesTheNewImage() {
        TestDevice d = run("fpu", 10);
        assertEquals(0, d.exitCode());
        rig.boot(FirmwareRig.firmware("svc")); // same addresses, new code: stale translations must go
        assertTrue(rig.runUntilExit(SimTime.ms(10)));
        assertEquals(47, rig.testDevice().result(0));
    }

    @Test
    void sameFirmwareGivesTheSameRunTwice() {
        long[] first = runFingerprint();
        long[] second = runFingerprint();
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
    }

    private long[] runFingerprint() {
        try (FirmwareRig r = new FirmwareRig()) {
            r.boot(FirmwareRig.firmware("wfi"));
            assertTrue(r.runUntilExit(SimTime.ms(100)));
            return new long[] {r.core().instructions(), r.core().exceptionsTaken(), r.testDevice().exitTime(),
                r.scheduler().now(), r.testDevice().result(1), r.testDevice().result(4)};
        }
    }
}
