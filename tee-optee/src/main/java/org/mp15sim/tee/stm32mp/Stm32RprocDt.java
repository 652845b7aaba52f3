package org.mp15sim.tee.stm32mp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.dt.Reg;

/**
 * Reads the remote processor's regions from a board device tree as OP-TEE's stm32_rproc_parse_mems
 * does: the enabled "st,stm32mp1-m4-tee" node (or, when the board has only a Linux tree, its
 * "st,stm32mp1-m4" node), each {@code memory-region} phandle's {@code reg}, and the parent bus
 * {@code dma-ranges} for the device address.
 */
public final class Stm32RprocDt {
    public static final String COMPATIBLE_TEE = "st,stm32mp1-m4-tee";
    public static final String COMPATIBLE_LINUX = "st,stm32mp1-m4";

    private Stm32RprocDt() {}

    /** The DK2 defaults with the regions (and RCC base, when the node has {@code resets}) of this tree. */
    public static Stm32RprocPlatform platform(DeviceTree tree) {
        Node node = rprocNode(tree);
        long rcc = Stm32RprocPlatform.RCC_BASE;
        if (node.hasProperty("resets")) {
            Node controller = node.phandleArgs("resets", "#reset-cells").getFirst().target();
            if (controller.hasProperty("reg")) {
                rcc = controller.reg().getFirst().address();
            }
        }
        Stm32RprocPlatform dk2 = Stm32RprocPlatform.dk2();
        return new Stm32RprocPlatform(dk2.rprocId(), regions(node), dk2.verificationKey(), rcc, dk2.remoteMaster());
    }

    /** The enabled remote-processor node; fails when there is none or more than one. */
    public static Node rprocNode(DeviceTree tree) {
        for (String compatible : new String[] {COMPATIBLE_TEE, COMPATIBLE_LINUX}) {
            List<Node> nodes = tree.compatible(compatible).stream().filter(Node::isEnabled).toList();
            if (nodes.size() > 1) {
                throw new DtException("expected one enabled \"" + compatible + "\" node, found " + nodes);
            }
            if (nodes.size() == 1) {
                return nodes.getFirst();
            }
        }
        throw new DtException("no enabled \"" + COMPATIBLE_TEE + "\" or \"" + COMPATIBLE_LINUX + "\" node");
    }

    /** stm32_rproc_parse_mems + stm32_rproc_get_dma_range, in DT order. */
    public static List<RprocMemoryRegion> regions(Node node) {
        if (!node.hasProperty("memory-region")) {
            throw new DtException("node " + node.path() + ": no 'memory-region' (the driver finds no memory regions)");
        }
        Optional<Node> bus = node.parent();
        List<Range> dma = bus.isPresent() && bus.get().hasProperty("dma-ranges") ? bus.get().dmaRanges() : null;
        List<RprocMemoryRegion> regions = new ArrayList<>();
        for (PhandleArgs ref : node.phandleArgs("memory-region", 0)) {
            Node target = ref.target();
            Reg reg = target.reg().getFirst();
            long da = reg.address();
            if (dma != null && !dma.isEmpty()) {
                Range window = dma.stream().filter(r -> r.containsParent(reg.address(), reg.size())).findFirst()
                        .orElseThrow(() -> new DtException(String.format("node %s: region %s [0x%x, +0x%x) is outside "
                                + "every dma-ranges window of %s", node.path(), target.path(), reg.address(),
                                reg.size(), bus.get().path())));
                da = window.toChild(reg.address());
            }
            if (reg.address() == 0 || reg.size() == 0) {
                throw new DtException("node " + node.path() + ": region " + target.path() + " has address or size 0");
            }
            String name = target.baseName();
            regions.add(new RprocMemoryRegion(name, reg.address(), da, reg.size(), isIpc(name)));
        }
        return regions;
    }

    /** vrings, the rpmsg buffer pool and IPC shared memory: what Linux keeps using while the M4 runs. */
    static boolean isIpc(String name) {
        return name.startsWith("vdev") || name.contains("ipc") || name.contains("shm");
    }
}
