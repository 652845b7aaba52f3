package org.mp15sim.core.dt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable device tree: the root {@link Node}, the memory reservation block, and indexes by
 * label and phandle. Made by {@link DtsParser} or {@link Dtb#read}; written back by {@link #toDtb()}.
 */
public final class DeviceTree {
    private final Node root;
    private final List<MemReserve> memoryReservations;
    private final int bootCpuId;
    private final Map<String, Node> byLabel = new LinkedHashMap<>();
    private final Map<Integer, Node> byPhandle = new TreeMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private DeviceTree(Node root, List<MemReserve> memoryReservations, int bootCpuId) {
        this.root = root;
        this.memoryReservations = List.copyOf(memoryReservations);
        this.bootCpuId = bootCpuId;
    }

    /** Freezes a built tree, checking phandle and label uniqueness. */
    static DeviceTree build(NodeBuilder rootBuilder, List<MemReserve> reservations, int bootCpuId) {
        Node root = freeze(null, rootBuilder);
        DeviceTree t = new DeviceTree(root, reservations, bootCpuId);
        t.index(root);
        return t;
    }

    private static Node freeze(Node parent, NodeBuilder b) {
        List<Property> props = new ArrayList<>();
        int phandle = 0;
        String path = parent == null ? "/" : b.path();
        for (NodeBuilder.PropBuilder pb : b.props) {
            if (pb.deleted) {
                continue;
            }
            props.add(new Property(pb.name, pb.value, pb.location));
            if (pb.name.equals("phandle") || pb.name.equals("linux,phandle")) {
                phandle = checkedPhandle(path, pb, phandle);
            }
        }
        Node n = new Node(parent, b.name, b.labels, props, phandle, b.location);
        for (NodeBuilder cb : b.children) {
            if (!cb.deleted) {
                n.addChild(freeze(n, cb));
            }
        }
        return n;
    }

    private static int checkedPhandle(String path, NodeBuilder.PropBuilder p, int other) {
        String where = "node " + path + ": property '" + p.name + "'";
        if (p.value.length != 4) {
            throw new DtException(where + " has " + p.value.length + " bytes, expected exactly 4 (one phandle)");
        }
        int v = ((p.value[0] & 0xff) << 24) | ((p.value[1] & 0xff) << 16) | ((p.value[2] & 0xff) << 8)
                | (p.value[3] & 0xff);
        if (v == 0 || v == -1) {
            throw new DtException(where + " is 0x" + Integer.toHexString(v)
                    + ", not a valid phandle (0 and 0xffffffff are reserved)");
        }
        if (other != 0 && other != v) {
            throw new DtException(where + " is 0x" + Integer.toHexString(v) + " but the node's other phandle property says 0x"
                    + Integer.toHexString(other));
        }
        return v;
    }

    private void index(Node n) {
        n.attach(this);
        nodes.add(n);
        for (String label : n.labels()) {
            Node old = byLabel.putIfAbsent(label, n);
            if (old != null && old != n) {
                throw new DtException("label '" + label + "' is used on both " + old.path() + " and " + n.path());
            }
        }
        if (n.phandle().isPresent()) {
            Node old = byPhandle.putIfAbsent(n.phandle().getAsInt(), n);
            if (old != null) {
                throw new DtException("phandle 0x" + Integer.toHexString(n.phandle().getAsInt()) + " is used by both "
                        + old.path() + " and " + n.path());
            }
        }
        for (Node c : n.childList()) {
            index(c);
        }
    }

    public Node root() {
        return root;
    }

    public List<MemReserve> memoryReservations() {
        return memoryReservations;
    }

    public int bootCpuId() {
        return bootCpuId;
    }

    /** Every node, depth first in source order, root first. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * A node by path ({@code "/soc/ipcc@4c001000"}; components without {@code @unit} match by base
     * name) or by alias from {@code /aliases} ({@code "serial0"} or {@code "serial0/child"}).
     */
    public Optional<Node> find(String path) {
        Node n;
        String rest;
        if (path.startsWith("/")) {
            n = root;
            rest = path.substring(1);
        } else {
            int slash = path.indexOf('/');
            String alias = slash < 0 ? path : path.substring(0, slash);
            rest = slash < 0 ? "" : path.substring(slash + 1);
            Optional<Node> aliases = root.child("aliases");
            if (aliases.isEmpty() || !aliases.get().hasProperty(alias)) {
                return Optional.empty();
            }
            Optional<Node> target = find(aliases.get().string(alias));
            if (target.isEmpty()) {
                return Optional.empty();
            }
            n = target.get();
        }
        for (String part : rest.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Optional<Node> c = n.child(part);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            n = c.get();
        }
        return Optional.of(n);
    }

    /** Like {@link #find} but fails with a {@link DtException} naming the path. */
    public Node node(String path) {
        return find(path).orElseThrow(() -> new DtException("device tree has no node '" + path + "'"));
    }

    public Optional<Node> byLabel(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    /** Labels in first-seen (depth-first) order. */
    public Map<String, Node> labels() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byLabel));
    }

    public Optional<Node> byPhandle(int phandle) {
        return Optional.ofNullable(byPhandle.get(phandle));
    }

    /** Every node whose {@code compatible} list contains {@code compatible}, in tree order. */
    public List<Node> compatible(String compatible) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.isCompatible(compatible)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** Flattened blob, version 17, laid out as dtc lays it out. */
    public byte[] toDtb() {
        return Dtb.write(this);
    }

    /** Device-tree source for this tree (labels kept, phandle references shown as numbers). */
    public String toDts() {
        return DtsWriter.write(this);
    }

    /** Same node names, property names and bytes, order and memory reservations (labels ignored). */
    public boolean sameStructure(DeviceTree other) {
        return memoryReservations.equals(other.memoryReservations) && root.sameContent(other.root);
    }
}
