package org.mp15sim.core.dt;

import java.util.ArrayList;
import java.util.List;

/**
 * A node while a tree is being read. Deleted properties and children stay as tombstones so that a
 * later block that re-adds the same name gets the old position back, as dtc's merge does.
 */
final class NodeBuilder {
    final String name;
    final NodeBuilder parent;
    final SourceLocation location;
    final List<String> labels = new ArrayList<>();
    final List<PropBuilder> props = new ArrayList<>();
    final List<NodeBuilder> children = new ArrayList<>();
    boolean deleted;

    NodeBuilder(NodeBuilder parent, String name, SourceLocation location) {
        this.parent = parent;
        this.name = name;
        this.location = location;
    }

    String path() {
        if (parent == null) {
            return "/";
        }
        String pp = parent.path();
        return (pp.equals("/") ? "/" : pp + "/") + name;
    }

    /** A live or deleted property of that name, or null. */
    PropBuilder findProp(String propName) {
        for (PropBuilder p : props) {
            if (p.name.equals(propName)) {
                return p;
            }
        }
        return null;
    }

    PropBuilder liveProp(String propName) {
        PropBuilder p = findProp(propName);
        return p == null || p.deleted ? null : p;
    }

    NodeBuilder findChild(String childName) {
        for (NodeBuilder c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    void delete() {
        deleted = true;
        labels.clear();
        for (PropBuilder p : props) {
            p.deleted = true;
        }
        for (NodeBuilder c : children) {
            c.delete();
        }
    }

    /** Sets (or replaces in place, or revives in place) a property. */
    PropBuilder put(PropBuilder p) {
        PropBuilder old = findProp(p.name);
        if (old == null) {
            props.add(p);
            return p;
        }
        old.replaceWith(p);
        return old;
    }

    static final class PropBuilder {
        final String name;
        SourceLocation location;
        byte[] value;
        List<Ref> refs;
        boolean deleted;

        PropBuilder(String name, SourceLocation location, byte[] value, List<Ref> refs) {
            this.name = name;
            this.location = location;
            this.value = value;
            this.refs = refs;
        }

        void replaceWith(PropBuilder p) {
            location = p.location;
            value = p.value;
            refs = p.refs;
            deleted = false;
        }
    }

    /** A reference inside a property value, resolved once the whole tree is known. */
    record Ref(int offset, boolean phandle, String target, SourceLocation location) {
        /** {@code target} is a label, or a full path when written as {@code &{/path}}. */
        boolean isPath() {
            return target.startsWith("/");
        }
    }
}
