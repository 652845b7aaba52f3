package org.mp15sim.core.cpu;

import org.mp15sim.core.mem.AddressSpace;

/** Hand-assembled Thumb images for tests that need exact instructions. */
final class HandImage {
    static final long THREAD = 0x1000_0000L;
    static final long SVC_HANDLER = 0x1000_0100L;
    static final long HARDFAULT = 0x1000_0200L;
    static final long IRQ0_HANDLER = 0x1000_0300L;
    static final int STACK_TOP = 0x1004_0000;

    private HandImage() {
    }

    /** Vector table: SP, reset -> THREAD, HardFault -> "b .", SVC, IRQ0; the rest 0. */
    static void vectors(AddressSpace space, int sp) {
        for (int i = 0; i < 32; i++) {
            space.write32(4L * i, 0);
        }
        space.write32(0, sp);
        space.write32(4, (int) THREAD | 1);
        space.write32(4 * 3, (int) HARDFAULT | 1);
        space.write32(4 * 11, (int) SVC_HANDLER | 1);
        space.write32(4 * 16, (int) IRQ0_HANDLER | 1);
        code(space, HARDFAULT, 0xE7FE);
    }

    static void code(AddressSpace space, long at, int... halfwords) {
        for (int i = 0; i < halfwords.length; i++) {
            space.write16(at + 2L * i, halfwords[i]);
        }
    }
}
