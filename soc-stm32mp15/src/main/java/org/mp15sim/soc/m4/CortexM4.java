package org.mp15sim.soc.m4;

import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.cpu.CoreFault;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.soc.Stm32mp15;

/**
 * The STM32MP15's Cortex-M4: sim-core's generic ARMv7-M core on Unicorn, configured as in
 * {@code stm32mp157cxx_cm4.h} (r0p1, FPU, 150 IRQs, 4 priority bits) and wired to the M4 subsystem:
 * its memories and peripherals are the M4 address space (RAM zero-copy, peripherals as MMIO), its NVIC
 * inputs follow the SoC's interrupt lines, AIRCR.SYSRESETREQ becomes an M4 subsystem reset and a lockup
 * the subsystem's crash signal.
 */
public final class CortexM4 implements M4Core, AutoCloseable {
    /** __NVIC_PRIO_BITS of stm32mp157cxx_cm4.h. */
    public static final int PRIORITY_BITS = 4;

    private final ArmV7mCore core;

    /** The configuration of the STM32MP15 M4 (the slice quantum is ArmV7mConfig's default; tune it with withQuantum). */
    public static ArmV7mConfig config() {
        return ArmV7mConfig.cortexM4("m4").withIrqCount(Stm32mp15.NVIC_IRQS).withPriorityBits(PRIORITY_BITS);
    }

    public CortexM4(Scheduler scheduler, ClockDomain clock, AddressSpace m4Space, ArmV7mConfig config, M4Subsystem subsystem) {
        this.core = new ArmV7mCore(scheduler, clock, m4Space, config);
        core.addListener(new ArmV7mCore.Listener() {
            @Override public void sysResetRequested() { subsystem.sysResetRequest(); }
            @Override public void lockedUp(CoreFault fault) { subsystem.lockedUp(fault.toString()); }
        });
        subsystem.attach(this);
    }

    /** The underlying core (state, faults, instruction counts, registers). */
    public ArmV7mCore core() { return core; }

    @Override public void resetAndRun() { core.resetAndRun(); }
    @Override public void halt() { core.halt(); }
    @Override public void setIrqLevel(int irq, boolean high) { core.setIrqLevel(irq, high); }
    @Override public void event() { core.event(); }

    @Override public void close() { core.close(); }
}
