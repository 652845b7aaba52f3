package org.mp15sim.linux.board;

import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.m4.M4Core;

/** Wires sim-core's Unicorn ARMv7-M core into the SoC's M4 subsystem (reset, hold boot, NVIC, lockup, SYSRESETREQ). */
final class UnicornM4 implements M4Core, AutoCloseable {
    final ArmV7mCore core;

    UnicornM4(Stm32mp15 soc) {
        core = new ArmV7mCore(soc.scheduler(), soc.m4Clock(), soc.m4(), ArmV7mConfig.cortexM4("m4").withIrqCount(Stm32mp15.NVIC_IRQS));
        core.lockupLine().addListener(high -> { if (high) soc.m4Subsystem().lockedUp("core lockup"); });
        core.sysResetRequestLine().addListener(high -> { if (high) soc.m4Subsystem().sysResetRequest(); });
        soc.m4Subsystem().attach(this);
    }

    @Override public void resetAndRun() { core.resetAndRun(); }

    @Override public void halt() { core.halt(); }

    @Override public void setIrqLevel(int irq, boolean high) { core.setIrqLevel(irq, high); }

    @Override public void event() { core.event(); }

    @Override public void close() { core.close(); }
}
