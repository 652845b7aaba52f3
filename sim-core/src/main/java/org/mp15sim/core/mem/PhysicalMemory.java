package org.mp15sim.core.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One physical RAM (RETRAM, MCU SRAM, SYSRAM, DDR) as a page-aligned off-heap segment that every view shares:
 * the M4 through Unicorn's {@code uc_mem_map_ptr}, the A7 and secure-world models through address spaces.
 * Backed by an anonymous {@code mmap} so pages are committed only when touched (a 512 MiB DDR costs nothing
 * until used); falls back to an arena allocation where mmap is unavailable.
 */
public final class PhysicalMemory implements AutoCloseable {
    public static final long PAGE = 4096;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null, munmap = null;
        try {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            mmap = lookup.find("mmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG))).orElse(null);
            munmap = lookup.find("munmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG))).orElse(null);
        } catch (Throwable t) {
            mmap = null;
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    private final String name;
    private final long size;
    private final MemorySegment segment;
    private final Arena arena;
    private final List<AccessRule> rules = new ArrayList<>();
    private boolean closed;

    public PhysicalMemory(String name, long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("memory " + name + ": size 0x" + Long.toHexString(size) + " is not a positive multiple of 4 KiB");
        }
        this.name = name;
        this.size = size;
        MemorySegment seg = null;
        Arena a = null;
        if (MMAP != null) {
            try {
                // PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE
                MemorySegment p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, 3, 0x02 | 0x20 | 0x4000, -1, 0L);
                if (p.address() != -1L && p.address() != 0L) seg = p.reinterpret(size);
            } catch (Throwable t) {
                seg = null;
            }
        }
        if (seg == null) {
            a = Arena.ofShared();
            seg = a.allocate(size, PAGE);
        }
        this.segment = seg;
        this.arena = a;
    }

    public String name() { return name; }
    public long size() { return size; }
    /** The backing bytes; aliases and all masters see these same bytes. */
    public MemorySegment segment() { return segment; }

    /** Adds a firewall rule checked on every access through an {@link AddressSpace}. */
    public void addRule(AccessRule rule) { rules.add(rule); }
    public void removeRule(AccessRule rule) { rules.remove(rule); }

    String check(BusMaster master, long offset, long length, boolean write) {
        for (int i = 0; i < rules.size(); i++) {
            String why = rules.get(i).deny(master, offset, length, write);
            if (why != null) return why;
        }
        return null;
    }

    /** Zeroes the whole memory (power-on state or a secure wipe). */
    public void clear() { segment.fill((byte) 0); }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (arena != null) {
            arena.close();
        } else if (MUNMAP != null) {
            try {
                int rc = (int) MUNMAP.invokeExact(segment, size);
                if (rc != 0) throw new IllegalStateException("munmap of " + name + " failed");
            } catch (Throwable t) {
                throw new IllegalStateException("munmap of " + name + " failed", t);
            }
        }
    }

    @Override public String toString() { return name + "[" + (size / 1024) + " KiB]"; }
}
