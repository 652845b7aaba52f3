package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Access;
import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * HSEM, the hardware semaphore block at 0x4C000000 (RM0436 "HSEM"; spec §4.2). 32 semaphores; the bus
 * master's id is the COREID (A7 = 1, M4 = 2):
 * <ul>
 * <li>2-step lock: write R[n] with LOCK = 1, COREID = own id and a PROCID; it takes a free semaphore, then
 *     reading R[n] back tells whether it was this core/process that got it. A write naming another core
 *     is ignored.</li>
 * <li>1-step lock: reading RLR[n] takes a free semaphore for the reading core with PROCID 0 and returns
 *     the resulting value; the ST firmware expects 0x80000200 when the M4 got it.</li>
 * <li>Unlock: write R[n] with LOCK = 0 and the owner's COREID and PROCID; CR with KEY = KEYR.KEY and a
 *     COREID frees every semaphore of that core.</li>
 * <li>Each unlock sets the semaphore's bit in C1ISR and C2ISR; CnMISR = CnISR &amp; CnIER drives
 *     HSEM_IT1 (A7: GIC SPI 125, EXTI 63) and HSEM_IT2 (M4: NVIC 125, EXTI 64); CnICR clears.</li>
 * </ul>
 */
public final class Hsem extends Peripheral {
    public static final long BASE = 0x4C00_0000L;
    public static final long SIZE = 0x400;
    public static final int SEMAPHORES = 32;
    public static final long LOCK = 1L << 31;
    public static final long C1IER = 0x100, C1ICR = 0x104, C1ISR = 0x108, C1MISR = 0x10C;
    public static final long C2IER = 0x110, C2ICR = 0x114, C2ISR = 0x118, C2MISR = 0x11C;
    public static final long CR = 0x140, KEYR = 0x144;
    public static final int COREID_A7 = 1, COREID_M4 = 2;

    private final Register[] r = new Register[SEMAPHORES];
    private final Register c1ier, c1isr, c2ier, c2isr, keyr;
    private final IrqLine it1, it2;

    public Hsem(Scheduler scheduler) {
        super(scheduler, "HSEM", BASE, SIZE);
        it1 = new IrqLine(scheduler, "HSEM_IT1 (A7)");
        it2 = new IrqLine(scheduler, "HSEM_IT2 (M4)");
        for (int n = 0; n < SEMAPHORES; n++) {
            int sem = n;
            // The stored value is the semaphore state; bus writes go through the hook, never straight in.
            r[n] = reg("R" + n, 4L * n).field("PROCID", 0, 8, Access.RO).field("COREID", 8, 4, Access.RO)
                    .field("LOCK", 31, 1, Access.RO).onWrite((o, nv, w) -> twoStep(sem, w));
        }
        for (int n = 0; n < SEMAPHORES; n++) {
            int sem = n;
            reg("RLR" + n, 0x80 + 4L * n).onRead(() -> oneStep(sem));
        }
        c1ier = reg("C1IER", C1IER).rw().onWrite((o, n, w) -> update());
        reg("C1ICR", C1ICR).wo().onWrite((o, n, w) -> clear(1, w));
        c1isr = reg("C1ISR", C1ISR).ro();
        reg("C1MISR", C1MISR).onRead(() -> c1isr.get() & c1ier.get());
        c2ier = reg("C2IER", C2IER).rw().onWrite((o, n, w) -> update());
        reg("C2ICR", C2ICR).wo().onWrite((o, n, w) -> clear(2, w));
        c2isr = reg("C2ISR", C2ISR).ro();
        reg("C2MISR", C2MISR).onRead(() -> c2isr.get() & c2ier.get());
        reg("CR", CR).field("COREID", 8, 4, Access.WO).field("KEY", 16, 16, Access.WO).onWrite((o, n, w) -> clearAll(w));
        keyr = reg("KEYR", KEYR).field("KEY", 16, 16, Access.RW);
        // MASTERID1 = 1 (A7), MASTERID2 = 2 (M4); 32 semaphores, 2 interrupt lines.
        reg("HWCFGR2", 0x3EC).reset(0x21).ro();
        reg("HWCFGR1", 0x3F0).reset(0x0220).ro();
        reg("VERR", 0x3F4).reset(0x20).ro();
        reg("IPIDR", 0x3F8).reset(0x0010_0072L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
    }

    private int coreId() { return master() != null ? master().id() & 0xF : 0; }

    private void twoStep(int n, long w) {
        int core = (int) (w >>> 8) & 0xF;
        int proc = (int) w & 0xFF;
        if (core != coreId()) return; // a core can only lock or unlock in its own name
        long cur = r[n].get();
        if ((w & LOCK) != 0) {
            if ((cur & LOCK) == 0) {
                r[n].set(LOCK | ((long) core << 8) | proc);
                trace("lock", n, core);
            }
        } else if ((cur & LOCK) != 0 && ((cur >>> 8) & 0xF) == core && (cur & 0xFF) == proc) {
            free(n);
        }
    }

    private long oneStep(int n) {
        long cur = r[n].get();
        if ((cur & LOCK) == 0 && master() != null) {
            cur = LOCK | ((long) coreId() << 8);
            r[n].set(cur);
            trace("lock", n, coreId());
        }
        return cur;
    }

    private void clearAll(long w) {
        int core = (int) (w >>> 8) & 0xF;
        if (((w >>> 16) & 0xFFFF) != ((keyr.get() >>> 16) & 0xFFFF)) return;
        for (int n = 0; n < SEMAPHORES; n++) {
            long cur = r[n].get();
            if ((cur & LOCK) != 0 && ((cur >>> 8) & 0xF) == core) free(n);
        }
    }

    private void free(int n) {
        r[n].set(0);
        c1isr.setBits(1L << n);
        c2isr.setBits(1L << n);
        trace("unlock", n, 0);
        update();
    }

    private void clear(int cpu, long w) {
        (cpu == 1 ? c1isr : c2isr).clearBits(w);
        update();
    }

    private void update() {
        it1.set((c1isr.get() & c1ier.get()) != 0);
        it2.set((c2isr.get() & c2ier.get()) != 0);
    }

    /** HSEM_IT1, the A7 line. */
    public IrqLine it1() { return it1; }
    /** HSEM_IT2, the M4 line (NVIC 125). */
    public IrqLine it2() { return it2; }

    /** The value R[n] reads: LOCK | COREID &lt;&lt; 8 | PROCID, or 0 when free. */
    public int semaphore(int n) { return r[n].getInt(); }

    @Override
    public void reset() {
        super.reset();
        update();
    }
}
