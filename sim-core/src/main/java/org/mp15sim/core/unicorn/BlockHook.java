package org.mp15sim.core.unicorn;

/**
 * {@code uc_cb_hookcode_t}: called at the start of each translation block ({@code UC_HOOK_BLOCK}) or
 * before each instruction ({@code UC_HOOK_CODE}, debugging only: a Java call per instruction costs
 * an order of magnitude in speed).
 */
@FunctionalInterface
public interface BlockHook {
    /** @param address guest address of the block or instruction, @param size its length in bytes */
    void onBlock(long address, int size);
}
