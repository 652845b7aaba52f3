package org.mp15sim.core.reg;

import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.MmioDevice;
import org.mp15sim.core.mem.UnmappedPolicy;

/**
 * A peripheral's register file, declared like a datasheet table:
 * <pre>{@code
 * regs.reg("C1CR", 0x000).field("RXOIE", 0, 1, Access.RW).field("TXFIE", 16, 1, Access.RW).onWrite(...);
 * }</pre>
 * Handles 8/16/32-bit bus accesses on 32-bit registers (narrow writes only touch their byte lanes) and
 * applies the run's policy to offsets no register claims.
 */
public class RegisterBlock implements MmioDevice {
    private final String name;
    private final long size;
    private final TreeMap<Long, Register> regs = new TreeMap<>();
    private Register[] byWord;
    private UnmappedPolicy unknownPolicy = UnmappedPolicy.WARN_READ_ZERO;
    private Consumer<String> warnings = s -> {};
    private final java.util.Set<Long> warned = new java.util.TreeSet<>();

    public RegisterBlock(String name, long size) {
        this.name = name;
        this.size = size;
        this.byWord = new Register[(int) ((size + 3) / 4)];
    }

    @Override public String name() { return name; }
    public long size() { return size; }

    public void setUnknownPolicy(UnmappedPolicy p) { this.unknownPolicy = p; }
    public void setWarningSink(Consumer<String> w) { this.warnings = w; }

    /** Declares a 32-bit register at {@code offset} (word aligned). */
    public Register reg(String regName, long offset) {
        if ((offset & 3) != 0 || offset < 0 || offset + 4 > size) {
            throw new IllegalArgumentException(name + "." + regName + ": offset 0x" + Long.toHexString(offset) + " not a word inside the block");
        }
        if (regs.containsKey(offset)) {
            throw new IllegalArgumentException(name + "." + regName + ": offset 0x" + Long.toHexString(offset) + " already used by " + regs.get(offset).name());
        }
        Register r = new Register(this, regName, offset);
        regs.put(offset, r);
        byWord[(int) (offset >>> 2)] = r;
        return r;
    }

    public Register get(String regName) {
        for (Register r : regs.values()) if (r.name().equals(regName)) return r;
        throw new IllegalArgumentException(name + ": no register " + regName);
    }

    public Register at(long offset) { return regs.get(offset); }

    public Collection<Register> registers() { return Collections.unmodifiableCollection(regs.values()); }

    /** Returns every register to its reset value. */
    public void reset() { for (Register r : regs.values()) r.resetValue(); }

    @Override
    public long read(BusMaster master, long offset, int size) {
        Register r = lookup(master, offset, size, false);
        if (r == null) return 0;
        int shift = (int) (offset & 3) * 8;
        long v = r.busRead() >>> shift;
        return size == 4 ? v & 0xFFFF_FFFFL : v & ((1L << (8 * size)) - 1);
    }

    @Override
    public void write(BusMaster master, long offset, int size, long value) {
        Register r = lookup(master, offset, size, true);
        if (r == null) return;
        int shift = (int) (offset & 3) * 8;
        long lanes = (size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1) << shift;
        r.busWrite((value << shift) & lanes, lanes);
    }

    private Register lookup(BusMaster master, long offset, int size, boolean write) {
        if ((size != 1 && size != 2 && size != 4) || (offset & (size - 1)) != 0) {
            throw new BusErrorException(master, offset, size, write,
                    name + ": unaligned or unsupported access of " + size + " byte(s) at offset 0x" + Long.toHexString(offset));
        }
        Register r = offset >= 0 && offset < size() ? byWord[(int) (offset >>> 2)] : null;
        if (r != null) return r;
        switch (unknownPolicy) {
            case WARN_READ_ZERO -> {
                if (warned.add(offset)) {
                    warnings.accept(String.format("%s: %s of unmodelled register offset 0x%03x by %s (reads zero)", name,
                            write ? "write" : "read", offset, master));
                }
                return null;
            }
            case BUS_ERROR -> throw new BusErrorException(master, offset, size, write, name + ": no register at offset 0x" + Long.toHexString(offset));
            default -> throw new IllegalStateException(String.format("%s: %s of unmodelled register offset 0x%03x (strict policy)",
                    name, write ? "write" : "read", offset));
        }
    }
}
