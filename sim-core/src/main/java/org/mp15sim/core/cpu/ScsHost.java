package org.mp15sim.core.cpu;

/** What the system control space needs from the core that owns it. */
interface ScsHost {
    /** Core clock cycles since reset, as of the current point in the running slice. */
    long currentCycle();

    /** IPSR: the exception number being handled, 0 in thread mode. */
    int currentException();

    /** Pending/enable/priority state changed: take an exception at the next block boundary if due. */
    void exceptionStateChanged();

    /** SysTick configuration changed: recompute its next wrap. */
    void sysTickChanged();

    /** AIRCR.SYSRESETREQ written with the right key. */
    void systemResetRequested();
}
