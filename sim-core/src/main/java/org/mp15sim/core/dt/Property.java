package org.mp15sim.core.dt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One property of a {@link Node}: a name and raw big-endian bytes, as in a flattened blob.
 * Typed accessors check the shape first and throw a {@link DtException} naming the node path and
 * the property when the bytes cannot mean what was asked.
 */
public final class Property {
    private final String name;
    private final byte[] value;
    private final SourceLocation location;
    private Node node;

    Property(String name, byte[] value, SourceLocation location) {
        this.name = name;
        this.value = value;
        this.location = location;
    }

    void attach(Node owner) {
        this.node = owner;
    }

    public String name() {
        return name;
    }

    /** Where the value in effect was written (the last definition), when the tree came from source. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }

    /** The node that holds this property. */
    public Node node() {
        return node;
    }

    /** A copy of the raw value. */
    public byte[] bytes() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** True for a boolean (valueless) property such as {@code no-map;}. */
    public boolean isEmpty() {
        return value.length == 0;
    }

    /** Number of 32-bit cells; fails when the length is not a multiple of 4. */
    public int cellCount() {
        requireCells();
        return value.length / 4;
    }

    /** The single 32-bit cell of a 4-byte property (raw bit pattern; see {@link Integer#toUnsignedLong}). */
    public int u32() {
        if (value.length != 4) {
            throw error("has " + value.length + " bytes, expected exactly 4 (one u32 cell)");
        }
        return cell(0);
    }

    /** Cell {@code index} (from 0) of a cell list. */
    public int u32(int index) {
        int n = cellCount();
        if (index < 0 || index >= n) {
            throw error("has " + n + " cells, cell " + index + " does not exist");
        }
        return cell(index);
    }

    public int[] u32Array() {
        int n = cellCount();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = cell(i);
        }
        return out;
    }

    /** A 64-bit value stored as two cells, most significant first (e.g. {@code /bits/ 64} or {@code <hi lo>}). */
    public long u64() {
        if (value.length != 8) {
            throw error("has " + value.length + " bytes, expected exactly 8 (one u64 = two cells)");
        }
        return ((long) cell(0) << 32) | Integer.toUnsignedLong(cell(1));
    }

    /**
     * A number spread over {@code cells} cells starting at cell {@code first}, as {@code reg} and
     * {@code ranges} store addresses. More than two cells are accepted only if the extra leading
     * cells are zero.
     */
    public long number(int first, int cells) {
        int n = cellCount();
        if (first < 0 || cells < 0 || first + cells > n) {
            throw error("has " + n + " cells, cannot read " + cells + " cells at cell " + first);
        }
        long v = 0;
        for (int i = 0; i < cells; i++) {
            if (i < cells - 2 && cell(first + i) != 0) {
                throw error("value at cell " + first + " (" + cells + " cells) does not fit in 64 bits");
            }
            v = (v << 32) | Integer.toUnsignedLong(cell(first + i));
        }
        return v;
    }

    /** The value as exactly one NUL-terminated string. */
    public String string() {
        List<String> list = strings();
        if (list.size() != 1) {
            throw error("holds " + list.size() + " strings, expected exactly one");
        }
        return list.getFirst();
    }

    /** The value as a list of NUL-terminated strings ({@code "a", "b"}). */
    public List<String> strings() {
        if (value.length == 0) {
            throw error("is empty, expected a NUL-terminated string");
        }
        if (value[value.length - 1] != 0) {
            throw error("is not NUL-terminated, expected a string or string list");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return List.copyOf(out);
    }

    /** "node /a/b: property 'x'", the prefix of every error about this property. */
    public String where() {
        return "node " + (node == null ? "?" : node.path()) + ": property '" + name + "'";
    }

    DtException error(String what) {
        return new DtException(where() + " " + what);
    }

    int cell(int index) {
        int o = index * 4;
        return ((value[o] & 0xff) << 24) | ((value[o + 1] & 0xff) << 16) | ((value[o + 2] & 0xff) << 8)
                | (value[o + 3] & 0xff);
    }

    byte[] rawValue() {
        return value;
    }

    private void requireCells() {
        if (value.length % 4 != 0) {
            throw error("has " + value.length + " bytes, not a multiple of 4 (expected u32 cells)");
        }
    }

    boolean sameContent(Property other) {
        return name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public String toString() {
        return where() + " (" + value.length + " bytes)";
    }
}
