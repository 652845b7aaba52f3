/**
 * A small binding of the Unicorn 2 C API over java.lang.foreign: {@link org.mp15sim.core.unicorn.Unicorn}
 * (engine, memory, MMIO upcalls, registers, hooks, contexts), named constants checked against the
 * bundled library ({@link org.mp15sim.core.unicorn.UcConst}, {@link org.mp15sim.core.unicorn.ArmReg}),
 * and {@link org.mp15sim.core.unicorn.BlockCounter}, the per-block instruction counter the core runs on.
 */
package org.mp15sim.core.unicorn;
