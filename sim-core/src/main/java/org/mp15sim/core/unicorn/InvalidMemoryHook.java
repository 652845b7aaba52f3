package org.mp15sim.core.unicorn;

/**
 * {@code uc_cb_eventmem_t} for {@code UC_HOOK_MEM_INVALID}: an access to unmapped or protected memory.
 * Returning false lets emulation stop with the matching {@code UC_ERR_*}.
 */
@FunctionalInterface
public interface InvalidMemoryHook {
    /** @param type a {@code UC_MEM_*} value */
    boolean onInvalidAccess(int type, long address, int size, long value);
}
