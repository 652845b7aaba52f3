package org.mp15sim.scenario.board;

import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.cpu.CoreFault;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.m4.M4Core;

/**
 * The STM32MP15's Cortex-M4: sim-core's ARMv7-M core (Unicorn) on the SoC's M4 bus and clock, plugged into the
 * M4 subsystem, which owns reset and hold-boot. The core's SYSRESETREQ and lockup go back to the subsystem,
 * which resets the M4 or raises the lockup signal as the silicon does.
 */
final class ArmV7mM4 implements M4Core, AutoCloseable {
    private final ArmV7mCore core;

    ArmV7mM4(Stm32mp15 soc, ArmV7mConfig config) {
        this.core = new ArmV7mCore(soc.scheduler(), soc.m4Clock(), soc.m4(), config);
        core.addListener(new ArmV7mCore.Listener() {
            @Override public void sysResetRequested() { soc.m4Subsystem().sysResetRequest(); }

            @Override public void lockedUp(CoreFault fault) { soc.m4Subsystem().lockedUp(String.valueOf(fault)); }
        });
    }

    /** A DK2 M4: a Cortex-M4F with the SoC's 150 NVIC inputs. */
    static ArmV7mConfig dk2Config() { return ArmV7mConfig.cortexM4("m4").withIrqCount(Stm32mp15.NVIC_IRQS); }

    ArmV7mCore core() { return core; }

    @Override public void resetAndRun() { core.resetAndRun(); }
    @Override public void halt() { core.halt(); }
    @Override public void setIrqLevel(int irq, boolean high) { core.setIrqLevel(irq, high); }
    @Override public void event() { core.event(); }
    @Override public void close() { core.close(); }
}
