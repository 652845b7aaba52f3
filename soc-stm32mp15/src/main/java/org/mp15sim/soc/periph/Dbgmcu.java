package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.sched.Scheduler;

/**
 * DBGMCU at 0x50081000: IDCODE identifies the part (DEV_ID 0x500 = STM32MP15, REV_ID per silicon
 * revision: 0x2000 rev B, 0x2001 rev Z); the freeze registers are stored only.
 */
public final class Dbgmcu extends Peripheral {
    public static final long BASE = 0x5008_1000L;
    public static final long SIZE = 0x400;
    public static final int DEV_ID_STM32MP15 = 0x500;
    public static final int REV_Z = 0x2001;

    public Dbgmcu(Scheduler scheduler, int revId) {
        super(scheduler, "DBGMCU", BASE, SIZE);
        reg("IDCODE", 0x00).reset(((long) revId << 16) | DEV_ID_STM32MP15)
                .field("DEV_ID", 0, 12, Access.RO).field("REV_ID", 16, 16, Access.RO);
        reg("CR", 0x04).rw(0x7);
        String[] fz = {"APB4FZ1", "APB4FZ2", "APB1FZ1", "APB1FZ2", "APB2FZ1", "APB2FZ2", "APB3FZ1", "APB3FZ2", "APB5FZ1", "APB5FZ2"};
        for (int i = 0; i < fz.length; i++) reg(fz[i], 0x2C + 4L * i).rw();
    }

    public int idcode() { return get("IDCODE").getInt(); }
}
