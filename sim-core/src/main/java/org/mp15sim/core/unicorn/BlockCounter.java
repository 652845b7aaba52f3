package org.mp15sim.core.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Instruction counting and slice stopping at translation-block boundaries, with the common case in
 * native code.
 *
 * <p>A block hook runs at the start of every translation block. Done in Java, each call is an FFM
 * upcall (tens of ns), as long as a few short blocks take to execute: the CoreMark-like mix then
 * runs at about half of raw Unicorn. So on x86-64 the hook is a 80-byte machine-code routine
 * (below, with its assembly) that does what is needed for almost every block without leaving
 * native code:
 * <pre>
 *   if (executed >= stopAt) { stopped = 1; return uc_emu_stop(uc); }   // quantum, due exception
 *   if (watch || keys[(pc >> 1) &amp; 0x3FFF] != (pc &lt;&lt; 16 | size)) return fallback(...);
 *   executed += counts[(pc >> 1) &amp; 0x3FFF];
 * </pre>
 * The fallback is a Java upcall ({@link BlockHook}) that fills the per-block instruction-count
 * cache and handles {@code watch} (a masked pending exception whose masks guest code may change).
 * Everything lives in one off-heap state block, so Java and native code see the same counters.
 * Elsewhere (or with {@code -Dmp15sim.unicorn.nativeBlockHook=false}) the Java hook does it all.
 */
public final class BlockCounter implements AutoCloseable {
    public static final String NATIVE_PROPERTY = "mp15sim.unicorn.nativeBlockHook";
    /** Entries of the block-count cache (direct-mapped on pc bits 14:1). */
    public static final int CACHE_SIZE = 1 << 14;

    static final long EXECUTED = 0x00;
    static final long STOP_AT = 0x08;
    static final long STOPPED = 0x10;
    static final long EMU_STOP = 0x18;
    static final long FALLBACK = 0x20;
    static final long KEYS = 0x28;
    static final long COUNTS = 0x30;
    static final long WATCH = 0x38;

    /*
     * x86-64 System V: rdi = uc, rsi = address, edx = size, rcx = user data (the state block).
     *  00 48 8B 01             mov  rax, [rcx]            ; executed
     *  03 48 3B 41 08          cmp  rax, [rcx+0x08]       ; stopAt
     *  07 73 39                jae  stop
     *  09 48 83 79 38 00       cmp  qword [rcx+0x38], 0   ; watch
     *  0E 75 3D                jne  fallback
     *  10 49 89 F0             mov  r8, rsi
     *  13 49 D1 E8             shr  r8, 1
     *  16 41 81 E0 FF 3F 00 00 and  r8d, 0x3FFF           ; cache index
     *  1D 49 89 F1             mov  r9, rsi
     *  20 49 C1 E1 10          shl  r9, 16
     *  24 89 D2                mov  edx, edx
     *  26 49 09 D1             or   r9, rdx               ; key = pc << 16 | size
     *  29 4C 8B 51 28          mov  r10, [rcx+0x28]       ; keys
     *  2D 4F 3B 0C C2          cmp  r9, [r10+r8*8]
     *  31 75 1A                jne  fallback
     *  33 4C 8B 51 30          mov  r10, [rcx+0x30]       ; counts
     *  37 47 8B 14 82          mov  r10d, [r10+r8*4]
     *  3B 4C 01 D0             add  rax, r10
     *  3E 48 89 01             mov  [rcx], rax
     *  41 C3                   ret
     *  42 48 C7 41 10 01 00 00 00  stop: mov qword [rcx+0x10], 1
     *  4A FF 61 18             jmp  [rcx+0x18]            ; uc_emu_stop(uc), rdi unchanged
     *  4D FF 61 20             fallback: jmp [rcx+0x20]   ; Java upcall, same arguments
     */
    private static final byte[] X86_64 = bytes(
            0x48, 0x8B, 0x01, 0x48, 0x3B, 0x41, 0x08, 0x73, 0x39, 0x48, 0x83, 0x79, 0x38, 0x00, 0x75, 0x3D,
            0x49, 0x89, 0xF0, 0x49, 0xD1, 0xE8, 0x41, 0x81, 0xE0, 0xFF, 0x3F, 0x00, 0x00, 0x49, 0x89, 0xF1,
            0x49, 0xC1, 0xE1, 0x10, 0x89, 0xD2, 0x49, 0x09, 0xD1, 0x4C, 0x8B, 0x51, 0x28, 0x4F, 0x3B, 0x0C,
            0xC2, 0x75, 0x1A, 0x4C, 0x8B, 0x51, 0x30, 0x47, 0x8B, 0x14, 0x82, 0x4C, 0x01, 0xD0, 0x48, 0x89,
            0x01, 0xC3, 0x48, 0xC7, 0x41, 0x10, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x61, 0x18, 0xFF, 0x61, 0x20);

    private static volatile MemorySegment nativeCode;
    private static volatile boolean nativeTried;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment keys;
    private final MemorySegment counts;
    private final boolean nativeHook;

    private BlockCounter(Unicorn uc, BlockHook fallback, long begin, long end, boolean allowNative) {
        state = arena.allocate(64, 64);
        keys = arena.allocate(JAVA_LONG, CACHE_SIZE);
        counts = arena.allocate(JAVA_INT, CACHE_SIZE);
        clearCache();
        state.set(ADDRESS, KEYS, keys);
        state.set(ADDRESS, COUNTS, counts);
        MemorySegment code = allowNative ? nativeCode() : null;
        if (code != null) {
            state.set(ADDRESS, EMU_STOP, uc.library().symbol("uc_emu_stop"));
            state.set(ADDRESS, FALLBACK, uc.upcallStub(fallback));
            uc.hookBlockNative(code, state, begin, end);
            nativeHook = true;
        } else {
            uc.hookBlock(fallback, begin, end);
            nativeHook = false;
        }
    }

    /**
     * Installs the counter on {@code uc}: {@code fallback} runs (in Java) for blocks the native
     * path does not handle, or for every block when native code is unavailable.
     */
    public static BlockCounter install(Unicorn uc, BlockHook fallback, long begin, long end) {
        return new BlockCounter(uc, fallback, begin, end, !"false".equals(System.getProperty(NATIVE_PROPERTY)));
    }

    /** As {@link #install}, always with the Java hook (for comparison and tests). */
    public static BlockCounter installJava(Unicorn uc, BlockHook fallback, long begin, long end) {
        return new BlockCounter(uc, fallback, begin, end, false);
    }

    /**
     * Installs a native block hook that does nothing (a single {@code ret}) on {@code uc}: the floor cost
     * of any per-block hook, Unicorn's own dispatch, for benchmarks. Returns false where native code
     * cannot run (not x86-64 Linux).
     */
    public static boolean installEmptyNative(Unicorn uc) {
        MemorySegment code = nativeCode();
        if (code == null) {
            return false;
        }
        uc.hookBlockNative(code.asSlice(X86_64.length), MemorySegment.NULL, 1, 0);
        return true;
    }

    /** Whether the machine-code hook is in use. */
    public boolean isNative() {
        return nativeHook;
    }

    public long executed() {
        return state.get(JAVA_LONG, EXECUTED);
    }

    public void setExecuted(long v) {
        state.set(JAVA_LONG, EXECUTED, v);
    }

    public long stopAt() {
        return state.get(JAVA_LONG, STOP_AT);
    }

    public void setStopAt(long v) {
        state.set(JAVA_LONG, STOP_AT, v);
    }

    public boolean stopped() {
        return state.get(JAVA_LONG, STOPPED) != 0;
    }

    public void setStopped(boolean v) {
        state.set(JAVA_LONG, STOPPED, v ? 1 : 0);
    }

    public void setWatch(boolean v) {
        state.set(JAVA_LONG, WATCH, v ? 1 : 0);
    }

    /** Cached instruction count of the block (address, size), or -1. */
    public int cached(long address, int size) {
        int i = index(address);
        return keys.getAtIndex(JAVA_LONG, i) == key(address, size) ? counts.getAtIndex(JAVA_INT, i) : -1;
    }

    public void cache(long address, int size, int count) {
        int i = index(address);
        counts.setAtIndex(JAVA_INT, i, count);
        keys.setAtIndex(JAVA_LONG, i, key(address, size));
    }

    /** Forget every cached count (code changed). */
    public void clearCache() {
        keys.fill((byte) 0xFF);
    }

    private static int index(long address) {
        return (int) (address >>> 1) & (CACHE_SIZE - 1);
    }

    private static long key(long address, int size) {
        return address << 16 | size & 0xFFFFL;
    }

    @Override
    public void close() {
        arena.close();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** The machine code in an executable page, or null where it cannot run (not x86-64 Linux, W^X). */
    static MemorySegment nativeCode() {
        if (nativeTried) {
            return nativeCode;
        }
        synchronized (BlockCounter.class) {
            if (!nativeTried) {
                nativeCode = makeExecutable();
                nativeTried = true;
            }
        }
        return nativeCode;
    }

    private static MemorySegment makeExecutable() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!(arch.equals("amd64") || arch.equals("x86_64")) || !os.contains("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ADDRESS,
                    ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
            MethodHandle mprotect = linker.downcallHandle(libc.find("mprotect").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
            // PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS; the page lives as long as the JVM.
            MemorySegment page = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, 4096L, 3, 0x22, -1, 0L);
            if (page.address() == -1L || page.address() == 0L) {
                return null;
            }
            page = page.reinterpret(4096);
            MemorySegment.copy(MemorySegment.ofArray(X86_64), 0, page, 0, X86_64.length);
            page.set(java.lang.foreign.ValueLayout.JAVA_BYTE, X86_64.length, (byte) 0xC3); // the empty hook: ret
            int rc = (int) mprotect.invokeExact(page, 4096L, 5); // PROT_READ|PROT_EXEC
            return rc == 0 ? page : null;
        } catch (Throwable t) {
            return null;
        }
    }
}
