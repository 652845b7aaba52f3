package org.mp15sim.soc.dt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.dt.Reg;

/**
 * What the Linux remoteproc and TEE models need from a board device tree, read from the one
 * enabled {@code st,stm32mp1-m4} node (as stm32_rproc_parse_dt and stm32_rproc_prepare read it).
 *
 * @param nodePath          the M4 node
 * @param memoryRegions     memory-region entries in DT order (Linux registers carveouts in this order)
 * @param dmaRanges         the parent bus dma-ranges: childAddress = M4 da, parentAddress = A7 pa
 * @param mailboxChannels   mbox-names to the IPCC channel cell, in DT order ({@code vq0 -> 0, ...})
 * @param mailboxController the node the mboxes point to (empty string when there are no mboxes)
 * @param watchdogExtiLine  the EXTI line of {@code interrupts} when the interrupt parent is the EXTI
 * @param ddrBase           base of the first {@code device_type = "memory"} node
 * @param ddrSize           its size
 * @param teeUsed           {@code st,rproc-tee} is present: OP-TEE loads and starts the M4
 * @param rprocId           the remote processor id given to the TA (present iff teeUsed)
 * @param teeNodePath       the TEE remoteproc node (empty string unless teeUsed)
 * @param ipcc              the mailbox controller's IPCC configuration, when mboxes point to an IPCC
 */
public record M4RprocConfig(
        String nodePath,
        List<M4MemoryRegion> memoryRegions,
        List<Range> dmaRanges,
        Map<String, Integer> mailboxChannels,
        String mailboxController,
        OptionalInt watchdogExtiLine,
        long ddrBase,
        long ddrSize,
        boolean teeUsed,
        OptionalInt rprocId,
        String teeNodePath,
        Optional<SysconField> holdBoot,
        Optional<SysconField> pdds,
        Optional<SysconField> m4State,
        Optional<SysconField> rscTable,
        boolean autoBoot,
        boolean wakeupSource,
        Optional<String> firmwareName,
        Optional<IpccConfig> ipcc) {

    public M4RprocConfig {
        memoryRegions = List.copyOf(memoryRegions);
        dmaRanges = List.copyOf(dmaRanges);
        mailboxChannels = Collections.unmodifiableMap(new LinkedHashMap<>(mailboxChannels));
    }

    /**
     * Validates the tree against {@link Stm32RprocBinding} (throwing a {@link DtException} with every
     * violation) and extracts the configuration of its single enabled M4 node.
     */
    public static M4RprocConfig from(DeviceTree tree) {
        Stm32RprocBinding.requireValid(tree);
        List<Node> enabled = tree.compatible(Stm32RprocBinding.COMPATIBLE).stream().filter(Node::isEnabled).toList();
        if (enabled.size() != 1) {
            throw new DtException("expected exactly one enabled \"" + Stm32RprocBinding.COMPATIBLE + "\" node, found "
                    + enabled.size() + (enabled.isEmpty() ? "" : " " + enabled));
        }
        Node m4 = enabled.getFirst();
        List<Range> dma = m4.parent().orElseThrow().dmaRanges();

        List<M4MemoryRegion> regions = new ArrayList<>();
        if (m4.hasProperty("memory-region")) {
            for (PhandleArgs pa : m4.phandleArgs("memory-region", 0)) {
                Node r = pa.target();
                Reg reg = r.reg().getFirst();
                Range window = dma.stream().filter(d -> d.containsParent(reg.address(), reg.size())).findFirst()
                        .orElseThrow();
                regions.add(new M4MemoryRegion(r.baseName(), r.path(), reg.address(), window.toChild(reg.address()),
                        reg.size(), r.hasProperty("no-map")));
            }
        }

        Map<String, Integer> channels = new LinkedHashMap<>();
        String controller = "";
        Optional<IpccConfig> ipcc = Optional.empty();
        if (m4.hasProperty("mboxes")) {
            List<PhandleArgs> boxes = m4.phandleArgs("mboxes", "#mbox-cells");
            List<String> names = m4.strings("mbox-names");
            for (int i = 0; i < boxes.size(); i++) {
                PhandleArgs b = boxes.get(i);
                if (b.argCount() != 1) {
                    throw new DtException("node " + m4.path() + ": property 'mboxes' entry " + i + " has " + b.argCount()
                            + " argument cells, expected one (the IPCC channel)");
                }
                channels.put(names.get(i), b.arg(0));
                controller = b.target().path();
                if (b.target().isCompatible(IpccConfig.COMPATIBLE)) {
                    ipcc = Optional.of(IpccConfig.from(b.target()));
                }
            }
        }

        OptionalInt wdg = OptionalInt.empty();
        List<PhandleArgs> irqs = m4.interrupts();
        if (!irqs.isEmpty() && irqs.getFirst().target().isCompatible("st,stm32mp1-exti")) {
            wdg = OptionalInt.of(irqs.getFirst().arg(0));
        }

        Node memory = tree.root().children().stream()
                .filter(c -> c.property("device_type").map(p -> p.strings().contains("memory")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new DtException("device tree has no memory node (device_type = \"memory\") for the DDR"));
        Reg ddr = memory.reg().getFirst();

        boolean tee = m4.hasProperty("st,rproc-tee");
        OptionalInt rprocId = OptionalInt.empty();
        String teeNode = "";
        if (tee) {
            PhandleArgs t = m4.phandleArgs("st,rproc-tee", 1).getFirst();
            rprocId = OptionalInt.of(t.arg(0));
            teeNode = t.target().path();
        }

        return new M4RprocConfig(m4.path(), regions, dma, channels, controller, wdg, ddr.address(), ddr.size(), tee,
                rprocId, teeNode, syscon(m4, "st,syscfg-holdboot"), syscon(m4, "st,syscfg-pdds"),
                syscon(m4, "st,syscfg-m4-state"), syscon(m4, "st,syscfg-rsc-tbl"), m4.hasProperty("st,auto-boot"),
                m4.hasProperty("wakeup-source"), m4.property("firmware-name").map(p -> p.string()), ipcc);
    }

    private static Optional<SysconField> syscon(Node m4, String property) {
        if (!m4.hasProperty(property)) {
            return Optional.empty();
        }
        PhandleArgs a = m4.phandleArgs(property, 2).getFirst();
        Node syscon = a.target();
        long base = syscon.hasProperty("reg") ? syscon.reg().getFirst().address() : 0;
        return Optional.of(new SysconField(property, syscon.path(), base, a.arg(0), a.arg(1)));
    }

    /** A carve-out by name ({@code "retram"}, {@code "vdev0buffer"}, ...). */
    public Optional<M4MemoryRegion> region(String name) {
        return memoryRegions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public OptionalInt mailboxChannel(String name) {
        Integer c = mailboxChannels.get(name);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }

    /** M4 device address to A7 physical address through dma-ranges (stm32_rproc_da_to_pa). */
    public OptionalLong daToPa(long da) {
        for (Range r : dmaRanges) {
            if (r.containsChild(da, 1)) {
                return OptionalLong.of(r.toParent(da));
            }
        }
        return OptionalLong.empty();
    }

    /** A7 physical address to M4 device address through dma-ranges (stm32_rproc_pa_to_da). */
    public OptionalLong paToDa(long pa) {
        for (Range r : dmaRanges) {
            if (r.containsParent(pa, 1)) {
                return OptionalLong.of(r.toChild(pa));
            }
        }
        return OptionalLong.empty();
    }
}
