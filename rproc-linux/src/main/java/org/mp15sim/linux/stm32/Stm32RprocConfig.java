package org.mp15sim.linux.stm32;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.linux.mailbox.MboxBinding;
import org.mp15sim.linux.mailbox.MboxSpec;
import org.mp15sim.linux.tee.RemoteprocTee;

/**
 * What stm32_rproc_parse_dt (and probe) read from the {@code st,stm32mp1-m4} node, already resolved to
 * physical register addresses. Null members are absent properties.
 *
 * @param nodeName     np->name, the rproc name ("m4")
 * @param devName      the platform device name ("10000000.m4")
 * @param memoryRegion the memory-region phandles' reserved-memory nodes, in order
 * @param dmaRanges    the parent (mlahb) dma-ranges as (da, pa, size); null when absent (probe fails -EINVAL)
 * @param mboxes       mboxes / mbox-names
 * @param wdgIrq       the watchdog interrupt line (EXTI 68 on the DK2), or null
 * @param wakeupSource wakeup-source
 * @param autoBoot     st,auto-boot
 * @param firmwareName firmware-name, or null for the default "rproc-&lt;name&gt;-fw"
 * @param mcuReset     resets = &lt;&amp;rcc MCU_R&gt;, as the RCC set register and bit
 * @param holdBoot     st,syscfg-holdboot
 * @param pdds         st,syscfg-pdds
 * @param m4State      st,syscfg-m4-state
 * @param rscTbl       st,syscfg-rsc-tbl
 * @param tee          st,rproc-tee = &lt;&amp;tee_rproc id&gt;, or null for the native path
 * @param teeAvailable the TEE backend node's status is "okay"
 */
public record Stm32RprocConfig(String nodeName, String devName, List<ReservedMem> memoryRegion, List<Range> dmaRanges,
        MboxBinding mboxes, IrqLine wdgIrq, boolean wakeupSource, boolean autoBoot, String firmwareName,
        Syscon mcuReset, Syscon holdBoot, Syscon pdds, Syscon m4State, Syscon rscTbl,
        RemoteprocTee.Phandle tee, boolean teeAvailable) {

    /** A reserved-memory region: node base name (e.g. "vdev0vring0"), base and size. */
    public record ReservedMem(String name, long base, long size) {}

    /** A syscon field: the register's physical address and the mask ({@code <&syscon offset mask>}). */
    public record Syscon(long reg, long mask) {}

    /**
     * stm32_rproc_parse_dt over a parsed device tree. {@code irqLines} maps an interrupt specifier's first cell
     * of the node's interrupt parent (the EXTI line number) to the line the SoC raises, or null when the board
     * does not wire it.
     */
    public static Stm32RprocConfig fromDt(DeviceTree dt, Node np, IntFunction<IrqLine> irqLines) {
        List<ReservedMem> regions = new ArrayList<>();
        if (np.hasProperty("memory-region")) {
            for (PhandleArgs pa : np.phandleArgs("memory-region", 0)) {
                var reg = pa.target().reg();
                regions.add(new ReservedMem(pa.target().baseName(), reg.isEmpty() ? 0 : reg.get(0).address(), reg.isEmpty() ? 0 : reg.get(0).size()));
            }
        }
        List<Range> dma = null;
        Node parent = np.parent().orElse(null);
        if (parent != null && parent.hasProperty("dma-ranges")) dma = parent.dmaRanges();
        MboxBinding mb = null;
        if (np.hasProperty("mboxes")) {
            List<MboxSpec> specs = new ArrayList<>();
            for (PhandleArgs pa : np.phandleArgs("mboxes", "#mbox-cells")) {
                Node c = pa.target();
                String id = c.labels().isEmpty() ? c.path() : c.labels().get(0);
                specs.add(new MboxSpec(id, pa.args()));
            }
            mb = new MboxBinding(specs, np.hasProperty("mbox-names") ? np.strings("mbox-names") : List.of());
        }
        IrqLine irq = null;
        if (np.hasProperty("interrupts") && irqLines != null) irq = irqLines.apply(np.u32Array("interrupts")[0]);
        Syscon rst = null;
        if (np.hasProperty("resets")) {
            PhandleArgs r = np.phandleArgs("resets", 1).get(0);
            long id = r.arg(0) & 0xFFFF_FFFFL;
            // reset-stm32mp1: register (id / 32) * 4 of the RCC, bit id % 32 (MCU_R = 8225 → 0x404 bit 1, MCURST)
            rst = new Syscon(base(r.target()) + (id / 32) * 4, 1L << (id % 32));
        }
        RemoteprocTee.Phandle tee = null;
        boolean teeOk = false;
        if (np.hasProperty("st,rproc-tee")) {
            PhandleArgs t = np.phandleArgs("st,rproc-tee", 1).get(0);
            tee = new RemoteprocTee.Phandle(t.target().path(), t.arg(0));
            teeOk = t.target().isEnabled();
        }
        String unit = np.unitAddress();
        return new Stm32RprocConfig(np.baseName(), (unit == null || unit.isEmpty() ? "" : unit + ".") + np.baseName(), regions, dma, mb, irq,
                np.hasProperty("wakeup-source"), np.hasProperty("st,auto-boot"),
                np.hasProperty("firmware-name") ? np.string("firmware-name") : null,
                rst, syscon(np, "st,syscfg-holdboot"), syscon(np, "st,syscfg-pdds"), syscon(np, "st,syscfg-m4-state"),
                syscon(np, "st,syscfg-rsc-tbl"), tee, teeOk);
    }

    private static long base(Node n) { return n.reg().isEmpty() ? 0 : n.reg().get(0).address(); }

    private static Syscon syscon(Node np, String prop) {
        if (!np.hasProperty(prop)) return null;
        PhandleArgs a = np.phandleArgs(prop, 2).get(0);
        return new Syscon(base(a.target()) + (a.arg(0) & 0xFFFF_FFFFL), a.arg(1) & 0xFFFF_FFFFL);
    }
}
