package org.mp15sim.soc.m4;

/**
 * What the M4 subsystem needs from a Cortex-M4 implementation (the Unicorn-based ARMv7-M core of
 * sim-core, or a test double). The subsystem owns reset and hold-boot; the core owns execution.
 */
public interface M4Core {
    /**
     * Architectural reset followed by execution: NVIC/SCB/SysTick to reset values, SP and PC fetched from
     * the vector table at address 0 (RETRAM), then instructions run on the simulation clock.
     */
    void resetAndRun();

    /** Stops executing and stays quiet (held in reset) until the next {@link #resetAndRun()}. */
    void halt();

    /** Level of NVIC external interrupt input {@code irq} (IRQn 0..149). */
    void setIrqLevel(int irq, boolean high);

    /** Event input (RXEV): a pulse wakes a WFE. Optional; the default ignores it. */
    default void event() {}
}
