package org.mp15sim.core.dt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device-tree node: name (with unit address), labels, properties and children in source order.
 * Nodes are immutable once their {@link DeviceTree} is built. Typed lookups throw a
 * {@link DtException} that names the node path and the property when the value is absent or has the
 * wrong shape; use {@link #property(String)} or {@link #hasProperty(String)} for optional ones.
 */
public final class Node {
    /** The default {@code #address-cells} / {@code #size-cells} when a node does not say (DT spec 2.3.5). */
    public static final int DEFAULT_ADDRESS_CELLS = 2;
    public static final int DEFAULT_SIZE_CELLS = 1;

    private final String name;
    private final Node parent;
    private final String path;
    private final List<String> labels;
    private final List<Property> properties;
    private final List<Node> children = new ArrayList<>();
    private final int phandle;
    private final SourceLocation location;
    private DeviceTree tree;

    Node(Node parent, String name, List<String> labels, List<Property> properties, int phandle,
            SourceLocation location) {
        this.parent = parent;
        this.location = location;
        this.name = name;
        this.path = parent == null ? "/" : (parent.parent == null ? "/" : parent.path + "/") + name;
        this.labels = List.copyOf(labels);
        this.properties = List.copyOf(properties);
        this.phandle = phandle;
        for (Property p : this.properties) {
            p.attach(this);
        }
    }

    void addChild(Node child) {
        children.add(child);
    }

    void attach(DeviceTree owner) {
        this.tree = owner;
    }

    /** Where the node was first written, when the tree came from source. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }

    public DeviceTree tree() {
        return tree;
    }

    /** Full node name including the unit address ({@code "ipcc@4c001000"}); empty for the root. */
    public String name() {
        return name;
    }

    /** The name without the unit address ({@code "ipcc"}), what Linux calls {@code np->name}. */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The unit address text after {@code '@'}, or an empty string. */
    public String unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? "" : name.substring(at + 1);
    }

    /** Full path, e.g. {@code "/soc/ipcc@4c001000"}; the root is {@code "/"}. */
    public String path() {
        return path;
    }

    public Optional<Node> parent() {
        return Optional.ofNullable(parent);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Source labels of this node (empty for a tree read from a blob without {@code __symbols__}). */
    public List<String> labels() {
        return labels;
    }

    public List<Node> children() {
        return List.copyOf(children);
    }

    public List<Property> properties() {
        return properties;
    }

    /** The node's phandle, if it has one (explicit, or assigned because something references it). */
    public OptionalInt phandle() {
        return phandle == 0 ? OptionalInt.empty() : OptionalInt.of(phandle);
    }

    /**
     * A child by full name, or by base name when {@code childName} has no unit address (the first
     * such child, as Linux's path lookup does).
     */
    public Optional<Node> child(String childName) {
        boolean exact = childName.indexOf('@') >= 0;
        for (Node c : children) {
            if (exact ? c.name.equals(childName) : c.baseName().equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public Optional<Property> property(String propertyName) {
        for (Property p : properties) {
            if (p.name().equals(propertyName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean hasProperty(String propertyName) {
        return property(propertyName).isPresent();
    }

    /** The property, or a {@link DtException} saying it is missing. */
    public Property requireProperty(String propertyName) {
        return property(propertyName).orElseThrow(
                () -> new DtException("node " + path + ": required property '" + propertyName + "' is missing"));
    }

    public int u32(String propertyName) {
        return requireProperty(propertyName).u32();
    }

    public int u32(String propertyName, int defaultValue) {
        return property(propertyName).map(Property::u32).orElse(defaultValue);
    }

    public int[] u32Array(String propertyName) {
        return requireProperty(propertyName).u32Array();
    }

    public long u64(String propertyName) {
        return requireProperty(propertyName).u64();
    }

    public String string(String propertyName) {
        return requireProperty(propertyName).string();
    }

    public List<String> strings(String propertyName) {
        return requireProperty(propertyName).strings();
    }

    /** The {@code compatible} list, empty when the node has none. */
    public List<String> compatibles() {
        return property("compatible").map(Property::strings).orElse(List.of());
    }

    public boolean isCompatible(String compatible) {
        return compatibles().contains(compatible);
    }

    /** Linux {@code of_device_is_available}: no {@code status}, or {@code "okay"} / {@code "ok"}. */
    public boolean isEnabled() {
        Optional<Property> status = property("status");
        if (status.isEmpty()) {
            return true;
        }
        String s = status.get().string();
        return s.equals("okay") || s.equals("ok");
    }

    /** This node's {@code #address-cells} (which applies to its children), default 2. */
    public int addressCells() {
        return cellsValue("#address-cells", DEFAULT_ADDRESS_CELLS);
    }

    /** This node's {@code #size-cells} (which applies to its children), default 1. */
    public int sizeCells() {
        return cellsValue("#size-cells", DEFAULT_SIZE_CELLS);
    }

    /** {@code reg} decoded with the parent's {@code #address-cells} / {@code #size-cells}. */
    public List<Reg> reg() {
        Property reg = requireProperty("reg");
        if (parent == null) {
            throw reg.error("cannot be decoded: the root node has no parent to give #address-cells");
        }
        int ac = parent.addressCells();
        int sc = parent.sizeCells();
        int per = ac + sc;
        int n = reg.cellCount();
        if (per == 0 || n % per != 0) {
            throw reg.error("has " + n + " cells, not a multiple of " + per + " (#address-cells " + ac
                    + " + #size-cells " + sc + " of " + parent.path + ")");
        }
        List<Reg> out = new ArrayList<>();
        for (int i = 0; i < n; i += per) {
            out.add(new Reg(reg.number(i, ac), reg.number(i + ac, sc)));
        }
        return List.copyOf(out);
    }

    /** {@code ranges} triples; an empty property (identity mapping) gives an empty list. */
    public List<Range> ranges() {
        return triples("ranges");
    }

    /** {@code dma-ranges} triples; an empty property (identity mapping) gives an empty list. */
    public List<Range> dmaRanges() {
        return triples("dma-ranges");
    }

    private List<Range> triples(String propertyName) {
        Property p = requireProperty(propertyName);
        int cac = addressCells();
        int pac = parent == null ? cac : parent.addressCells();
        int sc = sizeCells();
        int per = cac + pac + sc;
        int n = p.cellCount();
        if (n % per != 0) {
            throw p.error("has " + n + " cells, not a multiple of " + per + " (child #address-cells " + cac
                    + " + parent #address-cells " + pac + " + #size-cells " + sc + ")");
        }
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < n; i += per) {
            out.add(new Range(p.number(i, cac), p.number(i + cac, pac), p.number(i + cac + pac, sc)));
        }
        return List.copyOf(out);
    }

    /**
     * Decodes a phandle list whose argument count comes from each target's {@code cellsProperty}
     * (e.g. {@code ("mboxes", "#mbox-cells")}), like Linux {@code of_parse_phandle_with_args}.
     */
    public List<PhandleArgs> phandleArgs(String propertyName, String cellsProperty) {
        return phandleList(requireProperty(propertyName), cellsProperty, -1);
    }

    /** Decodes a phandle list where every entry has exactly {@code argCount} argument cells. */
    public List<PhandleArgs> phandleArgs(String propertyName, int argCount) {
        if (argCount < 0) {
            throw new IllegalArgumentException("argCount " + argCount);
        }
        return phandleList(requireProperty(propertyName), null, argCount);
    }

    /** A property holding exactly one phandle, resolved to its node. */
    public Node phandleTarget(String propertyName) {
        Property p = requireProperty(propertyName);
        if (p.length() != 4) {
            throw p.error("has " + p.length() + " bytes, expected exactly one phandle (4 bytes)");
        }
        return resolve(p, 0, p.u32());
    }

    /** The interrupt parent: {@code interrupt-parent} here or on the nearest ancestor that has one. */
    public Optional<Node> interruptParent() {
        for (Node n = this; n != null; n = n.parent) {
            Optional<Property> ip = n.property("interrupt-parent");
            if (ip.isPresent()) {
                return Optional.of(n.phandleTarget("interrupt-parent"));
            }
        }
        return Optional.empty();
    }

    /**
     * The node's interrupts as (controller, specifier cells): {@code interrupts-extended} if present,
     * else {@code interrupts} split by the interrupt parent's {@code #interrupt-cells}. Empty when the
     * node has neither. ({@code interrupt-map} nexus translation is not modelled.)
     */
    public List<PhandleArgs> interrupts() {
        if (hasProperty("interrupts-extended")) {
            return phandleArgs("interrupts-extended", "#interrupt-cells");
        }
        Optional<Property> irqs = property("interrupts");
        if (irqs.isEmpty()) {
            return List.of();
        }
        Property p = irqs.get();
        Node controller = interruptParent().orElseThrow(
                () -> p.error("has no interrupt-parent on this node or any ancestor"));
        Optional<Property> cellsProp = controller.property("#interrupt-cells");
        if (cellsProp.isEmpty()) {
            throw p.error("cannot be split: interrupt parent " + controller.path + " has no '#interrupt-cells'");
        }
        int cells = cellsProp.get().u32();
        int n = p.cellCount();
        if (cells <= 0 || n % cells != 0) {
            throw p.error("has " + n + " cells, not a multiple of " + cells + " (#interrupt-cells of "
                    + controller.path + ")");
        }
        List<PhandleArgs> out = new ArrayList<>();
        for (int i = 0; i < n; i += cells) {
            int[] spec = new int[cells];
            for (int k = 0; k < cells; k++) {
                spec[k] = p.cell(i + k);
            }
            out.add(new PhandleArgs(controller, spec));
        }
        return List.copyOf(out);
    }

    /** The interrupt named {@code name} in {@code interrupt-names}, if the node has one by that name. */
    public Optional<PhandleArgs> interrupt(String name) {
        if (!hasProperty("interrupt-names")) {
            return Optional.empty();
        }
        int index = strings("interrupt-names").indexOf(name);
        if (index < 0) {
            return Optional.empty();
        }
        List<PhandleArgs> all = interrupts();
        if (index >= all.size()) {
            throw requireProperty("interrupt-names").error("names " + (index + 1) + " or more interrupts but the node has "
                    + all.size());
        }
        return Optional.of(all.get(index));
    }

    private List<PhandleArgs> phandleList(Property p, String cellsProperty, int fixed) {
        int n = p.cellCount();
        List<PhandleArgs> out = new ArrayList<>();
        int i = 0;
        int entry = 0;
        while (i < n) {
            int ph = p.cell(i);
            Node target = resolve(p, entry, ph);
            int count = fixed;
            if (cellsProperty != null) {
                Optional<Property> cp = target.property(cellsProperty);
                if (cp.isEmpty()) {
                    throw p.error("entry " + entry + ": target " + target.path + " has no '" + cellsProperty
                            + "' to say how many argument cells follow the phandle");
                }
                count = cp.get().u32();
            }
            if (count < 0 || i + 1 + count > n) {
                throw p.error("entry " + entry + ": needs " + count + " argument cells after the phandle of "
                        + target.path + (cellsProperty == null ? "" : " (its " + cellsProperty + ")")
                        + " but only " + (n - i - 1) + " remain");
            }
            int[] args = new int[count];
            for (int a = 0; a < count; a++) {
                args[a] = p.cell(i + 1 + a);
            }
            out.add(new PhandleArgs(target, args));
            i += 1 + count;
            entry++;
        }
        return List.copyOf(out);
    }

    private Node resolve(Property p, int entry, int ph) {
        if (tree == null) {
            throw p.error("cannot resolve phandles outside a DeviceTree");
        }
        return tree.byPhandle(ph).orElseThrow(() -> p.error("entry " + entry + ": phandle 0x"
                + Integer.toHexString(ph) + " does not refer to any node"));
    }

    private int cellsValue(String propertyName, int defaultValue) {
        Optional<Property> p = property(propertyName);
        if (p.isEmpty()) {
            return defaultValue;
        }
        int v = p.get().u32();
        if (v < 0 || v > 4) {
            throw p.get().error("is " + Integer.toUnsignedString(v) + ", expected 0..4");
        }
        return v;
    }

    boolean sameContent(Node other) {
        if (!name.equals(other.name) || properties.size() != other.properties.size()
                || children.size() != other.children.size()) {
            return false;
        }
        for (int i = 0; i < properties.size(); i++) {
            if (!properties.get(i).sameContent(other.properties.get(i))) {
                return false;
            }
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).sameContent(other.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    List<Node> childList() {
        return children;
    }

    @Override
    public String toString() {
        return path;
    }
}
