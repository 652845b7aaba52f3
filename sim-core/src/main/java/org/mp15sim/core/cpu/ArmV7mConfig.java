package org.mp15sim.core.cpu;

/**
 * Parameters of one ARMv7-M core. Defaults describe a Cortex-M4F r0p1 with 240 interrupts and 4
 * priority bits; an SoC states its own (the STM32MP15 M4: 150 IRQs, 4 bits, 209 MHz).
 *
 * @param name               name in traces and diagnostics
 * @param irqCount           external interrupts (1..240)
 * @param priorityBits       implemented NVIC priority bits (3..8; __NVIC_PRIO_BITS)
 * @param cpuid              SCB->CPUID (0x410FC241 = Cortex-M4 r0p1)
 * @param fpu                FPv4-SP present (MVFR0/1; FP exception frames)
 * @param cpiNumerator       cycles per instruction = cpiNumerator / cpiDenominator
 * @param cpiDenominator     (simulated time advances by instructions x CPI core cycles)
 * @param quantumInstructions instructions per slice, at most (temporal decoupling quantum)
 * @param sysTickReferenceDivider SysTick with CLKSOURCE = 0 counts core clock / this
 * @param exceptionEntryCycles cycles charged for an exception entry (12 on a Cortex-M4)
 */
public record ArmV7mConfig(
        String name,
        int irqCount,
        int priorityBits,
        int cpuid,
        boolean fpu,
        long cpiNumerator,
        long cpiDenominator,
        int quantumInstructions,
        int sysTickReferenceDivider,
        int exceptionEntryCycles) {

    public static final int CPUID_CORTEX_M4_R0P1 = 0x410F_C241;

    public ArmV7mConfig {
        if (irqCount < 1 || irqCount > 240) {
            throw new IllegalArgumentException(name + ": irqCount " + irqCount + " outside 1..240");
        }
        if (priorityBits < 3 || priorityBits > 8) {
            throw new IllegalArgumentException(name + ": priorityBits " + priorityBits + " outside 3..8");
        }
        if (cpiNumerator <= 0 || cpiDenominator <= 0) {
            throw new IllegalArgumentException(name + ": CPI " + cpiNumerator + "/" + cpiDenominator + " must be > 0");
        }
        if (quantumInstructions < 1) {
            throw new IllegalArgumentException(name + ": quantum of " + quantumInstructions + " instructions");
        }
        if (sysTickReferenceDivider < 1 || exceptionEntryCycles < 0) {
            throw new IllegalArgumentException(name + ": bad SysTick divider or entry cycles");
        }
    }

    /** A Cortex-M4F r0p1: 240 IRQs, 4 priority bits, CPI 1, 20,000-instruction quantum. */
    public static ArmV7mConfig cortexM4(String name) {
        return new ArmV7mConfig(name, 240, 4, CPUID_CORTEX_M4_R0P1, true, 1, 1, 20_000, 8, 12);
    }

    public ArmV7mConfig withIrqCount(int n) {
        return new ArmV7mConfig(name, n, priorityBits, cpuid, fpu, cpiNumerator, cpiDenominator, quantumInstructions,
                sysTickReferenceDivider, exceptionEntryCycles);
    }

    public ArmV7mConfig withPriorityBits(int bits) {
        return new ArmV7mConfig(name, irqCount, bits, cpuid, fpu, cpiNumerator, cpiDenominator, quantumInstructions,
                sysTickReferenceDivider, exceptionEntryCycles);
    }

    public ArmV7mConfig withQuantum(int instructions) {
        return new ArmV7mConfig(name, irqCount, priorityBits, cpuid, fpu, cpiNumerator, cpiDenominator, instructions,
                sysTickReferenceDivider, exceptionEntryCycles);
    }

    public ArmV7mConfig withCpi(long numerator, long denominator) {
        return new ArmV7mConfig(name, irqCount, priorityBits, cpuid, fpu, numerator, denominator, quantumInstructions,
                sysTickReferenceDivider, exceptionEntryCycles);
    }
}
