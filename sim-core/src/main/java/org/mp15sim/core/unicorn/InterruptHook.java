package org.mp15sim.core.unicorn;

/** {@code uc_cb_hookintr_t}: a CPU exception QEMU raised, numbered as {@code EXCP_*} in UcConst. */
@FunctionalInterface
public interface InterruptHook {
    void onInterrupt(int intno);
}
