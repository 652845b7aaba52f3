package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;

/**
 * PWR at 0x50001000 (RM0436 "PWR"; spec §3). What the remoteproc flow uses is MCUCR.PDDS at 0x50001014
 * (Linux syscon {@code pwr_mcu}): 0 keeps the MCU domain out of deep sleep (cleared before a start),
 * 1 allows standby (set after a stop). The other registers are a plain register file. Not modelled:
 * low-power modes themselves (PDDS is observable state; nothing powers down), the STOPF/SBF flags stay 0.
 */
public final class Pwr extends Peripheral {
    public static final long BASE = 0x5000_1000L;
    public static final long SIZE = 0x400;
    public static final long MCUCR = 0x14;
    public static final long PDDS = 1L;

    private final Register mcucr;

    public Pwr(Scheduler scheduler) {
        super(scheduler, "PWR", BASE, SIZE);
        reg("CR1", 0x00).rw();
        reg("CSR1", 0x04).ro();
        reg("CR2", 0x08).rw();
        reg("CR3", 0x0C).rw();
        reg("MPUCR", 0x10).rw();
        mcucr = reg("MCUCR", MCUCR).field("PDDS", 0, 1, Access.RW).field("STOPF", 5, 1, Access.RO)
                .field("SBF", 6, 1, Access.RO).field("CSSF", 9, 1, Access.WO).field("DEEPSLEEP", 15, 1, Access.RO)
                .onWrite((o, n, w) -> {
                    if (((o ^ n) & PDDS) != 0) trace("PDDS", n & PDDS, 0);
                });
        reg("WKUPCR", 0x20).rw();
        reg("WKUPFR", 0x24).ro();
        reg("MPUWKUPENR", 0x28).rw();
        reg("MCUWKUPENR", 0x2C).rw();
        reg("VER", 0x3F4).reset(0x10).ro();
        reg("ID", 0x3F8).reset(0x0001_0001L).ro();
        reg("SID", 0x3FC).reset(0xA3C5_DD01L).ro();
    }

    /** MCUCR.PDDS: true when the MCU domain may enter standby. */
    public boolean pdds() { return mcucr.isSet(PDDS); }
}
