package org.mp15sim.soc.dt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.PhandleArgs;
import org.mp15sim.core.dt.Property;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.dt.Reg;
import org.mp15sim.core.dt.SourceLocation;

/**
 * Checks the device-tree bindings the Linux remoteproc model relies on: st,stm32-rproc.yaml as
 * amended by the "remoteproc tee" v22 series (st,rproc-tee), the TEE remoteproc service node, and
 * the facts stm32_rproc needs at probe/prepare time (parent dma-ranges, memory-region carve-outs
 * the M4 can address). Every problem is reported, not just the first.
 */
public final class Stm32RprocBinding {
    public static final String COMPATIBLE = "st,stm32mp1-m4";
    /** The OP-TEE remoteproc TA UUID, the only compatible of the TEE service node. */
    public static final String TEE_RPROC_UUID = "80a4c275-0a47-4905-8285-1486a9771a08";
    /** mbox-names in the order the binding lists them; a node uses a prefix of this list. */
    public static final List<String> MBOX_NAMES = List.of("vq0", "vq1", "shutdown", "detach");
    /** reset-names in binding order. */
    public static final List<String> RESET_NAMES = List.of("mcu_rst", "hold_boot");
    /** Syscon properties: each is a phandle to a syscon plus (register offset, mask). */
    public static final List<String> SYSCON_PROPERTIES = List.of("st,syscfg-holdboot", "st,syscfg-tz",
            "st,syscfg-pdds", "st,syscfg-m4-state", "st,syscfg-rsc-tbl");

    /** The binding has additionalProperties: false; these are all the properties it (or the DT core) allows. */
    private static final Set<String> ALLOWED = Set.of("compatible", "reg", "resets", "reset-names",
            "st,syscfg-holdboot", "st,syscfg-tz", "st,syscfg-pdds", "st,syscfg-m4-state", "st,syscfg-rsc-tbl",
            "interrupts", "interrupts-extended", "interrupt-parent", "wakeup-source", "mboxes", "mbox-names",
            "memory-region", "st,auto-boot", "firmware-name", "st,rproc-tee", "status", "phandle", "linux,phandle");
    private static final Set<String> TEE_NODE_ALLOWED = Set.of("compatible", "status", "phandle", "linux,phandle");
    private static final int MAX_MEMORY_REGIONS = 17;

    private final DeviceTree tree;
    private final List<BindingViolation> out = new ArrayList<>();
    private Node current;

    private Stm32RprocBinding(DeviceTree tree) {
        this.tree = tree;
    }

    /** Every violation in every st,stm32mp1-m4 node and every TEE remoteproc node, in tree order. */
    public static List<BindingViolation> validate(DeviceTree tree) {
        Stm32RprocBinding v = new Stm32RprocBinding(tree);
        for (Node n : tree.compatible(COMPATIBLE)) {
            v.checkRproc(n);
        }
        for (Node n : tree.compatible(TEE_RPROC_UUID)) {
            v.checkTeeNode(n);
        }
        for (Node n : tree.compatible(IpccConfig.COMPATIBLE)) {
            v.checkIpcc(n);
        }
        return List.copyOf(v.out);
    }

    /** Throws a {@link DtException} listing every violation, one per line, if there is any. */
    public static void requireValid(DeviceTree tree) {
        List<BindingViolation> v = validate(tree);
        if (!v.isEmpty()) {
            StringBuilder sb = new StringBuilder("device tree breaks " + v.size() + " remoteproc binding rule"
                    + (v.size() == 1 ? "" : "s") + ":");
            v.forEach(x -> sb.append("\n  ").append(x));
            throw new DtException(sb.toString());
        }
    }

    private void add(Node n, String property, String rule, String message) {
        Optional<SourceLocation> at = n.property(property).flatMap(Property::location).or(n::location);
        out.add(new BindingViolation(n.path(), property, rule, message, at));
    }

    // ------------------------------------------------------------------ st,stm32mp1-m4

    private void checkRproc(Node n) {
        current = n;
        for (Property p : n.properties()) {
            if (!ALLOWED.contains(p.name()) && !p.name().startsWith("pinctrl-")) {
                add(n, p.name(), "additional-properties", "is not allowed by st,stm32-rproc.yaml");
            }
        }
        checkReg(n);
        boolean tee = n.hasProperty("st,rproc-tee");
        if (tee) {
            checkRprocTee(n);
            for (String forbidden : List.of("resets", "reset-names", "st,syscfg-holdboot")) {
                if (n.hasProperty(forbidden)) {
                    add(n, forbidden, "tee-forbids-reset-and-hold-boot",
                            "must not be present with st,rproc-tee: the TEE owns the M4 reset and hold-boot");
                }
            }
        } else {
            checkResets(n);
        }
        for (String s : SYSCON_PROPERTIES) {
            n.property(s).ifPresent(p -> checkSyscon(n, p));
        }
        checkMailboxes(n);
        checkInterrupts(n);
        checkBoolean(n, "st,auto-boot");
        checkBoolean(n, "wakeup-source");
        n.property("firmware-name").ifPresent(p -> {
            try {
                p.string();
            } catch (DtException e) {
                add(n, "firmware-name", "firmware-name-string", "must be exactly one string (" + tail(e) + ")");
            }
        });
        Optional<List<Range>> dma = parentDmaRanges(n);
        checkMemoryRegions(n, dma);
    }

    private void checkReg(Node n) {
        if (!n.hasProperty("reg")) {
            add(n, "reg", "required", "is required (the RETRAM and MCU SRAM address ranges)");
            return;
        }
        try {
            List<Reg> reg = n.reg();
            if (reg.isEmpty() || reg.size() > 3) {
                add(n, "reg", "reg-items", "has " + reg.size() + " entries, expected 1 to 3");
            }
        } catch (DtException e) {
            add(n, "reg", "reg-items", "cannot be decoded: " + tail(e));
        }
    }

    private void checkResets(Node n) {
        List<String> names = List.of();
        if (n.hasProperty("reset-names")) {
            try {
                names = n.strings("reset-names");
            } catch (DtException e) {
                add(n, "reset-names", "reset-names-items", "must be a string list: " + tail(e));
            }
        }
        if (!n.hasProperty("resets")) {
            add(n, "resets", "resets-required-without-tee",
                    "is required when st,rproc-tee is absent (Linux resets the M4 through it)");
        } else {
            try {
                List<PhandleArgs> resets = n.phandleArgs("resets", "#reset-cells");
                if (resets.size() > 2) {
                    add(n, "resets", "resets-items", "has " + resets.size() + " entries, expected 1 or 2");
                }
                if (n.hasProperty("reset-names") && names.size() != resets.size()) {
                    add(n, "reset-names", "reset-names-count", "has " + names.size() + " names for " + resets.size()
                            + " resets entries");
                }
            } catch (DtException e) {
                add(n, "resets", "resets-items", "cannot be decoded: " + tail(e));
            }
        }
        if (!names.isEmpty() && !isPrefix(names, RESET_NAMES)) {
            add(n, "reset-names", "reset-names-items", "is " + names + ", expected " + prefixOf(RESET_NAMES, names.size())
                    + " (in this order)");
        }
        boolean holdBootReset = names.contains("hold_boot");
        if (holdBootReset && n.hasProperty("st,syscfg-holdboot")) {
            add(n, "st,syscfg-holdboot", "holdboot-exclusive",
                    "must not be present when reset-names has \"hold_boot\" (one hold-boot method only)");
        }
        if (!holdBootReset && !n.hasProperty("st,syscfg-holdboot")) {
            add(n, "st,syscfg-holdboot", "holdboot-required-without-tee",
                    "is required when st,rproc-tee is absent and reset-names has no \"hold_boot\"");
        }
    }

    private void checkRprocTee(Node n) {
        Property p = n.requireProperty("st,rproc-tee");
        if (p.length() != 8) {
            add(n, "st,rproc-tee", "rproc-tee-cells", "has " + p.length()
                    + " bytes, expected exactly one phandle and one cell (the remote processor id), 8 bytes");
            return;
        }
        Node target;
        try {
            target = n.phandleArgs("st,rproc-tee", 1).getFirst().target();
        } catch (DtException e) {
            add(n, "st,rproc-tee", "rproc-tee-target", tail(e));
            return;
        }
        List<String> compat;
        try {
            compat = target.compatibles();
        } catch (DtException e) {
            compat = List.of();
        }
        if (!compat.equals(List.of(TEE_RPROC_UUID))) {
            add(n, "st,rproc-tee", "rproc-tee-target", "points to " + target.path() + " whose compatible is " + compat
                    + ", expected exactly \"" + TEE_RPROC_UUID + "\" (the remoteproc TA)");
        } else if (!target.isEnabled()) {
            add(n, "st,rproc-tee", "rproc-tee-available", "points to " + target.path()
                    + ", which is disabled: the driver would defer its probe forever");
        }
    }

    private void checkSyscon(Node n, Property p) {
        if (p.length() != 12) {
            add(n, p.name(), "syscon-cells", "has " + p.length()
                    + " bytes, expected one phandle to a syscon plus offset and mask (3 cells, 12 bytes)");
            return;
        }
        try {
            Node target = n.phandleArgs(p.name(), 2).getFirst().target();
            if (!target.isCompatible("syscon")) {
                add(n, p.name(), "syscon-target", "points to " + target.path() + ", which is not compatible \"syscon\"");
            }
        } catch (DtException e) {
            add(n, p.name(), "syscon-target", tail(e));
        }
    }

    private void checkMailboxes(Node n) {
        boolean hasBoxes = n.hasProperty("mboxes");
        boolean hasNames = n.hasProperty("mbox-names");
        if (hasBoxes != hasNames) {
            add(n, hasBoxes ? "mbox-names" : "mboxes", "mbox-names-with-mboxes",
                    "is required when " + (hasBoxes ? "mboxes" : "mbox-names") + " is present");
            return;
        }
        if (!hasBoxes) {
            return;
        }
        int count = -1;
        try {
            List<PhandleArgs> boxes = n.phandleArgs("mboxes", "#mbox-cells");
            count = boxes.size();
            if (count < 1 || count > MBOX_NAMES.size()) {
                add(n, "mboxes", "mboxes-items", "has " + count + " entries, expected 1 to " + MBOX_NAMES.size());
            }
            for (int i = 0; i < boxes.size(); i++) {
                PhandleArgs b = boxes.get(i);
                if (b.target().isCompatible(IpccConfig.COMPATIBLE) && b.argCount() == 1
                        && Integer.compareUnsigned(b.arg(0), IpccConfig.CHANNELS) >= 0) {
                    add(n, "mboxes", "mboxes-channel-range", "entry " + i + " asks for IPCC channel "
                            + Integer.toUnsignedString(b.arg(0)) + ", the IPCC has channels 0 to "
                            + (IpccConfig.CHANNELS - 1));
                }
            }
        } catch (DtException e) {
            add(n, "mboxes", "mboxes-items", "cannot be decoded: " + tail(e));
        }
        List<String> names;
        try {
            names = n.strings("mbox-names");
        } catch (DtException e) {
            add(n, "mbox-names", "mbox-names-items", "must be a string list: " + tail(e));
            return;
        }
        if (!isPrefix(names, MBOX_NAMES)) {
            add(n, "mbox-names", "mbox-names-items", "is " + names + ", expected "
                    + prefixOf(MBOX_NAMES, names.size()) + " (the binding fixes the order)");
        }
        if (count >= 0 && names.size() != count) {
            add(n, "mbox-names", "mbox-names-count", "has " + names.size() + " names for " + count + " mboxes entries");
        }
    }

    private void checkInterrupts(Node n) {
        boolean extended = n.hasProperty("interrupts-extended");
        String prop = extended ? "interrupts-extended" : "interrupts";
        if (!n.hasProperty(prop)) {
            return;
        }
        if (!extended) {
            try {
                if (n.interruptParent().isEmpty()) {
                    add(n, prop, "interrupt-parent", "has no interrupt-parent here or on any ancestor");
                    return;
                }
            } catch (DtException e) {
                add(n, "interrupt-parent", "interrupt-parent", tail(e));
                return;
            }
        }
        try {
            List<PhandleArgs> irqs = n.interrupts();
            if (irqs.size() != 1) {
                add(n, prop, "interrupts-items", "has " + irqs.size()
                        + " interrupts, expected exactly one: the WWDG1 reset line");
            }
        } catch (DtException e) {
            add(n, prop, "interrupts-items", "cannot be decoded: " + tail(e));
        }
    }

    private void checkBoolean(Node n, String name) {
        n.property(name).ifPresent(p -> {
            if (!p.isEmpty()) {
                add(n, name, "boolean", "is a flag and must have no value, it has " + p.length() + " bytes");
            }
        });
    }

    /** The parent bus dma-ranges stm32_rproc_of_memory_translations needs, or empty after a violation. */
    private Optional<List<Range>> parentDmaRanges(Node n) {
        Node bus = n.parent().orElseThrow();
        if (!bus.hasProperty("dma-ranges")) {
            add(n, "", "parent-dma-ranges", "parent " + bus.path()
                    + " has no dma-ranges: stm32_rproc cannot translate M4 addresses (probe fails with -EINVAL)");
            return Optional.empty();
        }
        try {
            List<Range> ranges = bus.dmaRanges();
            if (ranges.isEmpty()) {
                add(n, "", "parent-dma-ranges", "parent " + bus.path()
                        + " has an empty dma-ranges: stm32_rproc needs explicit (da, pa, size) triplets");
                return Optional.empty();
            }
            return Optional.of(ranges);
        } catch (DtException e) {
            add(n, "", "parent-dma-ranges", "parent dma-ranges cannot be decoded: " + tail(e));
            return Optional.empty();
        }
    }

    private void checkMemoryRegions(Node n, Optional<List<Range>> dma) {
        if (!n.hasProperty("memory-region")) {
            return;
        }
        List<PhandleArgs> regions;
        try {
            regions = n.phandleArgs("memory-region", 0);
        } catch (DtException e) {
            add(n, "memory-region", "memory-region-target", tail(e));
            return;
        }
        if (regions.size() > MAX_MEMORY_REGIONS) {
            add(n, "memory-region", "memory-region-items", "has " + regions.size() + " entries, at most "
                    + MAX_MEMORY_REGIONS + " allowed");
        }
        Optional<Node> reserved = tree.find("/reserved-memory");
        for (int i = 0; i < regions.size(); i++) {
            Node r = regions.get(i).target();
            String which = "entry " + i + " (" + r.path() + ")";
            if (reserved.isEmpty() || r.parent().orElse(null) != reserved.get()) {
                add(n, "memory-region", "memory-region-target", which + " is not a child of /reserved-memory");
                continue;
            }
            List<Reg> reg;
            try {
                reg = r.reg();
            } catch (DtException e) {
                add(n, "memory-region", "memory-region-target", which + " has no usable reg: " + tail(e));
                continue;
            }
            if (reg.size() != 1) {
                add(n, "memory-region", "memory-region-target", which + " has " + reg.size()
                        + " reg entries, expected one base and size");
                continue;
            }
            Reg base = reg.getFirst();
            if (dma.isPresent() && dma.get().stream().noneMatch(d -> d.containsParent(base.address(), base.size()))) {
                add(n, "memory-region", "memory-region-dma-ranges", String.format(
                        "%s [0x%x, +0x%x) lies outside every dma-ranges window of %s: the M4 cannot address it",
                        which, base.address(), base.size(), n.parent().orElseThrow().path()));
            }
        }
    }

    // ------------------------------------------------------------------ TEE remoteproc service node

    private void checkTeeNode(Node n) {
        current = n;
        for (Property p : n.properties()) {
            if (!TEE_NODE_ALLOWED.contains(p.name())) {
                add(n, p.name(), "tee-node-additional-properties",
                        "is not allowed: the TEE remoteproc node has only its UUID compatible");
            }
        }
        List<String> compat = n.compatibles();
        if (!compat.equals(List.of(TEE_RPROC_UUID))) {
            add(n, "compatible", "tee-node-compatible", "is " + compat + ", expected exactly \"" + TEE_RPROC_UUID + "\"");
        }
    }

    // ------------------------------------------------------------------ IPCC (st,stm32mp1-ipcc)

    private void checkIpcc(Node n) {
        current = n;
        if (!n.hasProperty("reg")) {
            add(n, "reg", "ipcc-required", "is required (the IPCC registers)");
        }
        if (!n.hasProperty("#mbox-cells")) {
            add(n, "#mbox-cells", "ipcc-required", "is required and must be 1 (the channel number)");
        } else {
            try {
                if (n.u32("#mbox-cells") != 1) {
                    add(n, "#mbox-cells", "ipcc-mbox-cells", "is " + n.u32("#mbox-cells")
                            + ", expected 1 (the channel number)");
                }
            } catch (DtException e) {
                add(n, "#mbox-cells", "ipcc-mbox-cells", tail(e));
            }
        }
        if (!n.hasProperty("st,proc-id")) {
            add(n, "st,proc-id", "ipcc-required", "is required (which processor bank Linux drives)");
        } else {
            try {
                int id = n.u32("st,proc-id");
                if (id != 0 && id != 1) {
                    add(n, "st,proc-id", "ipcc-proc-id", "is " + Integer.toUnsignedString(id)
                            + ", expected 0 or 1 (stm32-ipcc probe fails with -EINVAL otherwise)");
                }
            } catch (DtException e) {
                add(n, "st,proc-id", "ipcc-proc-id", tail(e));
            }
        }
        for (String name : List.of("rx", "tx")) {
            try {
                if (n.interrupt(name).isEmpty()) {
                    add(n, "interrupt-names", "ipcc-interrupts", "has no \"" + name + "\" interrupt");
                }
            } catch (DtException e) {
                add(n, "interrupt-names", "ipcc-interrupts", "\"" + name + "\" cannot be resolved: " + tail(e));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isPrefix(List<String> names, List<String> order) {
        return names.size() <= order.size() && names.equals(order.subList(0, names.size()));
    }

    private static List<String> prefixOf(List<String> order, int size) {
        return order.subList(0, Math.max(1, Math.min(size, order.size())));
    }

    /**
     * The typed-access message without its "node X: property 'y' " prefix when that names the node
     * being checked (the violation already says which); a message about another node stays whole.
     */
    private String tail(DtException e) {
        String m = e.getMessage();
        String prefix = "node " + current.path() + ": property '";
        if (m.startsWith(prefix)) {
            int end = m.indexOf("' ", prefix.length());
            if (end > 0) {
                return m.substring(end + 2);
            }
        }
        return m;
    }
}
