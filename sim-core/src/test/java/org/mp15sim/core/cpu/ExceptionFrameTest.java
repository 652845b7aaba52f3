package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.unicorn.ArmReg;

/** Exception frames as ARMv7-M B1.5.6-B1.5.8 lay them out, checked with hand-assembled code. */
class ExceptionFrameTest {
    private FirmwareRig rig;
    private AddressSpace space;

    @BeforeEach
    void setUp() {
        rig = new FirmwareRig();
        space = rig.space();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private int reg(int id) {
        return rig.core().register(id);
    }

    private void run() {
        rig.scheduler().runFor(SimTime.ms(1));
    }

    @Test
    void frameOnAStackFourModEightIsRealignedAndMarkedInXpsrBit9() {
        HandImage.vectors(space, 0x1003_FFFC);
        // svc #1 ; movs r7, #0x55 ; b .
        HandImage.code(space, HandImage.THREAD, 0xDF01, 0x2755, 0xE7FE);
        // mov r8, sp ; mov r11, lr ; bx lr
        HandImage.code(space, HandImage.SVC_HANDLER, 0x46E8, 0x46F3, 0x4770);
        rig.core().resetAndRun();
        run();
        long frame = reg(ArmReg.r(8)) & 0xFFFF_FFFFL;
        assertEquals(0x1003_FFD8L, frame, "8-byte aligned frame below SP 0x1003FFFC");
        int stackedXpsr = space.read32(frame + 28);
        assertEquals(1 << 9, stackedXpsr & (1 << 9), "xPSR bit 9 records the realignment");
        assertEquals(1 << 24, stackedXpsr & (1 << 24));
        assertEquals(HandImage.THREAD + 2, space.read32(frame + 24) & 0xFFFF_FFFFL, "return address after svc");
        assertEquals(0xFFFF_FFF9, reg(ArmReg.r(11)));
        assertEquals(0x55, reg(ArmReg.r(7)), "returned to thread");
        assertEquals(0x1003_FFFC, reg(ArmReg.SP), "SP restored including the realignment word");
        assertEquals(0, reg(ArmReg.IPSR));
    }

    @Test
    void fpContextIsStackedAndRestoredAsAnExtendedFrame() {
        HandImage.vectors(space, HandImage.STACK_TOP);
        // movs r0,#5 ; vmov s0,r0 ; svc #1 ; vmov r7,s0 ; b .
        HandImage.code(space, HandImage.THREAD, 0x2005, 0xEE00, 0x0A10, 0xDF01, 0xEE10, 0x7A10, 0xE7FE);
        // mov r8, sp ; mov r11, lr ; movs r0,#9 ; vmov s0,r0 ; bx lr
        HandImage.code(space, HandImage.SVC_HANDLER, 0x46E8, 0x46F3, 0x2009, 0xEE00, 0x0A10, 0x4770);
        rig.core().resetAndRun();
        run();
        assertEquals(0xFFFF_FFE9, reg(ArmReg.r(11)), "EXC_RETURN: thread, MSP, extended frame");
        long frame = reg(ArmReg.r(8)) & 0xFFFF_FFFFL;
        assertEquals(HandImage.STACK_TOP - 0x68L, frame, "26-word frame");
        assertEquals(5, space.read32(frame + 0x20), "stacked S0");
        assertEquals(5, reg(ArmReg.r(7)), "S0 restored from the frame on return");
        assertEquals(HandImage.STACK_TOP, reg(ArmReg.SP));
        assertEquals(4, reg(ArmReg.CONTROL) & 4, "FPCA restored from EXC_RETURN bit 4");
    }

    @Test
    void unprivilegedThreadOnPspEntersPrivilegedHandlerOnMspAndReturns() {
        HandImage.vectors(space, HandImage.STACK_TOP);
        // movs r0,#3 ; msr control,r0 ; isb ; svc #2 ; mrs r6,control ; mov r5,sp ; b .
        HandImage.code(space, HandImage.THREAD, 0x2003, 0xF380, 0x8814, 0xF3BF, 0x8F6F, 0xDF02, 0xF3EF, 0x8614,
                0x466D, 0xE7FE);
        // mrs r9,control ; mov r8,sp ; mov r11,lr ; mrs r10,psp ; bx lr
        HandImage.code(space, HandImage.SVC_HANDLER, 0xF3EF, 0x8914, 0x46E8, 0x46F3, 0xF3EF, 0x8A09, 0x4770);
        rig.core().resetAndRun();
        rig.core().engine().regWrite(ArmReg.PSP, 0x1003_0000);
        run();
        assertEquals(0xFFFF_FFFD, reg(ArmReg.r(11)), "EXC_RETURN: thread, PSP, basic frame; faults "
                + rig.core().faults() + ", pc " + Integer.toHexString(reg(ArmReg.PC)));
        assertEquals(1, reg(ArmReg.r(9)) & 3, "handler: privileged code sees nPRIV=1, SPSEL=0");
        assertEquals(HandImage.STACK_TOP, reg(ArmReg.r(8)), "handler runs on MSP");
        assertEquals(0x1003_0000 - 0x20, reg(ArmReg.r(10)), "frame pushed on PSP");
        assertEquals(3, reg(ArmReg.r(6)) & 3, "thread again unprivileged on PSP");
        assertEquals(0x1003_0000, reg(ArmReg.r(5)), "PSP popped");
        assertEquals(0x1003_0000, reg(ArmReg.PSP));
        assertEquals(HandImage.STACK_TOP, reg(ArmReg.MSP));
    }

    @Test
    void externalIrqLineIsTakenAtABlockBoundaryAndTheLoopResumes() {
        HandImage.vectors(space, HandImage.STACK_TOP);
        // 0: adds r1,#1 ; b 0
        HandImage.code(space, HandImage.THREAD, 0x3101, 0xE7FD);
        // adds r4,#1 ; mov r8, lr ; bx lr   (r4: not in the frame, so the count survives the return)
        HandImage.code(space, HandImage.IRQ0_HANDLER, 0x3401, 0x46F0, 0x4770);
        rig.core().resetAndRun();
        rig.core().nvic().setEnabled(Nvic.FIRST_IRQ, true);
        run();
        rig.core().setIrqLevel(0, true);
        rig.core().setIrqLevel(0, false);
        run();
        assertEquals(1, reg(ArmReg.r(4)), "handler ran once for one pulse");
        assertEquals(0xFFFF_FFF9, reg(ArmReg.r(8)));
        int before = reg(ArmReg.r(1));
        run();
        assertEquals(true, reg(ArmReg.r(1)) != before, "thread loop runs on");
        assertEquals(0, rig.core().currentException());
    }
}
