/**
 * A generic ARMv7-M core on Unicorn ({@link org.mp15sim.core.cpu.ArmV7mCore}): NVIC, SCB, SysTick,
 * exception entry and return, faults and lockup, WFI/WFE sleep, driven by the scheduler in
 * instruction quanta. No SoC knowledge: memories and peripherals come from an
 * {@link org.mp15sim.core.mem.AddressSpace}. {@code bench} holds the rig, test device and benchmarks
 * for the project's own firmware (firmware/ at the checkout root).
 */
package org.mp15sim.core.cpu;
