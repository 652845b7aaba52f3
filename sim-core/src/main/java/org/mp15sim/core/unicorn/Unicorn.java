package org.mp15sim.core.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Unicorn engine ({@code uc_engine *}) bound through java.lang.foreign.
 *
 * <p>Not thread-safe: an engine and its callbacks belong to the thread that drives it. {@link #close()}
 * releases the engine, every hook, every upcall stub and context deterministically. A Java exception
 * thrown by a callback must not unwind through C: it is caught, emulation is stopped, and
 * {@link #emuStart} rethrows it.
 */
public final class Unicorn implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor CODE_FD =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INTR_FD = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor MEM_EVENT_FD =
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor MMIO_READ_FD =
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor MMIO_WRITE_FD =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle CODE_MH;
    private static final MethodHandle INTR_MH;
    private static final MethodHandle MEM_EVENT_MH;
    private static final MethodHandle MMIO_READ_MH;
    private static final MethodHandle MMIO_WRITE_MH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CODE_MH = l.findVirtual(CodeUpcall.class, "call",
                    MethodType.methodType(void.class, MemorySegment.class, long.class, int.class, MemorySegment.class));
            INTR_MH = l.findVirtual(IntrUpcall.class, "call",
                    MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class));
            MEM_EVENT_MH = l.findVirtual(MemEventUpcall.class, "call", MethodType.methodType(boolean.class,
                    MemorySegment.class, int.class, long.class, int.class, long.class, MemorySegment.class));
            MMIO_READ_MH = l.findVirtual(MmioUpcall.class, "read",
                    MethodType.methodType(long.class, MemorySegment.class, long.class, int.class, MemorySegment.class));
            MMIO_WRITE_MH = l.findVirtual(MmioUpcall.class, "write", MethodType.methodType(void.class,
                    MemorySegment.class, long.class, int.class, long.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final UnicornLibrary lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment uc;
    private final MemorySegment scratch;
    private final Map<Long, Hook> hooks = new LinkedHashMap<>();
    private final List<UnicornContext> contexts = new ArrayList<>();
    private Throwable callbackFailure;
    private boolean closed;

    private Unicorn(UnicornLibrary lib, MemorySegment uc) {
        this.lib = lib;
        this.uc = uc;
        this.scratch = arena.allocate(16, 8);
    }

    /** {@code uc_open(arch, mode)}. */
    public static Unicorn open(int arch, int mode) {
        UnicornLibrary lib = UnicornLibrary.get();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ADDRESS);
            int err = (int) lib.ucOpen.invokeExact(arch, mode, out);
            if (err != UcConst.UC_ERR_OK) {
                throw new UnicornException("uc_open", err, 0, "arch " + arch + ", mode 0x" + Integer.toHexString(mode));
            }
            return new Unicorn(lib, out.get(ADDRESS, 0));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("uc_open", t);
        }
    }

    /**
     * An M-profile engine of the given CPU model ({@code UC_CPU_ARM_CORTEX_M4}...). Unicorn 2.0.1
     * ignores the model when the mode has {@code UC_MODE_MCLASS} (cpu_arm_init forces a Cortex-M33),
     * while later releases honour it; the model is what matters (it sets ARM_FEATURE_M), so this
     * asks for MCLASS first and falls back to plain Thumb mode when the model read back differs.
     */
    public static Unicorn openCortexM(int cpuModel) {
        for (int mode : new int[] {UcConst.UC_MODE_THUMB | UcConst.UC_MODE_MCLASS, UcConst.UC_MODE_THUMB}) {
            Unicorn u = open(UcConst.UC_ARCH_ARM, mode);
            try {
                u.setCpuModel(cpuModel);
                if (u.cpuModel() == cpuModel) {
                    return u;
                }
                u.close();
            } catch (RuntimeException e) {
                u.close();
                throw e;
            }
        }
        throw new IllegalStateException("Unicorn " + UnicornLibrary.get().version() + " does not create CPU model "
                + cpuModel + " with or without UC_MODE_MCLASS");
    }

    public UnicornLibrary library() {
        return lib;
    }

    // ---------------------------------------------------------------------------------------- uc_ctl

    /** {@code uc_ctl(uc, UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1), model)}; only valid before first use. */
    public void setCpuModel(int model) {
        check("uc_ctl(CPU_MODEL)", ctlInt(UcConst.ucCtlWrite(UcConst.UC_CTL_CPU_MODEL, 1), model));
    }

    /** {@code uc_ctl(uc, UC_CTL_READ(UC_CTL_CPU_MODEL, 1), &model)}. */
    public int cpuModel() {
        scratch.set(JAVA_INT, 0, -1);
        check("uc_ctl(CPU_MODEL read)", ctlPtr(UcConst.ucCtlRead(UcConst.UC_CTL_CPU_MODEL, 1), scratch));
        return scratch.get(JAVA_INT, 0);
    }

    /** {@code uc_ctl(uc, UC_CTL_READ(UC_CTL_UC_MODE, 1), &mode)}. */
    public int mode() {
        scratch.set(JAVA_INT, 0, -1);
        check("uc_ctl(UC_MODE read)", ctlPtr(UcConst.ucCtlRead(UcConst.UC_CTL_UC_MODE, 1), scratch));
        return scratch.get(JAVA_INT, 0);
    }

    /**
     * Drop every translated block. Needed when Java code rewrites guest code through a shared
     * {@link MemorySegment}: such writes bypass Unicorn's self-modifying-code detection.
     */
    public void flushTranslationCache() {
        ensureOpen();
        try {
            check("uc_ctl(TB_FLUSH)",
                    (int) lib.ucCtl0.invokeExact(uc, UcConst.ucCtlWrite(UcConst.UC_CTL_TB_FLUSH, 0)));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Drop translated blocks covering [begin, end). */
    public void invalidateTranslations(long begin, long end) {
        ensureOpen();
        try {
            check("uc_ctl(TB_REMOVE_CACHE)", (int) lib.ucCtl2Long.invokeExact(uc,
                    UcConst.ucCtlWrite(UcConst.UC_CTL_TB_REMOVE_CACHE, 2), begin, end));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code uc_query(UC_QUERY_PAGE_SIZE)}: the granule of every mapping. */
    public long pageSize() {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, 0);
            check("uc_query(PAGE_SIZE)", (int) lib.ucQuery.invokeExact(uc, UcConst.UC_QUERY_PAGE_SIZE, scratch));
            return scratch.get(JAVA_LONG, 0);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int ctlInt(int control, int arg) {
        ensureOpen();
        try {
            return (int) lib.ucCtl1Int.invokeExact(uc, control, arg);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int ctlPtr(int control, MemorySegment arg) {
        ensureOpen();
        try {
            return (int) lib.ucCtl1Ptr.invokeExact(uc, control, arg);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---------------------------------------------------------------------------------------- memory

    /** {@code uc_mem_map}: Unicorn-owned zeroed memory. */
    public void memMap(long address, long size, int perms) {
        ensureOpen();
        try {
            check("uc_mem_map", (int) lib.ucMemMap.invokeExact(uc, address, size, perms), address, size);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code uc_mem_map_ptr}: map {@code memory} (page-aligned, a multiple of the page size) at
     * {@code address} with no copy. The same segment may be mapped at several addresses (aliases).
     * The caller keeps the segment alive until this engine is closed.
     */
    public void memMapPtr(long address, MemorySegment memory, int perms) {
        ensureOpen();
        if (!memory.isNative()) {
            throw new IllegalArgumentException("uc_mem_map_ptr needs an off-heap segment");
        }
        try {
            check("uc_mem_map_ptr", (int) lib.ucMemMapPtr.invokeExact(uc, address, memory.byteSize(), perms, memory),
                    address, memory.byteSize());
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public void memUnmap(long address, long size) {
        ensureOpen();
        try {
            check("uc_mem_unmap", (int) lib.ucMemUnmap.invokeExact(uc, address, size), address, size);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code uc_mmio_map}: accesses in [address, address+size) call {@code handler} on this thread.
     * The upcall stubs live until {@link #close()}.
     */
    public void mmioMap(long address, long size, MmioHandler handler) {
        ensureOpen();
        MmioUpcall up = new MmioUpcall(this, handler);
        MemorySegment read = LINKER.upcallStub(MMIO_READ_MH.bindTo(up), MMIO_READ_FD, arena);
        MemorySegment write = LINKER.upcallStub(MMIO_WRITE_MH.bindTo(up), MMIO_WRITE_FD, arena);
        try {
            check("uc_mmio_map", (int) lib.ucMmioMap.invokeExact(uc, address, size, read, MemorySegment.NULL, write,
                    MemorySegment.NULL), address, size);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code uc_mem_read} into a new array. */
    public byte[] memRead(long address, int size) {
        ensureOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment buf = tmp.allocate(Math.max(1, size));
            check("uc_mem_read", (int) lib.ucMemRead.invokeExact(uc, address, buf, (long) size), address, size);
            return buf.asSlice(0, size).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code uc_mem_write}. */
    public void memWrite(long address, byte[] data) {
        ensureOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment buf = tmp.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
            check("uc_mem_write", (int) lib.ucMemWrite.invokeExact(uc, address, buf, (long) data.length), address,
                    data.length);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Little-endian 32-bit read through Unicorn's view of guest memory. */
    public int memReadInt(long address) {
        byte[] b = memRead(address, 4);
        return b[0] & 0xff | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    // ---------------------------------------------------------------------------------------- registers

    /** {@code uc_reg_read} of a 32-bit register ({@link ArmReg}). */
    public int regRead(int regId) {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, 0);
            int err = (int) lib.ucRegRead.invokeExact(uc, regId, scratch);
            if (err != UcConst.UC_ERR_OK) {
                throw new UnicornException("uc_reg_read", err, safePc(), "register id " + regId);
            }
            return scratch.get(JAVA_INT, 0);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code uc_reg_write} of a 32-bit register. */
    public void regWrite(int regId, int value) {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, value & 0xffffffffL);
            int err = (int) lib.ucRegWrite.invokeExact(uc, regId, scratch);
            if (err != UcConst.UC_ERR_OK) {
                throw new UnicornException("uc_reg_write", err, safePc(), "register id " + regId);
            }
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code uc_reg_read} of a 64-bit register (D0..D31). */
    public long regReadLong(int regId) {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, 0);
            check("uc_reg_read", (int) lib.ucRegRead.invokeExact(uc, regId, scratch));
            return scratch.get(JAVA_LONG, 0);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A reusable {@code uc_reg_read_batch}/{@code uc_reg_write_batch} over fixed 32-bit registers. */
    public RegisterBatch batch(int... regIds) {
        ensureOpen();
        return new RegisterBatch(this, arena, regIds);
    }

    int readBatch(MemorySegment ids, MemorySegment vals, int count) throws Throwable {
        ensureOpen();
        return (int) lib.ucRegReadBatch.invokeExact(uc, ids, vals, count);
    }

    int writeBatch(MemorySegment ids, MemorySegment vals, int count) throws Throwable {
        ensureOpen();
        return (int) lib.ucRegWriteBatch.invokeExact(uc, ids, vals, count);
    }

    /** The guest PC, or -1 when the engine cannot say (closed, or the read failed). */
    public long safePc() {
        if (closed) {
            return -1;
        }
        try {
            scratch.set(JAVA_LONG, 0, 0);
            int err = (int) lib.ucRegRead.invokeExact(uc, ArmReg.PC, scratch);
            return err == 0 ? scratch.get(JAVA_INT, 0) & 0xffffffffL : -1;
        } catch (Throwable t) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------- hooks

    /** {@code UC_HOOK_BLOCK} over [begin, end] (begin > end: everywhere). */
    public Hook hookBlock(BlockHook hook, long begin, long end) {
        return addCodeHook(UcConst.UC_HOOK_BLOCK, hook, begin, end);
    }

    /** {@code UC_HOOK_CODE}: a Java call per instruction; for debugging and tracing only. */
    public Hook hookCode(BlockHook hook, long begin, long end) {
        return addCodeHook(UcConst.UC_HOOK_CODE, hook, begin, end);
    }

    private Hook addCodeHook(int type, BlockHook hook, long begin, long end) {
        Arena hookArena = Arena.ofShared();
        CodeUpcall up = new CodeUpcall(this, hook);
        return add(type, LINKER.upcallStub(CODE_MH.bindTo(up), CODE_FD, hookArena), hookArena, begin, end);
    }

    /** An upcall stub with the block-hook signature, owned by this engine (for native trampolines). */
    MemorySegment upcallStub(BlockHook hook) {
        ensureOpen();
        return LINKER.upcallStub(CODE_MH.bindTo(new CodeUpcall(this, hook)), CODE_FD, arena);
    }

    /** {@code UC_HOOK_BLOCK} with a native callback and user data (see {@link BlockCounter}). */
    Hook hookBlockNative(MemorySegment callback, MemorySegment userData, long begin, long end) {
        ensureOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment hh = tmp.allocate(JAVA_LONG);
            int err = (int) lib.ucHookAdd.invokeExact(uc, hh, UcConst.UC_HOOK_BLOCK, callback, userData, begin, end);
            if (err != UcConst.UC_ERR_OK) {
                throw new UnicornException("uc_hook_add", err, safePc(), "native block hook");
            }
            Hook h = new Hook(this, hh.get(JAVA_LONG, 0), UcConst.UC_HOOK_BLOCK, Arena.ofShared());
            hooks.put(h.handle(), h);
            return h;
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code UC_HOOK_INTR}: CPU exceptions (SVC, exception return, BKPT, ...). */
    public Hook hookInterrupt(InterruptHook hook) {
        Arena hookArena = Arena.ofShared();
        IntrUpcall up = new IntrUpcall(this, hook);
        return add(UcConst.UC_HOOK_INTR, LINKER.upcallStub(INTR_MH.bindTo(up), INTR_FD, hookArena), hookArena, 1, 0);
    }

    /** {@code UC_HOOK_MEM_INVALID} (unmapped and protection violations). */
    public Hook hookInvalidMemory(InvalidMemoryHook hook) {
        Arena hookArena = Arena.ofShared();
        MemEventUpcall up = new MemEventUpcall(this, hook);
        return add(UcConst.UC_HOOK_MEM_INVALID, LINKER.upcallStub(MEM_EVENT_MH.bindTo(up), MEM_EVENT_FD, hookArena),
                hookArena, 1, 0);
    }

    private Hook add(int type, MemorySegment stub, Arena hookArena, long begin, long end) {
        ensureOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment hh = tmp.allocate(JAVA_LONG);
            int err = (int) lib.ucHookAdd.invokeExact(uc, hh, type, stub, MemorySegment.NULL, begin, end);
            if (err != UcConst.UC_ERR_OK) {
                hookArena.close();
                throw new UnicornException("uc_hook_add", err, safePc(), "type 0x" + Integer.toHexString(type));
            }
            Hook h = new Hook(this, hh.get(JAVA_LONG, 0), type, hookArena);
            hooks.put(h.handle(), h);
            return h;
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            hookArena.close();
            throw new IllegalStateException(t);
        }
    }

    void deleteHook(Hook h) {
        if (closed || hooks.remove(h.handle()) == null) {
            return;
        }
        try {
            check("uc_hook_del", (int) lib.ucHookDel.invokeExact(uc, h.handle()));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            h.arena().close();
        }
    }

    // ---------------------------------------------------------------------------------------- run

    /**
     * {@code uc_emu_start}; returns the {@code uc_err} (UC_ERR_OK or the reason emulation stopped)
     * for callers that treat guest faults as events. A Java exception thrown by one of this engine's
     * callbacks during the run is rethrown here.
     */
    public int emuStartRaw(long begin, long until, long timeoutMicros, long count) {
        ensureOpen();
        int err;
        try {
            err = (int) lib.ucEmuStart.invokeExact(uc, begin, until, timeoutMicros, count);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        Throwable failure = callbackFailure;
        if (failure != null) {
            callbackFailure = null;
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("Unicorn callback failed", failure);
        }
        return err;
    }

    /** {@code uc_emu_start}, throwing {@link UnicornException} on any error. */
    public void emuStart(long begin, long until, long timeoutMicros, long count) {
        int err = emuStartRaw(begin, until, timeoutMicros, count);
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException("uc_emu_start", err, safePc(), lib.strerror(err));
        }
    }

    /** {@code uc_emu_stop}. Safe from block, code and interrupt hooks; see {@link MmioHandler}. */
    public void emuStop() {
        ensureOpen();
        try {
            int err = (int) lib.ucEmuStop.invokeExact(uc);
            if (err != UcConst.UC_ERR_OK) {
                throw new UnicornException("uc_emu_stop", err, safePc(), "");
            }
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---------------------------------------------------------------------------------------- context

    /** {@code uc_context_alloc}: freed by {@link UnicornContext#close()} or with this engine. */
    public UnicornContext contextAlloc() {
        ensureOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ADDRESS);
            check("uc_context_alloc", (int) lib.ucContextAlloc.invokeExact(uc, out));
            UnicornContext c = new UnicornContext(this, out.get(ADDRESS, 0));
            contexts.add(c);
            return c;
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public void contextSave(UnicornContext c) {
        ensureOpen();
        try {
            check("uc_context_save", (int) lib.ucContextSave.invokeExact(uc, c.pointer()));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public void contextRestore(UnicornContext c) {
        ensureOpen();
        try {
            check("uc_context_restore", (int) lib.ucContextRestore.invokeExact(uc, c.pointer()));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void freeContext(UnicornContext c) {
        if (contexts.remove(c)) {
            try {
                int err = (int) lib.ucContextFree.invokeExact(c.pointer());
                if (err != UcConst.UC_ERR_OK) {
                    throw new UnicornException("uc_context_free", err, -1, "");
                }
            } catch (UnicornException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- lifecycle

    public boolean isClosed() {
        return closed;
    }

    /** {@code uc_close}, then every context, hook stub and MMIO stub of this engine. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (UnicornContext c : List.copyOf(contexts)) {
            freeContext(c);
        }
        int err;
        try {
            err = (int) lib.ucClose.invokeExact(uc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            closed = true;
            for (Hook h : hooks.values()) {
                h.arena().close();
            }
            hooks.clear();
            arena.close();
        }
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException("uc_close", err, -1, "");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Unicorn engine already closed");
        }
    }

    private void check(String function, int err) {
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException(function, err, safePc(), lib.strerror(err));
        }
    }

    private void check(String function, int err, long address, long size) {
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException(function, err, safePc(), lib.strerror(err) + "; address 0x"
                    + Long.toHexString(address) + ", size 0x" + Long.toHexString(size));
        }
    }

    /** Called from upcalls: remember the first failure and stop emulation so it surfaces in emuStart. */
    void callbackFailed(Throwable t) {
        if (callbackFailure == null) {
            callbackFailure = t;
        }
        try {
            int ignored = (int) lib.ucEmuStop.invokeExact(uc);
        } catch (Throwable ignored) {
            // Nothing more can be done inside a native callback; the failure is already recorded.
        }
    }

    // Upcall targets: they swallow every Throwable, because one unwinding into C kills the JVM.

    private record CodeUpcall(Unicorn engine, BlockHook hook) {
        void call(MemorySegment uc, long address, int size, MemorySegment userData) {
            try {
                hook.onBlock(address, size);
            } catch (Throwable t) {
                engine.callbackFailed(t);
            }
        }
    }

    private record IntrUpcall(Unicorn engine, InterruptHook hook) {
        void call(MemorySegment uc, int intno, MemorySegment userData) {
            try {
                hook.onInterrupt(intno);
            } catch (Throwable t) {
                engine.callbackFailed(t);
            }
        }
    }

    private record MemEventUpcall(Unicorn engine, InvalidMemoryHook hook) {
        boolean call(MemorySegment uc, int type, long address, int size, long value, MemorySegment userData) {
            try {
                return hook.onInvalidAccess(type, address, size, value);
            } catch (Throwable t) {
                engine.callbackFailed(t);
                return false;
            }
        }
    }

    private record MmioUpcall(Unicorn engine, MmioHandler handler) {
        long read(MemorySegment uc, long offset, int size, MemorySegment userData) {
            try {
                return handler.read(offset, size);
            } catch (Throwable t) {
                engine.callbackFailed(t);
                return 0;
            }
        }

        void write(MemorySegment uc, long offset, int size, long value, MemorySegment userData) {
            try {
                handler.write(offset, size, value);
            } catch (Throwable t) {
                engine.callbackFailed(t);
            }
        }
    }
}
