package org.mp15sim.soc.dt;

import java.util.OptionalInt;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.core.dt.Reg;

/**
 * The IPCC mailbox node as stm32-ipcc probe reads it: registers, which processor bank Linux uses
 * ({@code st,proc-id}), and the "rx" (channel occupied) and "tx" (channel free) interrupts.
 */
public record IpccConfig(String nodePath, long base, long size, int procId, PhandleArgs rx, PhandleArgs tx,
        boolean wakeupSource) {
    public static final String COMPATIBLE = "st,stm32mp1-ipcc";
    /** Channels on STM32MP15 (HWCFGR.CHANNELS); mailbox channel cells must be below this. */
    public static final int CHANNELS = 6;

    /** Reads an IPCC node; fails with a {@link DtException} naming the node and property. */
    public static IpccConfig from(Node ipcc) {
        Reg reg = ipcc.reg().getFirst();
        PhandleArgs rx = ipcc.interrupt("rx").orElseThrow(() -> new DtException("node " + ipcc.path()
                + ": property 'interrupt-names' has no \"rx\" interrupt"));
        PhandleArgs tx = ipcc.interrupt("tx").orElseThrow(() -> new DtException("node " + ipcc.path()
                + ": property 'interrupt-names' has no \"tx\" interrupt"));
        return new IpccConfig(ipcc.path(), reg.address(), reg.size(), ipcc.u32("st,proc-id"), rx, tx,
                ipcc.hasProperty("wakeup-source"));
    }

    /** The EXTI line of the "rx" interrupt when it goes through the EXTI (61 on the DK2). */
    public OptionalInt rxExtiLine() {
        return rx.target().isCompatible("st,stm32mp1-exti") ? OptionalInt.of(rx.arg(0)) : OptionalInt.empty();
    }

    /** The GIC SPI number of the "tx" interrupt when it goes straight to the GIC (101 on the DK2). */
    public OptionalInt txGicSpi() {
        return tx.target().isCompatible("arm,cortex-a7-gic") && tx.argCount() == 3 && tx.arg(0) == 0
                ? OptionalInt.of(tx.arg(1)) : OptionalInt.empty();
    }
}
