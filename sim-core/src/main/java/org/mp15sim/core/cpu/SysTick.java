package org.mp15sim.core.cpu;

/**
 * The ARMv7-M SysTick timer (B3.3) as a function of the core's cycle count, so it costs nothing
 * while it counts: the current value, COUNTFLAG and the next wrap are computed from the cycle at
 * which the counter was last loaded. The counter decrements once per tick; a transition from 1 to 0
 * sets COUNTFLAG and (with TICKINT) pends the SysTick exception; the tick after 0 reloads RVR.
 * CLKSOURCE = 1 ticks with the core clock, 0 with the implementation's reference clock, modelled
 * as the core clock divided by {@code referenceDivider}.
 */
public final class SysTick {
    public static final int CSR_ENABLE = 1;
    public static final int CSR_TICKINT = 1 << 1;
    public static final int CSR_CLKSOURCE = 1 << 2;
    public static final int CSR_COUNTFLAG = 1 << 16;

    private final int referenceDivider;
    private int csr;
    private int rvr;
    /** Counter value at {@link #anchorTick} (valid while enabled). */
    private long anchorValue;
    private long anchorTick;
    private int stoppedValue;
    /** Wraps (1→0 transitions) already reported through COUNTFLAG. */
    private long wrapsSeen;
    private boolean countflag;

    public SysTick(int referenceDivider) {
        if (referenceDivider < 1) {
            throw new IllegalArgumentException("SysTick reference divider " + referenceDivider);
        }
        this.referenceDivider = referenceDivider;
    }

    public void reset() {
        csr = CSR_CLKSOURCE;
        rvr = 0;
        anchorValue = 0;
        anchorTick = 0;
        stoppedValue = 0;
        wrapsSeen = 0;
        countflag = false;
    }

    public boolean enabled() {
        return (csr & CSR_ENABLE) != 0;
    }

    public boolean tickint() {
        return (csr & CSR_TICKINT) != 0;
    }

    private long ticks(long cycle) {
        return (csr & CSR_CLKSOURCE) != 0 ? cycle : cycle / referenceDivider;
    }

    /** First cycle at which the tick count reaches {@code tick}. */
    private long cycleOfTick(long tick) {
        return (csr & CSR_CLKSOURCE) != 0 ? tick : tick * referenceDivider;
    }

    /** Number of 1→0 transitions from the anchor up to tick {@code t} (inclusive). */
    private long wrapsUpTo(long t) {
        long d = t - anchorTick;
        if (d <= 0) {
            return 0;
        }
        long n = 0;
        if (anchorValue > 0) {
            if (d < anchorValue) {
                return 0;
            }
            n = 1;
        }
        if (rvr == 0) {
            return n;
        }
        long afterFirstZero = d - anchorValue; // ticks spent past the first zero
        return n + afterFirstZero / (rvr + 1L);
    }

    /** Current counter value (SYST_CVR) at core cycle {@code cycle}. */
    public int value(long cycle) {
        if (!enabled()) {
            return stoppedValue;
        }
        long d = ticks(cycle) - anchorTick;
        if (d <= anchorValue) {
            return (int) (anchorValue - d);
        }
        if (rvr == 0) {
            return 0;
        }
        long past = d - anchorValue - 1; // ticks after the first reload
        return (int) (rvr - past % (rvr + 1L));
    }

    /** Core cycle of the next 1→0 transition strictly after {@code cycle}, or Long.MAX_VALUE. */
    public long nextWrapCycle(long cycle) {
        if (!enabled()) {
            return Long.MAX_VALUE;
        }
        long t = ticks(cycle);
        long done = wrapsUpTo(t);
        long firstZero;
        long k;
        if (anchorValue > 0) {
            firstZero = anchorTick + anchorValue;
            k = done; // wraps before are at firstZero + i*(rvr+1), i = 0..done-1
        } else {
            if (rvr == 0) {
                return Long.MAX_VALUE;
            }
            firstZero = anchorTick + rvr + 1L;
            k = done;
        }
        if (anchorValue == 0 && rvr == 0) {
            return Long.MAX_VALUE;
        }
        if (rvr == 0 && k >= 1) {
            return Long.MAX_VALUE;
        }
        long tick = firstZero + k * (rvr + 1L);
        return cycleOfTick(tick);
    }

    /** Records the wraps up to {@code cycle}; returns how many happened since the last call. */
    public long collectWraps(long cycle) {
        if (!enabled()) {
            return 0;
        }
        long total = wrapsUpTo(ticks(cycle));
        long fresh = total - wrapsSeen;
        if (fresh > 0) {
            wrapsSeen = total;
            countflag = true;
        }
        return fresh;
    }

    public int readCsr(long cycle) {
        collectWraps(cycle);
        int v = csr | (countflag ? CSR_COUNTFLAG : 0);
        countflag = false; // COUNTFLAG clears when SYST_CSR is read
        return v;
    }

    /** SYST_CSR control bits without the read side effect (for read-modify-write of sub-words). */
    public int readCsrQuiet() {
        return csr;
    }

    public void writeCsr(long cycle, int value) {
        int current = value(cycle);
        collectWraps(cycle);
        csr = value & (CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE);
        if (enabled()) {
            // Counting goes on from the value the counter holds (0 after reset: reload on the next tick);
            // a CLKSOURCE change re-anchors in the new tick unit.
            anchor(cycle, current);
        } else {
            stoppedValue = current;
        }
    }

    private void anchor(long cycle, long value) {
        anchorTick = ticks(cycle);
        anchorValue = value;
        wrapsSeen = 0;
    }

    public int rvr() {
        return rvr;
    }

    public void writeRvr(long cycle, int value) {
        collectWraps(cycle);
        int current = value(cycle);
        rvr = value & 0x00FF_FFFF;
        if (enabled()) {
            anchor(cycle, current);
        }
    }

    public int readCvr(long cycle) {
        return value(cycle);
    }

    /** Any write clears the counter to zero and COUNTFLAG; it reloads on the next tick. */
    public void writeCvr(long cycle) {
        collectWraps(cycle);
        countflag = false;
        stoppedValue = 0;
        if (enabled()) {
            anchor(cycle, 0);
        }
    }

    /** SYST_CALIB: NOREF = 0, SKEW = 1, TENMS unknown (0). */
    public int calib() {
        return 1 << 30;
    }
}
