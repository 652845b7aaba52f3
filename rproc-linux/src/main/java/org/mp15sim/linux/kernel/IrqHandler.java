package org.mp15sim.linux.kernel;

/** A hard-IRQ handler; returns {@link #HANDLED}, {@link #NONE} or {@link #WAKE_THREAD} like {@code irqreturn_t}. */
@FunctionalInterface
public interface IrqHandler {
    int NONE = 0;
    int HANDLED = 1;
    int WAKE_THREAD = 2;

    int handle();
}
