package org.mp15sim.core.dt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Flattened device-tree blobs (DT spec chapter 5): reading versions 16 and 17, writing version 17
 * with dtc's layout (header, memory reservations, structure block, strings block, shared string
 * suffixes), so a tree written here is byte-identical to what {@code dtc -O dtb} makes of the same
 * source.
 */
public final class Dtb {
    public static final int MAGIC = 0xd00dfeed;
    public static final int VERSION = 17;
    public static final int LAST_COMPATIBLE_VERSION = 16;

    private static final int FDT_BEGIN_NODE = 1;
    private static final int FDT_END_NODE = 2;
    private static final int FDT_PROP = 3;
    private static final int FDT_NOP = 4;
    private static final int FDT_END = 9;
    private static final int HEADER_SIZE = 40;

    private Dtb() {
    }

    /** True if {@code data} starts with the blob magic. */
    public static boolean looksLikeDtb(byte[] data) {
        return data.length >= 4 && ByteBuffer.wrap(data).getInt(0) == MAGIC;
    }

    /**
     * Reads a blob. Labels are recovered from a {@code /__symbols__} node when there is one.
     *
     * @param name used in error messages ({@code "board.dtb: offset 0x48: ..."})
     */
    public static DeviceTree read(byte[] blob, String name) {
        return new Reader(blob, name).read();
    }

    /** Writes a version 17 blob. */
    public static byte[] write(DeviceTree tree) {
        Strings strings = new Strings();
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        writeNode(tree.root(), struct, strings);
        putInt(struct, FDT_END);
        byte[] structBytes = struct.toByteArray();
        byte[] stringBytes = strings.bytes();
        List<MemReserve> rsv = tree.memoryReservations();
        int offRsv = HEADER_SIZE;
        int offStruct = offRsv + 16 * (rsv.size() + 1);
        int offStrings = offStruct + structBytes.length;
        int total = offStrings + stringBytes.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(MAGIC).putInt(total).putInt(offStruct).putInt(offStrings).putInt(offRsv).putInt(VERSION)
                .putInt(LAST_COMPATIBLE_VERSION).putInt(tree.bootCpuId()).putInt(stringBytes.length)
                .putInt(structBytes.length);
        for (MemReserve r : rsv) {
            b.putLong(r.address()).putLong(r.size());
        }
        b.putLong(0).putLong(0);
        b.put(structBytes).put(stringBytes);
        return b.array();
    }

    private static void writeNode(Node n, ByteArrayOutputStream out, Strings strings) {
        putInt(out, FDT_BEGIN_NODE);
        byte[] name = n.name().getBytes(StandardCharsets.UTF_8);
        out.write(name, 0, name.length);
        out.write(0);
        pad(out);
        for (Property p : n.properties()) {
            putInt(out, FDT_PROP);
            putInt(out, p.length());
            putInt(out, strings.offsetOf(p.name()));
            byte[] v = p.rawValue();
            out.write(v, 0, v.length);
            pad(out);
        }
        for (Node c : n.childList()) {
            writeNode(c, out, strings);
        }
        putInt(out, FDT_END_NODE);
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    /** dtc's string table: a name already present as a suffix of an earlier entry is shared. */
    private static final class Strings {
        private final StringBuilder table = new StringBuilder();

        int offsetOf(String s) {
            String needle = s + '\0';
            // Matching s+NUL anywhere reuses the tail of a longer name, as dtc's stringtable_insert does.
            int at = table.indexOf(needle);
            if (at >= 0) {
                return utf8Length(table.substring(0, at));
            }
            int off = utf8Length(table.toString());
            table.append(needle);
            return off;
        }

        byte[] bytes() {
            return table.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static int utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static final class Reader {
        private final byte[] blob;
        private final String name;
        private final ByteBuffer b;
        private int structStart;
        private int structEnd;
        private int stringsStart;
        private int stringsEnd;

        Reader(byte[] blob, String name) {
            this.blob = blob;
            this.name = name;
            this.b = ByteBuffer.wrap(blob);
        }

        DeviceTree read() {
            if (blob.length < HEADER_SIZE - 4) {
                throw error(0, "blob is " + blob.length + " bytes, shorter than a DTB header");
            }
            int magic = b.getInt(0);
            if (magic != MAGIC) {
                throw error(0, "bad magic 0x" + Integer.toHexString(magic) + ", expected 0xd00dfeed");
            }
            long total = u(4);
            int version = b.getInt(20);
            int lastComp = b.getInt(24);
            if (version < 16) {
                throw error(20, "version " + version + " is not supported (need 16 or later)");
            }
            if (lastComp > VERSION) {
                throw error(24, "last_comp_version " + lastComp + " is newer than the supported version " + VERSION);
            }
            if (version >= 17 && blob.length < HEADER_SIZE) {
                throw error(0, "blob is " + blob.length + " bytes, shorter than a version 17 header");
            }
            if (total > blob.length) {
                throw error(4, "totalsize " + total + " is larger than the " + blob.length + " bytes available");
            }
            long offStruct = u(8);
            long offStrings = u(12);
            long offRsv = u(16);
            int bootCpu = b.getInt(28);
            long sizeStrings = u(32);
            long sizeStruct = version >= 17 ? u(36) : total - offStruct;
            structStart = block(offStruct, sizeStruct, total, 8, "structure block");
            structEnd = structStart + (int) sizeStruct;
            stringsStart = block(offStrings, sizeStrings, total, 12, "strings block");
            stringsEnd = stringsStart + (int) sizeStrings;
            if (offStruct % 4 != 0) {
                throw error(8, "structure block offset 0x" + Long.toHexString(offStruct) + " is not 4-byte aligned");
            }
            List<MemReserve> rsv = readReservations(offRsv, total);
            NodeBuilder root = readStruct();
            applySymbols(root);
            return DeviceTree.build(root, rsv, bootCpu);
        }

        private List<MemReserve> readReservations(long offRsv, long total) {
            if (offRsv % 8 != 0) {
                throw error(16, "memory reservation block offset 0x" + Long.toHexString(offRsv) + " is not 8-byte aligned");
            }
            List<MemReserve> out = new ArrayList<>();
            long at = offRsv;
            while (true) {
                if (at + 16 > total) {
                    throw error((int) Math.min(at, Integer.MAX_VALUE), "memory reservation block is not terminated by a 0,0 entry");
                }
                long addr = b.getLong((int) at);
                long size = b.getLong((int) at + 8);
                if (addr == 0 && size == 0) {
                    return List.copyOf(out);
                }
                out.add(new MemReserve(addr, size));
                at += 16;
            }
        }

        private NodeBuilder readStruct() {
            int at = structStart;
            NodeBuilder root = null;
            NodeBuilder cur = null;
            int depth = 0;
            boolean ended = false;
            while (!ended) {
                if (at + 4 > structEnd) {
                    throw error(at, "structure block ends without FDT_END");
                }
                int tokenAt = at;
                int token = b.getInt(at);
                at += 4;
                switch (token) {
                    case FDT_BEGIN_NODE -> {
                        int nul = findNul(at, structEnd, "node name");
                        String nodeName = new String(blob, at, nul - at, StandardCharsets.UTF_8);
                        at = align(nul + 1);
                        if (cur == null) {
                            if (root != null) {
                                throw error(tokenAt, "second root node '" + nodeName + "'");
                            }
                            if (!nodeName.isEmpty()) {
                                throw error(tokenAt, "root node has name '" + nodeName + "', expected an empty name");
                            }
                            root = new NodeBuilder(null, "", null);
                            cur = root;
                        } else {
                            if (nodeName.isEmpty()) {
                                throw error(tokenAt, "node under " + cur.path() + " has an empty name");
                            }
                            if (cur.findChild(nodeName) != null) {
                                throw error(tokenAt, "duplicate node " + cur.path() + (cur.parent == null ? "" : "/") + nodeName);
                            }
                            if (++depth > DtsGrammar.MAX_NESTING) {
                                throw error(tokenAt, "nodes nested deeper than " + DtsGrammar.MAX_NESTING);
                            }
                            NodeBuilder child = new NodeBuilder(cur, nodeName, null);
                            cur.children.add(child);
                            cur = child;
                        }
                    }
                    case FDT_END_NODE -> {
                        if (cur == null) {
                            throw error(tokenAt, "FDT_END_NODE without an open node");
                        }
                        cur = cur.parent;
                        depth--;
                    }
                    case FDT_PROP -> {
                        if (cur == null) {
                            throw error(tokenAt, "FDT_PROP outside any node");
                        }
                        if (at + 8 > structEnd) {
                            throw error(tokenAt, "truncated FDT_PROP");
                        }
                        long len = u(at);
                        long nameOff = u(at + 4);
                        at += 8;
                        if (len > structEnd - at) {
                            throw error(tokenAt, "property length " + len + " runs past the structure block");
                        }
                        if (nameOff >= stringsEnd - stringsStart) {
                            throw error(tokenAt + 8, "property name offset " + nameOff + " is outside the strings block ("
                                    + (stringsEnd - stringsStart) + " bytes)");
                        }
                        int ns = stringsStart + (int) nameOff;
                        int nul = findNul(ns, stringsEnd, "property name");
                        String propName = new String(blob, ns, nul - ns, StandardCharsets.UTF_8);
                        if (cur.findProp(propName) != null) {
                            throw error(tokenAt, "duplicate property '" + propName + "' in " + cur.path());
                        }
                        byte[] v = new byte[(int) len];
                        System.arraycopy(blob, at, v, 0, (int) len);
                        cur.props.add(new NodeBuilder.PropBuilder(propName, null, v, List.of()));
                        at = align(at + (int) len);
                    }
                    case FDT_NOP -> {
                    }
                    case FDT_END -> {
                        if (cur != null) {
                            throw error(tokenAt, "FDT_END while node " + cur.path() + " is still open");
                        }
                        ended = true;
                    }
                    default -> throw error(tokenAt, "unknown structure token 0x" + Integer.toHexString(token));
                }
                if (root != null && cur == null && !ended && at + 4 <= structEnd && b.getInt(at) != FDT_END
                        && b.getInt(at) != FDT_NOP) {
                    throw error(at, "data after the root node closed, expected FDT_END");
                }
            }
            if (root == null) {
                throw error(structStart, "structure block has no root node");
            }
            return root;
        }

        private void applySymbols(NodeBuilder root) {
            NodeBuilder symbols = root.findChild("__symbols__");
            if (symbols == null) {
                return;
            }
            for (NodeBuilder.PropBuilder p : symbols.props) {
                byte[] v = p.value;
                if (v.length < 2 || v[v.length - 1] != 0 || v[0] != '/') {
                    continue;
                }
                NodeBuilder target = root;
                for (String part : new String(v, 0, v.length - 1, StandardCharsets.UTF_8).split("/")) {
                    if (!part.isEmpty() && target != null) {
                        target = target.findChild(part);
                    }
                }
                if (target != null && !target.labels.contains(p.name)) {
                    target.labels.add(p.name);
                }
            }
        }

        private int block(long off, long size, long total, int headerField, String what) {
            if (off > total || size > total - off) {
                throw error(headerField, what + " [0x" + Long.toHexString(off) + ", +0x" + Long.toHexString(size)
                        + ") lies outside the blob (totalsize 0x" + Long.toHexString(total) + ")");
            }
            return (int) off;
        }

        private int findNul(int from, int limit, String what) {
            for (int i = from; i < limit; i++) {
                if (blob[i] == 0) {
                    return i;
                }
            }
            throw error(from, what + " is not NUL-terminated");
        }

        private long u(int at) {
            return Integer.toUnsignedLong(b.getInt(at));
        }

        private static int align(int at) {
            return (at + 3) & ~3;
        }

        private DtException error(int offset, String what) {
            return new DtException(name + ": offset 0x" + Integer.toHexString(offset) + ": " + what);
        }
    }
}
