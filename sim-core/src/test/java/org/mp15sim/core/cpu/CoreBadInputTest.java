package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.cpu.bench.FirmwareRig;
import org.mp15sim.core.elf.ElfFormatException;
import org.mp15sim.core.time.SimTime;

/** Hostile images and runaway code: clear diagnostics, and the simulator stays usable. */
class CoreBadInputTest {
    private FirmwareRig rig;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        rig = new FirmwareRig();
        rig.core().addListener(new ArmV7mCore.Listener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private static byte[] fpuElf() throws IOException {
        return FirmwareRig.firmwareBytes("bin/fpu.elf");
    }

    /** After any mishap, a good image must still boot and finish. */
    private void stillUsable() {
        rig.boot(FirmwareRig.firmware("fpu"));
        assertTrue(rig.runUntilExit(SimTime.ms(10)), "good firmware after the bad one: " + rig.core());
        assertEquals(0, rig.testDevice().exitCode());
        assertEquals(ArmV7mCore.State.SLEEPING, rig.core().state(), "test_exit() sleeps in WFI");
    }

    @Test
    void elfForAnotherMachineIsRefused() throws IOException {
        byte[] b = fpuElf();
        b[18] = 62; // EM_X86_64
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> FirmwareImage.parse("x.elf", b));
        assertTrue(e.getMessage().contains("x.elf") && e.getMessage().contains("EM_ARM"), e.getMessage());
    }

    @Test
    void elf64IsRefused() throws IOException {
        byte[] b = fpuElf();
        b[4] = 2;
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> FirmwareImage.parse("x.elf", b));
        assertTrue(e.getMessage().contains("ELFCLASS32"), e.getMessage());
    }

    @Test
    void bigEndianElfIsRefused() throws IOException {
        byte[] b = fpuElf();
        b[5] = 2;
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> FirmwareImage.parse("x.elf", b));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());
    }

    @Test
    void segmentOutsideMemoryIsRefusedWithItsAddress() throws IOException {
        byte[] b = fpuElf();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = bb.getInt(28);
        bb.putInt(phoff + 12, 0x7000_0000); // p_paddr of the first program header
        FirmwareImage image = FirmwareImage.parse("x.elf", b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> image.loadInto(rig.space()));
        assertTrue(e.getMessage().contains("0x70000000"), e.getMessage());
        stillUsable();
    }

    @Test
    void vectorTableOutsideMemoryLocksUpWithTheAddress() {
        for (int i = 0; i < 32; i++) {
            rig.space().write32(4L * i, 0x7000_0001);
        }
        rig.space().write32(0, HandImage.STACK_TOP);
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.LOCKED_UP, rig.core().state());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("0x70000001") && w.contains("outside memory")),
                warnings.toString());
        CoreFault f = rig.core().lockup();
        assertEquals(0x7000_0000L, f.address(), f.toString());
        assertEquals(0x7000_0000L, f.pc());
        assertTrue(f.kind().contains("IBUSERR"), f.toString());
        stillUsable();
    }

    @Test
    void stackPointerOutsideRamLocksUpOnTheFirstStacking() {
        HandImage.vectors(rig.space(), 0x7000_0000);
        HandImage.code(rig.space(), HandImage.THREAD, 0xDF01, 0xE7FE); // svc #1 ; b .
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("MSP 0x70000000") && w.contains("not inside RAM")),
                warnings.toString());
        assertEquals(ArmV7mCore.State.LOCKED_UP, rig.core().state());
        CoreFault f = rig.core().lockup();
        assertTrue(f.kind().contains("STKERR") && f.kind().contains("MSP 0x70000000 is not writable RAM"), f.toString());
        stillUsable();
    }

    @Test
    void runawayJumpToUnmappedMemoryFaultsIntoHardFault() {
        HandImage.vectors(rig.space(), HandImage.STACK_TOP);
        // ldr r0, [pc, #0] ; bx r0 ; .word 0x60000001
        HandImage.code(rig.space(), HandImage.THREAD, 0x4800, 0x4700, 0x0001, 0x6000);
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        assertEquals(ArmV7mCore.State.RUNNING, rig.core().state());
        assertEquals(Nvic.HARD_FAULT, rig.core().currentException(), "spinning in the HardFault handler");
        CoreFault f = rig.core().faults().getFirst();
        assertTrue(f.kind().contains("BusFault IBUSERR"), f.toString());
        assertEquals(0x6000_0000L, f.address());
        assertTrue(f.escalated());
        assertTrue(f.toString().contains("0x60000000"), f.toString());
        stillUsable();
    }

    @Test
    void undefinedInstructionWithoutUsageFaultHandlerEscalates() {
        HandImage.vectors(rig.space(), HandImage.STACK_TOP);
        HandImage.code(rig.space(), HandImage.THREAD, 0xBF00, 0xDEAD); // nop ; udf #0xad
        rig.core().resetAndRun();
        rig.scheduler().runFor(SimTime.ms(1));
        CoreFault f = rig.core().faults().getFirst();
        assertEquals("UsageFault UNDEFINSTR", f.kind());
        assertEquals(HandImage.THREAD + 2, f.pc());
        assertTrue(f.escalated());
        stillUsable();
    }

    @Test
    void unreadableVectorTableAtResetIsALockupNotACrash() {
        rig.close();
        rig = new FirmwareRig();
        // Make address 0 unmapped: a core over an address space without RETRAM.
        var space = new org.mp15sim.core.mem.AddressSpace("m4", FirmwareRig.MASTER);
        space.setUnmappedPolicy(org.mp15sim.core.mem.UnmappedPolicy.BUS_ERROR);
        space.mapMemory(FirmwareRig.SRAM_BASE, rig.sram());
        try (ArmV7mCore core = new ArmV7mCore(rig.scheduler(), rig.clock(), space, ArmV7mConfig.cortexM4("bare"))) {
            core.resetAndRun();
            assertEquals(ArmV7mCore.State.LOCKED_UP, core.state());
            assertTrue(core.lockup().kind().contains("vector table at 0x00000000"), core.lockup().toString());
            assertTrue(core.lockupLine().isHigh());
        }
        stillUsable();
    }
}
