package org.mp15sim.core.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one bus master sees: memories (possibly the same memory at several addresses) and MMIO blocks.
 * Every access names the master, so firewall rules on a memory can deny e.g. the non-secure A7 and the
 * denial surfaces as a {@link BusErrorException} (and a listener call for the trace), never as silence.
 */
public final class AddressSpace {
    /** One mapping. Exactly one of {@code memory} / {@code device} is set. */
    public record Region(String name, long base, long size, PhysicalMemory memory, long memOffset, MmioDevice device) {
        public long end() { return base + size; }
        public boolean contains(long addr, long len) { return addr >= base && len >= 0 && addr + len <= base + size; }
        public boolean isMemory() { return memory != null; }
    }

    private final String name;
    private final BusMaster master;
    private Region[] regions = new Region[0];
    private long[] bases = new long[0];
    private UnmappedPolicy unmappedPolicy = UnmappedPolicy.WARN_READ_ZERO;
    private UnmodelledAccessLog unmodelled = new UnmodelledAccessLog();
    private Consumer<BusErrorException> busErrorListener = e -> {};
    private Consumer<String> warnings = s -> {};

    public AddressSpace(String name, BusMaster master) {
        this.name = name;
        this.master = master;
    }

    public String name() { return name; }
    public BusMaster master() { return master; }
    public List<Region> regions() { return Collections.unmodifiableList(Arrays.asList(regions)); }

    public void setUnmappedPolicy(UnmappedPolicy p) { this.unmappedPolicy = p; }
    public UnmappedPolicy unmappedPolicy() { return unmappedPolicy; }
    /** Shares one log between several address spaces (one run summary). */
    public void setUnmodelledLog(UnmodelledAccessLog log) { this.unmodelled = log; }
    public UnmodelledAccessLog unmodelledLog() { return unmodelled; }
    /** Called for every bus error before it is thrown (the trace hooks here). */
    public void setBusErrorListener(Consumer<BusErrorException> l) { this.busErrorListener = l; }
    /** Receives one-line warnings (first unmodelled access per address). */
    public void setWarningSink(Consumer<String> w) { this.warnings = w; }

    public Region mapMemory(String regionName, long base, PhysicalMemory mem, long memOffset, long size) {
        if (memOffset < 0 || size <= 0 || memOffset + size > mem.size()) {
            throw new IllegalArgumentException(String.format("%s: mapping %s at 0x%08x: window [0x%x, +0x%x) exceeds %s",
                    name, regionName, base, memOffset, size, mem));
        }
        return add(new Region(regionName, base, size, mem, memOffset, null));
    }

    /** Maps the whole of {@code mem} at {@code base}. */
    public Region mapMemory(long base, PhysicalMemory mem) { return mapMemory(mem.name(), base, mem, 0, mem.size()); }

    public Region mapMmio(long base, long size, MmioDevice dev) {
        return add(new Region(dev.name(), base, size, null, 0, dev));
    }

    private Region add(Region r) {
        for (Region o : regions) {
            if (r.base < o.end() && o.base < r.end()) {
                throw new IllegalArgumentException(String.format("%s: %s [0x%08x, 0x%08x) overlaps %s [0x%08x, 0x%08x)",
                        name, r.name, r.base, r.end(), o.name, o.base, o.end()));
            }
        }
        List<Region> l = new ArrayList<>(Arrays.asList(regions));
        l.add(r);
        l.sort((a, b) -> Long.compareUnsigned(a.base, b.base));
        regions = l.toArray(new Region[0]);
        bases = new long[regions.length];
        for (int i = 0; i < regions.length; i++) bases[i] = regions[i].base;
        return r;
    }

    /** The region containing {@code addr}, or {@code null}. */
    public Region find(long addr) {
        int i = Arrays.binarySearch(bases, addr);
        if (i < 0) i = -i - 2;
        if (i < 0) return null;
        Region r = regions[i];
        return addr < r.end() ? r : null;
    }

    // ------------------------------------------------------------ word accesses

    public int read32(long addr) { return (int) read(addr, 4); }
    public int read16(long addr) { return (int) read(addr, 2); }
    public int read8(long addr) { return (int) read(addr, 1); }
    public void write32(long addr, int v) { write(addr, 4, v & 0xFFFF_FFFFL); }
    public void write16(long addr, int v) { write(addr, 2, v & 0xFFFFL); }
    public void write8(long addr, int v) { write(addr, 1, v & 0xFFL); }

    /** Reads 1, 2 or 4 bytes, zero-extended. */
    public long read(long addr, int size) {
        checkSize(addr, size, false);
        Region r = find(addr);
        if (r == null || !r.contains(addr, size)) return unmapped(addr, size, false);
        if (r.device != null) return r.device.read(master, addr - r.base, size) & mask(size);
        long off = r.memOffset + (addr - r.base);
        deny(r, off, size, false, addr);
        MemorySegment s = r.memory.segment();
        return switch (size) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xFFL;
            case 2 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, off) & 0xFFFFL;
            default -> s.get(ValueLayout.JAVA_INT_UNALIGNED, off) & 0xFFFF_FFFFL;
        };
    }

    public void write(long addr, int size, long value) {
        checkSize(addr, size, true);
        Region r = find(addr);
        if (r == null || !r.contains(addr, size)) {
            unmapped(addr, size, true);
            return;
        }
        if (r.device != null) {
            r.device.write(master, addr - r.base, size, value & mask(size));
            return;
        }
        long off = r.memOffset + (addr - r.base);
        deny(r, off, size, true, addr);
        MemorySegment s = r.memory.segment();
        switch (size) {
            case 1 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) value);
            case 2 -> s.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) value);
            default -> s.set(ValueLayout.JAVA_INT_UNALIGNED, off, (int) value);
        }
    }

    // ------------------------------------------------------------ bulk accesses (memories only)

    /**
     * A checked view of {@code len} bytes of RAM at {@code addr} for bulk copies (DMA, loaders). The range
     * must lie inside one memory mapping and pass its firewall rules for this master.
     */
    public MemorySegment slice(long addr, long len, boolean write) {
        Region r = find(addr);
        if (r == null || !r.isMemory() || !r.contains(addr, len)) {
            throw error(addr, (int) Math.min(len, Integer.MAX_VALUE), write,
                    r == null ? "no memory mapped there" : !r.isMemory() ? "bulk access to MMIO block " + r.name
                            : String.format("range of 0x%x bytes runs past the end of %s at 0x%08x", len, r.name, r.end()));
        }
        long off = r.memOffset + (addr - r.base);
        deny(r, off, len, write, addr);
        return r.memory.segment().asSlice(off, len);
    }

    public void readBytes(long addr, byte[] dst, int dstOff, int len) {
        MemorySegment.copy(slice(addr, len, false), ValueLayout.JAVA_BYTE, 0, dst, dstOff, len);
    }

    public byte[] readBytes(long addr, int len) {
        byte[] b = new byte[len];
        readBytes(addr, b, 0, len);
        return b;
    }

    public void writeBytes(long addr, byte[] src, int srcOff, int len) {
        MemorySegment.copy(src, srcOff, slice(addr, len, true), ValueLayout.JAVA_BYTE, 0, len);
    }

    public void fill(long addr, long len, byte value) { slice(addr, len, true).fill(value); }

    // ------------------------------------------------------------ helpers

    private static long mask(int size) { return size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1; }

    private void checkSize(long addr, int size, boolean write) {
        if (size != 1 && size != 2 && size != 4) {
            throw error(addr, size, write, "unsupported access size " + size + " (the bus carries 1, 2 or 4 bytes)");
        }
    }

    private void deny(Region r, long off, long len, boolean write, long addr) {
        String why = r.memory.check(master, off, len, write);
        if (why != null) throw error(addr, (int) Math.min(len, Integer.MAX_VALUE), write, "denied by firewall on " + r.memory.name() + ": " + why);
    }

    private long unmapped(long addr, int size, boolean write) {
        switch (unmappedPolicy) {
            case WARN_READ_ZERO -> {
                if (unmodelled.note(master, addr, write)) {
                    warnings.accept(String.format("%s: %s of unmodelled address 0x%08x (reads zero, writes ignored)", name, write ? "write" : "read", addr));
                }
                return 0;
            }
            case BUS_ERROR -> {
                unmodelled.note(master, addr, write);
                throw error(addr, size, write, "no device or memory mapped there");
            }
            default -> throw new IllegalStateException(String.format("%s: %s of unmodelled address 0x%08x (strict policy)",
                    name, write ? "write" : "read", addr));
        }
    }

    private BusErrorException error(long addr, int size, boolean write, String why) {
        BusErrorException e = new BusErrorException(master, addr, size, write, why);
        busErrorListener.accept(e);
        return e;
    }

    @Override public String toString() { return "AddressSpace[" + name + "]"; }
}
