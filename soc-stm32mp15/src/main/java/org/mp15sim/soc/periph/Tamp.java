package org.mp15sim.soc.periph;

import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;

/**
 * TAMP at 0x5C00A000 with its 32 backup registers (RM0436 "TAMP"; spec §3). The remoteproc flow uses
 * BKP17R (0x144, M4 resource table device address, written by U-Boot for an early boot, read by Linux to
 * attach) and BKP18R (0x148, M4 state: 0 OFF, 1 INIT, 2 CRUN, 3 CSTOP, 4 STANDBY, 5 CRASH).
 * Backup registers live in the backup domain: an M4 reset does not touch them.
 *
 * <p>Secure zones as TAMP_SMCR defines them: backup registers 0 .. BKPRWDPROT-1 are readable and writable
 * only by a secure master, BKPRWDPROT .. BKPWDPROT-1 are secure-write / non-secure-read, the rest are free.
 * A refused read returns 0, a refused write is ignored; both are counted in {@link #denials()}. SMCR
 * itself is secure-write. Not modelled: tamper detection, the monotonic counter, interrupts.
 */
public final class Tamp extends Peripheral {
    public static final long BASE = 0x5C00_A000L;
    public static final long SIZE = 0x400;
    public static final long SMCR = 0x20;
    public static final long BKP0R = 0x100;
    public static final int BKP_RSC_TBL = 17, BKP_M4_STATE = 18;

    public static final int M4_STATE_OFF = 0, M4_STATE_INIT = 1, M4_STATE_CRUN = 2, M4_STATE_CSTOP = 3;
    public static final int M4_STATE_STANDBY = 4, M4_STATE_CRASH = 5;

    private final Register smcr;
    private final Register[] bkp = new Register[32];
    private long denials;

    public Tamp(Scheduler scheduler) {
        super(scheduler, "TAMP", BASE, SIZE);
        reg("CR1", 0x00).rw();
        reg("CR2", 0x04).rw();
        reg("FLTCR", 0x0C).rw();
        reg("ATCR1", 0x10).rw();
        reg("ATSEEDR", 0x14).wo();
        reg("ATOR", 0x18).ro();
        smcr = reg("SMCR", SMCR).rw(0x80FF_00FFL);
        reg("IER", 0x2C).rw();
        reg("SR", 0x30).ro();
        reg("MISR", 0x34).ro();
        reg("SMISR", 0x38).ro();
        reg("SCR", 0x3C).wo();
        reg("COUNTR", 0x40).ro();
        reg("CFGR", 0x50).rw();
        for (int n = 0; n < 32; n++) bkp[n] = reg("BKP" + n + "R", BKP0R + 4L * n).rw();
        reg("HWCFGR2", 0x3EC).ro();
        reg("HWCFGR1", 0x3F0).ro();
        reg("VERR", 0x3F4).reset(0x20).ro();
        reg("IPIDR", 0x3F8).reset(0x0012_1033L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
    }

    @Override
    public long read(BusMaster m, long offset, int size) {
        int n = backupIndex(offset);
        if (n >= 0 && !m.secure() && n < (smcr.get() & 0xFF)) {
            denials++;
            trace("denied read", n, 0);
            return 0;
        }
        return super.read(m, offset, size);
    }

    @Override
    public void write(BusMaster m, long offset, int size, long value) {
        if (!m.secure()) {
            int n = backupIndex(offset);
            boolean refused = (offset & ~3L) == SMCR
                    || (n >= 0 && n < Math.max(smcr.get() & 0xFF, (smcr.get() >>> 16) & 0xFF));
            if (refused) {
                denials++;
                trace("denied write", offset, value);
                return;
            }
        }
        super.write(m, offset, size, value);
    }

    private static int backupIndex(long offset) {
        long w = offset & ~3L;
        return w >= BKP0R && w < BKP0R + 0x80 ? (int) ((w - BKP0R) / 4) : -1;
    }

    public int backup(int n) { return bkp[n].getInt(); }
    /** BKP17R: the M4 resource table device address (0 = none). */
    public int resourceTableAddress() { return bkp[BKP_RSC_TBL].getInt(); }
    /** BKP18R: the M4 state as U-Boot and Linux encode it. */
    public int m4State() { return bkp[BKP_M4_STATE].getInt(); }
    /** Accesses refused by the secure zones. */
    public long denials() { return denials; }
}
