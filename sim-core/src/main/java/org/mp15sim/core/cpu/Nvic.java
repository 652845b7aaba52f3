package org.mp15sim.core.cpu;

/**
 * Exception state of an ARMv7-M core: the NVIC's external interrupts plus the system exceptions,
 * indexed by exception number (1 Reset, 2 NMI, 3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault,
 * 11 SVCall, 12 DebugMonitor, 14 PendSV, 15 SysTick, 16+n IRQn). Priorities, PRIGROUP, pending /
 * active state and the execution-priority rules of ARMv7-M ARM B1.5.4; no Unicorn and no time here.
 */
public final class Nvic {
    public static final int RESET = 1;
    public static final int NMI = 2;
    public static final int HARD_FAULT = 3;
    public static final int MEM_MANAGE = 4;
    public static final int BUS_FAULT = 5;
    public static final int USAGE_FAULT = 6;
    public static final int SVCALL = 11;
    public static final int DEBUG_MONITOR = 12;
    public static final int PENDSV = 14;
    public static final int SYSTICK = 15;
    public static final int FIRST_IRQ = 16;

    /** Priority above every configurable one: nothing pending/active. */
    public static final int NO_PRIORITY = 256;

    private final int irqCount;
    private final int priorityMask;
    private final int[] priority;
    private final boolean[] pending;
    private final boolean[] active;
    private final boolean[] enabled;
    private final boolean[] level;
    private int prigroup;
    private int activeCount;

    /**
     * @param irqCount     external interrupts (1..240)
     * @param priorityBits implemented priority bits (3..8), kept in the top of each 8-bit field
     */
    public Nvic(int irqCount, int priorityBits) {
        if (irqCount < 1 || irqCount > 240) {
            throw new IllegalArgumentException("NVIC: " + irqCount + " external interrupts; ARMv7-M allows 1..240");
        }
        if (priorityBits < 3 || priorityBits > 8) {
            throw new IllegalArgumentException("NVIC: " + priorityBits + " priority bits; ARMv7-M allows 3..8");
        }
        this.irqCount = irqCount;
        this.priorityMask = (0xFF << (8 - priorityBits)) & 0xFF;
        int n = FIRST_IRQ + irqCount;
        priority = new int[n];
        pending = new boolean[n];
        active = new boolean[n];
        enabled = new boolean[n];
        level = new boolean[n];
        reset();
    }

    public void reset() {
        java.util.Arrays.fill(priority, 0);
        java.util.Arrays.fill(pending, false);
        java.util.Arrays.fill(active, false);
        java.util.Arrays.fill(enabled, false);
        // Input levels are wires outside the core: a reset does not change them.
        priority[RESET] = -3;
        priority[NMI] = -2;
        priority[HARD_FAULT] = -1;
        for (int e : new int[] {RESET, NMI, HARD_FAULT, SVCALL, PENDSV, SYSTICK}) {
            enabled[e] = true;
        }
        prigroup = 0;
        activeCount = 0;
        for (int irq = 0; irq < irqCount; irq++) {
            if (level[FIRST_IRQ + irq]) {
                pending[FIRST_IRQ + irq] = true;
            }
        }
    }

    public int irqCount() {
        return irqCount;
    }

    public int exceptionCount() {
        return FIRST_IRQ + irqCount;
    }

    /** Mask of implemented priority bits, e.g. 0xF0 for 4 bits. */
    public int priorityMask() {
        return priorityMask;
    }

    public int prigroup() {
        return prigroup;
    }

    public void setPrigroup(int value) {
        prigroup = value & 7;
    }

    // ---------------------------------------------------------------------------- per exception

    private void checkNumber(int exception) {
        if (exception < 1 || exception >= priority.length) {
            throw new IllegalArgumentException("exception number " + exception + " outside 1.." + (priority.length - 1));
        }
    }

    /** Raw 8-bit priority (negative for Reset, NMI and HardFault). */
    public int priority(int exception) {
        checkNumber(exception);
        return priority[exception];
    }

    /** Sets a configurable priority; bits below the implemented ones read as zero. Fixed ones ignore it. */
    public void setPriority(int exception, int value) {
        checkNumber(exception);
        if (exception > HARD_FAULT) {
            priority[exception] = value & priorityMask;
        }
    }

    public boolean isPending(int exception) {
        return pending[exception];
    }

    public boolean isActive(int exception) {
        return active[exception];
    }

    /** For IRQs: NVIC_ISER; for system exceptions: always true except the SHCSR-gated faults. */
    public boolean isEnabled(int exception) {
        return enabled[exception];
    }

    public void setEnabled(int exception, boolean on) {
        checkNumber(exception);
        if (exception >= MEM_MANAGE && exception <= USAGE_FAULT || exception >= FIRST_IRQ) {
            enabled[exception] = on;
        }
    }

    public void setPending(int exception, boolean on) {
        checkNumber(exception);
        pending[exception] = on;
        if (!on && exception >= FIRST_IRQ && level[exception] && !active[exception]) {
            // A level-sensitive input still asserted makes the interrupt pending again at once.
            pending[exception] = true;
        }
    }

    public boolean level(int irq) {
        return level[FIRST_IRQ + irq];
    }

    /** Input wire of IRQn: a rising level (or a held one) makes it pending. */
    public void setLevel(int irq, boolean high) {
        if (irq < 0 || irq >= irqCount) {
            throw new IllegalArgumentException("IRQ " + irq + " outside 0.." + (irqCount - 1));
        }
        int e = FIRST_IRQ + irq;
        if (high && !level[e]) {
            pending[e] = true;
        }
        level[e] = high;
    }

    // ---------------------------------------------------------------------------- activation

    /** Exception entry: pending → active. */
    public void activate(int exception) {
        pending[exception] = false;
        if (!active[exception]) {
            active[exception] = true;
            activeCount++;
        }
    }

    /** Exception return: active cleared; a still-asserted level input pends again. */
    public void deactivate(int exception) {
        if (active[exception]) {
            active[exception] = false;
            activeCount--;
        }
        if (exception >= FIRST_IRQ && level[exception]) {
            pending[exception] = true;
        }
    }

    /** Number of active exceptions (nesting depth). */
    public int activeCount() {
        return activeCount;
    }

    /** Group priority of a priority value under the current PRIGROUP (subpriority bits cleared). */
    public int groupPriority(int prio) {
        if (prio < 0) {
            return prio;
        }
        int subBits = prigroup + 1;
        return prio >> subBits << subBits;
    }

    /** Lowest group priority among active exceptions, or {@link #NO_PRIORITY}. */
    public int activeGroupPriority() {
        if (activeCount == 0) {
            return NO_PRIORITY;
        }
        int best = NO_PRIORITY;
        for (int e = 1; e < active.length; e++) {
            if (active[e]) {
                best = Math.min(best, groupPriority(priority[e]));
            }
        }
        return best;
    }

    /**
     * Execution priority (B1.5.4): the active group priority, boosted by PRIMASK (0), FAULTMASK (-1)
     * and BASEPRI.
     */
    public int executionPriority(boolean primask, boolean faultmask, int basepri) {
        int p = activeGroupPriority();
        int b = basepri & priorityMask;
        if (b != 0) {
            p = Math.min(p, groupPriority(b));
        }
        if (primask) {
            p = Math.min(p, 0);
        }
        if (faultmask) {
            p = Math.min(p, -1);
        }
        return p;
    }

    /**
     * The pending and enabled exception that would be taken next: lowest priority value, then lowest
     * exception number; 0 when none.
     */
    public int highestPending() {
        int best = 0;
        int bestPrio = Integer.MAX_VALUE;
        for (int e = 1; e < pending.length; e++) {
            if (pending[e] && enabled[e] && priority[e] < bestPrio) {
                best = e;
                bestPrio = priority[e];
            }
        }
        return best;
    }

    /** The exception to take now at the given execution priority, or 0. */
    public int preempting(int executionPriority) {
        int e = highestPending();
        return e != 0 && groupPriority(priority[e]) < executionPriority ? e : 0;
    }

    /** The exception currently active with the lowest group priority number (for ICSR.VECTACTIVE use IPSR). */
    public boolean anyActiveOtherThan(int exception) {
        return activeCount > (active[exception] ? 1 : 0);
    }
}
