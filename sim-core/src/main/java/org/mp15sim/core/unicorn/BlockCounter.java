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
 * runs at about a third of raw Unicorn. So on x86-64 the hook is an 85-byte machine-code routine
 * (below, with its assembly) that does what is needed for almost every block without leaving
 * native code:
 * <pre>
 *   if (executed >= stopAt) { if (watch) return fallback(...); stopped = 1; return uc_emu_stop(uc); }
 *   e = table[(pc >> 1) &amp; 0x3FFF];                          // pc &lt;&lt; 32 | size &lt;&lt; 16 | count
 *   if (e >>> 16 != (pc &lt;&lt; 16 | size)) return fallback(...);
 *   executed += e &amp; 0xFFFF;
 * </pre>
 * One load finds both the key and the count, in a table inside the state block itself. While
 * {@code watch} is on (a masked pending exception whose masks guest code may change) the native
 * {@code stopAt} is 0, so every block takes the slow branch to the Java fallback and the fast path
 * tests one bound only; Java keeps the real bound. The fallback is a Java upcall ({@link BlockHook})
 * that fills the table and handles {@code watch}. Everything lives in one off-heap state block, so
 * Java and native code see the same counters. Elsewhere (or with
 * {@code -Dmp15sim.unicorn.nativeBlockHook=false}) the Java hook does it all.
 */
public final class BlockCounter implements AutoCloseable {
    public static final String NATIVE_PROPERTY = "mp15sim.unicorn.nativeBlockHook";
    /** Entries of the block-count table (direct-mapped on pc bits 14:1). */
    public static final int CACHE_SIZE = 1 << 14;

    static final long EXECUTED = 0x00;
    /** The bound the native code tests: the slice's stop threshold, or 0 while watching. */
    static final long NATIVE_STOP_AT = 0x08;
    static final long STOPPED = 0x10;
    static final long EMU_STOP = 0x18;
    static final long FALLBACK = 0x20;
    /** The slice's real stop threshold (read by Java only). */
    static final long STOP_AT = 0x28;
    static final long WATCH = 0x38;
    static final long TABLE = 0x40;

    /*
     * x86-64 System V: rdi = uc, rsi = address, edx = size, rcx = user data (the state block).
     *  00 48 8B 01             mov   rax, [rcx]              ; executed
     *  03 48 3B 41 08          cmp   rax, [rcx+0x08]         ; native stopAt
     *  07 73 37                jae   slow
     *  09 41 89 F0             mov   r8d, esi
     *  0C 41 D1 E8             shr   r8d, 1
     *  0F 41 81 E0 FF 3F 00 00 and   r8d, 0x3FFF             ; table index
     *  16 4E 8B 4C C1 40       mov   r9, [rcx+r8*8+0x40]     ; entry
     *  1B 49 89 F2             mov   r10, rsi
     *  1E 49 C1 E2 20          shl   r10, 32
     *  22 41 89 D3             mov   r11d, edx
     *  25 49 C1 E3 10          shl   r11, 16
     *  29 4D 09 DA             or    r10, r11                ; pc << 32 | size << 16
     *  2C 4D 31 CA             xor   r10, r9
     *  2F 49 C1 EA 10          shr   r10, 16                 ; zero when pc and size match
     *  33 75 1D                jne   fallback
     *  35 45 0F B7 C9          movzx r9d, r9w                ; count
     *  39 4C 01 C8             add   rax, r9
     *  3C 48 89 01             mov   [rcx], rax
     *  3F C3                   ret
     *  40 48 83 79 38 00       slow: cmp qword [rcx+0x38], 0 ; watch
     *  45 75 0B                jne   fallback
     *  47 48 C7 41 10 01 00 00 00  mov qword [rcx+0x10], 1  ; stopped
     *  4F FF 61 18             jmp   [rcx+0x18]              ; uc_emu_stop(uc), rdi unchanged
     *  52 FF 61 20             fallback: jmp [rcx+0x20]      ; Java upcall, same arguments
     *  55 C3                   (the empty hook for benchmarks: ret)
     */
    private static final byte[] X86_64 = bytes(
            0x48, 0x8B, 0x01, 0x48, 0x3B, 0x41, 0x08, 0x73, 0x37, 0x41, 0x89, 0xF0, 0x41, 0xD1, 0xE8, 0x41,
            0x81, 0xE0, 0xFF, 0x3F, 0x00, 0x00, 0x4E, 0x8B, 0x4C, 0xC1, 0x40, 0x49, 0x89, 0xF2, 0x49, 0xC1,
            0xE2, 0x20, 0x41, 0x89, 0xD3, 0x49, 0xC1, 0xE3, 0x10, 0x4D, 0x09, 0xDA, 0x4D, 0x31, 0xCA, 0x49,
            0xC1, 0xEA, 0x10, 0x75, 0x1D, 0x45, 0x0F, 0xB7, 0xC9, 0x4C, 0x01, 0xC8, 0x48, 0x89, 0x01, 0xC3,
            0x48, 0x83, 0x79, 0x38, 0x00, 0x75, 0x0B, 0x48, 0xC7, 0x41, 0x10, 0x01, 0x00, 0x00, 0x00, 0xFF,
            0x61, 0x18, 0xFF, 0x61, 0x20, 0xC3);
    /** Offset of the lone {@code ret} in {@link #X86_64}. */
    private static final int EMPTY_HOOK = 0x55;

    private static volatile MemorySegment nativeCode;
    private static volatile boolean nativeTried;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment table;
    private final boolean nativeHook;

    private BlockCounter(Unicorn uc, BlockHook fallback, long begin, long end, boolean allowNative) {
        state = arena.allocate(TABLE + 8L * CACHE_SIZE, 64);
        table = state.asSlice(TABLE, 8L * CACHE_SIZE);
        clearCache();
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
        uc.hookBlockNative(code.asSlice(EMPTY_HOOK), MemorySegment.NULL, 1, 0);
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
        state.set(JAVA_LONG, NATIVE_STOP_AT, watching() ? 0 : v);
    }

    public boolean stopped() {
        return state.get(JAVA_LONG, STOPPED) != 0;
    }

    public void setStopped(boolean v) {
        state.set(JAVA_LONG, STOPPED, v ? 1 : 0);
    }

    public void setWatch(boolean v) {
        state.set(JAVA_LONG, WATCH, v ? 1 : 0);
        state.set(JAVA_LONG, NATIVE_STOP_AT, v ? 0 : stopAt());
    }

    private boolean watching() {
        return state.get(JAVA_LONG, WATCH) != 0;
    }

    /** Cached instruction count of the block (address, size), or -1. */
    public int cached(long address, int size) {
        long e = table.getAtIndex(JAVA_LONG, index(address));
        return e >>> 16 == key(address, size) ? (int) (e & 0xFFFF) : -1;
    }

    public void cache(long address, int size, int count) {
        if ((size & ~0xFFFF) != 0 || (count & ~0xFFFF) != 0) {
            return; // does not fit an entry: the block stays with the fallback (no real block is this long)
        }
        table.setAtIndex(JAVA_LONG, index(address), key(address, size) << 16 | count);
    }

    /** Forget every cached count (code changed). */
    public void clearCache() {
        table.fill((byte) 0xFF);
    }

    private static int index(long address) {
        return (int) (address >>> 1) & (CACHE_SIZE - 1);
    }

    /** pc (32 bits) above size (16 bits): what the native code compares with an entry's upper 48 bits. */
    private static long key(long address, int size) {
        return (address & 0xFFFF_FFFFL) << 16 | size & 0xFFFFL;
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
            int rc = (int) mprotect.invokeExact(page, 4096L, 5); // PROT_READ|PROT_EXEC
            return rc == 0 ? page : null;
        } catch (Throwable t) {
            return null;
        }
    }
}
