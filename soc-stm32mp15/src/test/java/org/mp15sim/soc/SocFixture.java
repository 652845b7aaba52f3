package org.mp15sim.soc;

import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.soc.m4.M4Core;

/** A DK2 SoC on a fresh scheduler, with a core double that records what the subsystem asks of it. */
public final class SocFixture implements AutoCloseable {
    public final Scheduler scheduler = new Scheduler();
    public final Stm32mp15 soc;
    public final RecordingCore core = new RecordingCore();

    public SocFixture() { this(Stm32mp15Config.dk2()); }

    public SocFixture(Stm32mp15Config cfg) {
        soc = new Stm32mp15(scheduler, cfg);
        soc.m4Subsystem().attach(core);
    }

    public AddressSpace a7() { return soc.a7(); }
    public AddressSpace a7s() { return soc.a7Secure(); }
    public AddressSpace m4() { return soc.m4(); }

    @Override
    public void close() {
        soc.close();
        scheduler.close();
    }

    /** Test double of the Cortex-M4: records resets/halts and the NVIC input levels. */
    public static final class RecordingCore implements M4Core {
        public final List<String> calls = new ArrayList<>();
        public final boolean[] irq = new boolean[Stm32mp15.NVIC_IRQS];
        public boolean running;

        @Override public void resetAndRun() { calls.add("resetAndRun"); running = true; }
        @Override public void halt() { calls.add("halt"); running = false; }
        @Override public void setIrqLevel(int n, boolean high) { irq[n] = high; }
    }
}
