package org.mp15sim.core.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The resident pages of one large memory window (the DDR the M4 can reach) and their content, for the
 * polling fast-forward's before/after comparison.
 *
 * <p>Large memories are anonymous {@code MAP_NORESERVE} mappings ({@link org.mp15sim.core.mem.PhysicalMemory}):
 * a page nobody touched has no page-table entry and reads as zero, a page the M4 writes becomes resident.
 * Linux's {@code mincore(2)} lists the resident pages without touching any, so the state of the window is
 * fully described by the resident set plus the bytes of the resident pages: comparing those two before and
 * after an iteration tells whether the iteration changed the window. A page that leaves the set (host
 * reclaim or swap) or joins it (first touch, even a read, which maps the zero page) makes the iteration
 * count as changed, which is conservative. The one case this cannot see is a page written and then
 * swapped out again inside the same iteration (microseconds); hosts running mp15sim do not swap its DDR.
 */
final class ResidentPages {
    /** Above this many resident bytes, copying and comparing costs more than the loop: no fast-forward. */
    static final long MAX_RESIDENT = 16L << 20;

    private static final MethodHandle MINCORE;
    private static final long HOST_PAGE;

    static {
        MethodHandle mincore = null;
        long page = 0;
        try {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            mincore = lookup.find("mincore").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS)))
                    .orElse(null);
            MethodHandle getpagesize = lookup.find("getpagesize").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT))).orElse(null);
            if (getpagesize != null) {
                page = (int) getpagesize.invokeExact();
            }
        } catch (Throwable t) {
            mincore = null;
        }
        if (page <= 0 || Long.bitCount(page) != 1) {
            mincore = null;
        }
        MINCORE = mincore;
        HOST_PAGE = page;
    }

    private final MemorySegment window;
    private final int pages;
    private final MemorySegment before;
    private final MemorySegment after;
    /** Resident runs at the snapshot: first page and page count, pairwise. */
    private int[] runs = new int[16];
    private int runCount;
    private byte[] copy = new byte[0];

    /** Whether {@code mincore} can be called on this host. */
    static boolean available() {
        return MINCORE != null;
    }

    /**
     * @param memory the whole memory (page-aligned base, from mmap)
     * @param from   first byte the core can reach, {@code to} one past the last
     */
    ResidentPages(MemorySegment memory, long from, long to) {
        long start = from & -HOST_PAGE;
        long end = Math.min(memory.byteSize(), (to + HOST_PAGE - 1) & -HOST_PAGE);
        this.window = memory.asSlice(start, end - start);
        this.pages = (int) ((end - start + HOST_PAGE - 1) / HOST_PAGE);
        this.before = java.lang.foreign.Arena.ofAuto().allocate(pages + 8L, 8);
        this.after = java.lang.foreign.Arena.ofAuto().allocate(pages + 8L, 8);
    }

    /**
     * Records the resident set and copies the resident pages. False when it cannot: mincore failed, the
     * base is not page-aligned (not an mmap), or more than {@link #MAX_RESIDENT} bytes are resident.
     */
    boolean snapshot() {
        runCount = 0;
        if (!mincore(before)) {
            return false;
        }
        long bytes = 0;
        int p = 0;
        while (p < pages) {
            if ((p & 7) == 0 && p + 8 <= pages && before.get(ValueLayout.JAVA_LONG, p) == 0) {
                p += 8; // eight untouched pages at once: the common case in a mostly empty DDR
                continue;
            }
            if ((before.get(ValueLayout.JAVA_BYTE, p) & 1) == 0) {
                p++;
                continue;
            }
            int s = p;
            while (p < pages && (before.get(ValueLayout.JAVA_BYTE, p) & 1) != 0) {
                p++;
            }
            bytes += (p - s) * HOST_PAGE;
            if (bytes > MAX_RESIDENT) {
                runCount = 0;
                return false;
            }
            if (runCount * 2 == runs.length) {
                runs = Arrays.copyOf(runs, runs.length * 2);
            }
            runs[runCount * 2] = s;
            runs[runCount * 2 + 1] = p - s;
            runCount++;
        }
        if (copy.length < bytes) {
            copy = new byte[(int) bytes];
        }
        MemorySegment dst = MemorySegment.ofArray(copy);
        long at = 0;
        for (int i = 0; i < runCount; i++) {
            long len = runLength(i);
            MemorySegment.copy(window, runOffset(i), dst, at, len);
            at += len;
        }
        return true;
    }

    /** Whether the resident set and every resident byte are as at the last successful {@link #snapshot()}. */
    boolean unchanged() {
        if (!mincore(after) || after.mismatch(before) >= 0) {
            return false;
        }
        MemorySegment src = MemorySegment.ofArray(copy);
        long at = 0;
        for (int i = 0; i < runCount; i++) {
            long off = runOffset(i);
            long len = runLength(i);
            if (MemorySegment.mismatch(window, off, off + len, src, at, at + len) >= 0) {
                return false;
            }
            at += len;
        }
        return true;
    }

    /** Resident bytes at the last snapshot. */
    long residentBytes() {
        long b = 0;
        for (int i = 0; i < runCount; i++) {
            b += runLength(i);
        }
        return b;
    }

    private long runOffset(int i) {
        return runs[i * 2] * HOST_PAGE;
    }

    private long runLength(int i) {
        return Math.min(runs[i * 2 + 1] * HOST_PAGE, window.byteSize() - runOffset(i));
    }

    private boolean mincore(MemorySegment vec) {
        if (MINCORE == null || (window.address() & (HOST_PAGE - 1)) != 0) {
            return false;
        }
        try {
            return (int) MINCORE.invokeExact(window, window.byteSize(), vec) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
