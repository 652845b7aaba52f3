package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.sched.Scheduler;

/**
 * SYSCFG at 0x50020000 (RM0436 "SYSCFG"). BOOTR reflects the BOOT pins latched at reset. The Cube
 * firmware's {@code IS_ENGINEERING_BOOT_MODE()} is true for BOOT[2:0] = 0b100 and then reprograms every PLL,
 * so a production board must read anything else: the DK2 boots from the SD card, BOOT = 0b101. The other
 * registers are a plain register file; the compensation cell reports ready at once (CMPCR.READY).
 */
public final class Syscfg extends Peripheral {
    public static final long BASE = 0x5002_0000L;
    public static final long SIZE = 0x400;
    /** DK2 BOOT switch set for SD card boot. */
    public static final int BOOT_SD_CARD = 0b101;
    public static final int BOOT_ENGINEERING = 0b100;

    public Syscfg(Scheduler scheduler, int bootPins) {
        super(scheduler, "SYSCFG", BASE, SIZE);
        if (bootPins < 0 || bootPins > 7) throw new IllegalArgumentException("SYSCFG: BOOT pins " + bootPins + " outside 0..7");
        reg("BOOTR", 0x00).reset(bootPins).field("BOOT0", 0, 1, Access.RO).field("BOOT1", 1, 1, Access.RO)
                .field("BOOT2", 2, 1, Access.RO).field("BOOT0_PD", 4, 1, Access.RW).field("BOOT1_PD", 5, 1, Access.RW)
                .field("BOOT2_PD", 6, 1, Access.RW);
        reg("PMCSETR", 0x04).w1s(0xFFFF_FFFFL);
        reg("IOCTRLSETR", 0x18).w1s(0xFFFF_FFFFL);
        reg("ICNR", 0x1C).rw();
        reg("CMPCR", 0x20).reset(0x100).rw(0xFFFF_0002L); // READY (bit 8) set
        reg("CMPENSETR", 0x24).w1s(0xFFFF_FFFFL);
        reg("CMPENCLRR", 0x28).onRead(() -> get("CMPENSETR").get()).onWrite((o, n, w) -> get("CMPENSETR").clearBits(w));
        reg("CBR", 0x2C).rw();
        reg("PMCCLRR", 0x44).onRead(() -> get("PMCSETR").get()).onWrite((o, n, w) -> get("PMCSETR").clearBits(w));
        reg("IOCTRLCLRR", 0x58).onRead(() -> get("IOCTRLSETR").get()).onWrite((o, n, w) -> get("IOCTRLSETR").clearBits(w));
        reg("VERR", 0x3F4).reset(0x11).ro();
        reg("IPIDR", 0x3F8).reset(0x0006_0001L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
    }

    /** BOOT[2:0] as latched. */
    public int bootPins() { return (int) (get("BOOTR").get() & 7); }
}
