package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.unicorn.ArmReg;

/** WFE and the event input, IRQ wake-up from WFI through a wire, and the hold input. */
class SleepAndHoldTest {
    private FirmwareRig rig;

    @BeforeEach
    void setUp() {
        rig = new FirmwareRig();
        HandImage.vectors(rig.space(), HandImage.STACK_TOP);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private int reg(int id) {
        return rig.core().register(id);
    }

    @Test
    void wfeSleepsUntilTheEventInput() {
        // wfe ; adds r4,#1 ; b .-2 (back to wfe)
        HandImage.code(rig.space(), HandImage.THREAD, 0xBF20, 0x3401, 0xE7FC);
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.SLEEPING, rig.core().state());
        assertEquals(0, reg(ArmReg.r(4)));
        long instructions = rig.core().instructions();
        rig.scheduler().runFor(SimTime.ms(5));
        assertEquals(instructions, rig.core().instructions(), "no instruction runs while asleep");
        rig.core().event();
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(1, reg(ArmReg.r(4)), "one event: one pass through the loop");
        assertEquals(ArmV7mCore.State.SLEEPING, rig.core().state());
    }

    @Test
    void wfiWakesWhenAConnectedLineRises() {
        // wfi ; adds r4,#1 ; b .-2
        HandImage.code(rig.space(), HandImage.THREAD, 0xBF30, 0x3401, 0xE7FC);
        // adds r5,#1 ; bx lr
        HandImage.code(rig.space(), HandImage.IRQ0_HANDLER, 0x3501, 0x4770);
        IrqLine line = new IrqLine(rig.scheduler(), "dev irq");
        rig.core().connectIrq(0, line);
        rig.core().resetAndRun();
        rig.core().nvic().setEnabled(Nvic.FIRST_IRQ, true);
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.SLEEPING, rig.core().state());
        rig.scheduler().schedule(SimTime.us(300), line::pulse);
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(1, reg(ArmReg.r(5)), "handler ran");
        assertEquals(1, reg(ArmReg.r(4)), "main ran once after the handler, then slept again");
        assertEquals(ArmV7mCore.State.SLEEPING, rig.core().state());
    }

    @Test
    void heldCoreDoesNothingAndReleaseBootsIt() {
        HandImage.code(rig.space(), HandImage.THREAD, 0x3401, 0xE7FD); // adds r4,#1 ; b .-2
        rig.core().setHeld(true);
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.HELD, rig.core().state());
        assertEquals(0, rig.core().instructions());
        rig.core().setHeld(false);
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.RUNNING, rig.core().state());
        long n = rig.core().instructions();
        assertTrue(n > 100_000, n + " instructions in 1 ms at 209 MHz");
        rig.core().setHeld(true);
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(n, rig.core().instructions(), "held again: stopped");
    }

    @Test
    void timeAdvancesByInstructionsTimesCpi() {
        HandImage.code(rig.space(), HandImage.THREAD, 0x3401, 0xE7FD);
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(10));
        long n = rig.core().instructions();
        long expected = 2_090_000; // 10 ms at 209 MHz, CPI 1
        assertTrue(Math.abs(n - expected) <= 20_000 + 1, n + " instructions, expected about " + expected);
    }
}
