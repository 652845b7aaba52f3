package org.mp15sim.core.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.core.unicorn.ArmReg;
import org.mp15sim.core.unicorn.RegisterBatch;
import org.mp15sim.core.unicorn.Unicorn;

/**
 * Exact fast-forward of side-effect-free polling loops ("hypersimulation" in Simics' terms).
 *
 * <p>Firmware that busy-waits (OpenAMP's wait for the vdev status, a main loop that polls flags its
 * interrupt handlers set) executes millions of instructions that change nothing. While probing, the
 * core hands every translation block to Java; this class watches for a block address that comes back
 * and compares the whole machine state the M4 could depend on at two consecutive arrivals: every core
 * register (general, special, FP) and every byte of every memory the M4 can reach. If both are equal and
 * the iteration made no MMIO access (the only way the M4 reaches state that changes without it), the
 * iteration is a fixed point: the next one starts from the same state and does exactly the same, and so
 * on, until an event outside the core changes something. Events run only between slices, so the loop
 * provably repeats until the next pending event or the end of the current run. The registers are
 * compared first: memory is copied only once an iteration has brought them back unchanged, and compared
 * over the next one, so a compute loop (whose registers change every time) costs the probe no copies.
 *
 * <p>The skip reproduces the plain run exactly: knowing the iteration's block sequence and instruction
 * counts, it replays the slice arithmetic the core would have done (each slice stops at the first block
 * boundary at or past its budget, which is the quantum or the next SysTick wrap) without executing
 * anything, for every slice that would start before the next event, before the end of the run and
 * before the SysTick wrap. It credits the instructions and cycles of those slices, then lets Unicorn run
 * the last of them for real from the iteration start to the exact block where that slice would have
 * stopped. Slice boundaries, instruction counts, cycles, and therefore every time the core interacts
 * with the world, are identical with and without it; only host time differs.
 *
 * <p>Memories larger than {@link #MAX_COMPARED} (the 512 MiB DDR window the M4 can reach) are too large
 * to copy, and are handled in two steps. First, most polling loops provably write no memory at all: if
 * every instruction of the iteration's blocks is a load, a branch or data processing ({@link ThumbStores},
 * decoded from the compared on-chip memories) and no exception was entered, the iteration cannot have
 * changed the DDR. Otherwise the DDR is compared through its resident pages ({@link ResidentPages}): an
 * anonymous mapping's untouched pages are not resident and read as zero, so the resident set plus the
 * bytes of the resident pages is its whole content; the probe snapshots them at one more iteration start
 * and the iteration counts as pure only if both are unchanged. If more than
 * {@link ResidentPages#MAX_RESIDENT} bytes of it are resident, or the host has no {@code mincore}, such a
 * loop is not fast-forwarded (conservative, still exact; {@link #refusedLarge()} counts them). The Java
 * models that write DDR (the ELF loader, vrings) run only in events, never during a probed iteration.
 *
 * <p>What is not used (kept conservative): MMIO registers whose reads are pure (any MMIO access ends the
 * probe), and loops whose iteration writes memory to new values. The local exclusive monitor
 * (LDREX/STREX) is not part of the compared state; a loop whose only change is the monitor's state is
 * not a polling loop firmware writes.
 */
final class PollingFastForward {
    /** Probing gives up after this many blocks without finding a fixed point. */
    static final int PROBE_BLOCKS = 256;
    /** After a failed probe, the next is {@code 2^failures} slices later, at most {@link #MAX_BACKOFF}. */
    static final int MAX_BACKOFF = 64;
    private static final int MAX_ATTEMPTS = 3;
    /**
     * Memories up to this size (the on-chip RETRAM, SRAMs, SYSRAM) are compared byte for byte; larger ones
     * (the 512 MiB DDR window) only through their resident pages, see the class comment.
     */
    static final long MAX_COMPARED = 16L << 20;

    /** What the detector needs from the core. */
    interface Host {
        long timeOf(long cycle);

        long instructionsUntil(long fromCycle, long cycle);

        /** Core cycles after {@code insns} more instructions, from {@code cycle} with CPI remainder {@code rem}: {cycle, rem}. */
        void advance(long[] cycleAndRemainder, long insns);

        /** MMIO accesses (any peripheral, SCS or PPB) since construction. */
        long mmioAccesses();

        /** Exceptions entered (stacking writes memory) since construction. */
        long exceptionsTaken();
    }

    /** The result of a skip, for the core to apply. */
    static final class Skip {
        /** Whole slices skipped, and the instructions each would have executed. */
        long[] sliceInstructions = new long[16];
        int slices;
        /** Counter values for the rest of the real slice (the landing slice). */
        long executed;
        long stopAt;
        long bias;
        boolean stopNow;
        /** Core cycles and CPI remainder at the start of the landing slice. */
        long landingStartCycle;
        long landingRemainder;

        void add(long e) {
            if (slices == sliceInstructions.length) {
                sliceInstructions = Arrays.copyOf(sliceInstructions, slices * 2);
            }
            sliceInstructions[slices++] = e;
        }
    }

    private final Unicorn uc;
    private final Host host;
    private final RegisterBatch regs;
    private final MemorySegment[] memories;
    private final MemorySegment[] snapshot;
    private final int[] regsAtStart;
    /** Index of SP in {@link #regs}. */
    private static final int SP_INDEX = 13;
    /** Core addresses [base, end) of the regions backed by large memories. */
    private final List<long[]> largeWindows = new ArrayList<>();
    /** The large memories' windows the core reaches, compared through their resident pages. */
    private final ResidentPages[] large;
    /** A large memory is reachable but mincore is missing: never fast-forward. */
    private final boolean blind;
    /**
     * Whether the last {@link #armAt} copied the (small) memories: only once the registers have come back
     * unchanged after an iteration, so a compute loop, whose registers change every time, costs no copies.
     */
    private boolean memorySnapshotted;
    private long loopsArmed;
    private long memoryCopies;
    /** Whether the last {@link #armAt} snapshotted the large memories, and whether it could not (too much resident). */
    private boolean largeSnapshotted;
    private boolean largeUnchecked;
    private final AddressSpace space;
    private long loopExceptions;

    private boolean enabled;
    private boolean probing;
    private int failures;
    private long slicesUntilProbe;

    // Probe state.
    private int blocksSeen;
    private long loopPc = -1;
    private long loopExecuted;
    private long loopMmio;
    private int attempts;
    private final List<long[]> seen = new ArrayList<>();
    private long[] pattern = new long[64]; // block addresses of the iteration
    private int[] counts = new int[64];
    private int m;

    // Statistics.
    private long skips;
    private long skippedInstructions;
    private long skippedSlices;
    private long refusedLarge;

    PollingFastForward(Unicorn uc, AddressSpace space, Host host, boolean enabled) {
        this.uc = uc;
        this.host = host;
        this.space = space;
        this.enabled = enabled;
        int[] ids = new int[13 + 12 + 32 + 3];
        int n = 0;
        for (int i = 0; i <= 12; i++) {
            ids[n++] = ArmReg.r(i);
        }
        for (int id : new int[] {ArmReg.SP, ArmReg.LR, ArmReg.PC, ArmReg.XPSR, ArmReg.ITSTATE, ArmReg.CONTROL,
                ArmReg.MSP, ArmReg.PSP, ArmReg.PRIMASK, ArmReg.FAULTMASK, ArmReg.BASEPRI, ArmReg.FPSCR}) {
            ids[n++] = id;
        }
        for (int i = 0; i < 32; i++) {
            ids[n++] = ArmReg.S0 + i;
        }
        ids[n++] = ArmReg.FPEXC;
        ids[n++] = ArmReg.IPSR;
        ids[n++] = ArmReg.APSR;
        this.regs = uc.batch(Arrays.copyOf(ids, n));
        this.regsAtStart = new int[n];
        Map<PhysicalMemory, MemorySegment> distinct = new IdentityHashMap<>();
        List<MemorySegment> list = new ArrayList<>();
        // Large memories: the span of the windows the core maps, in first-mapped order (deterministic).
        Map<PhysicalMemory, long[]> spans = new LinkedHashMap<>();
        for (AddressSpace.Region r : space.regions()) {
            if (!r.isMemory()) {
                continue;
            }
            if (r.memory().segment().byteSize() <= MAX_COMPARED) {
                if (distinct.put(r.memory(), r.memory().segment()) == null) {
                    list.add(r.memory().segment());
                }
            } else {
                largeWindows.add(new long[] {r.base(), r.end()});
                long[] span = spans.computeIfAbsent(r.memory(), k -> new long[] {Long.MAX_VALUE, 0});
                span[0] = Math.min(span[0], r.memOffset());
                span[1] = Math.max(span[1], r.memOffset() + r.size());
            }
        }
        this.blind = !spans.isEmpty() && !ResidentPages.available();
        List<ResidentPages> big = new ArrayList<>();
        if (!blind) {
            for (Map.Entry<PhysicalMemory, long[]> e : spans.entrySet()) {
                big.add(new ResidentPages(e.getKey().segment(), e.getValue()[0], e.getValue()[1]));
            }
        }
        this.large = big.toArray(ResidentPages[]::new);
        this.memories = list.toArray(MemorySegment[]::new);
        this.snapshot = new MemorySegment[memories.length];
        for (int i = 0; i < memories.length; i++) {
            snapshot[i] = java.lang.foreign.Arena.ofAuto().allocate(memories[i].byteSize(), 8);
        }
    }

    void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            probing = false;
        }
    }

    boolean enabled() {
        return enabled;
    }

    boolean probing() {
        return probing;
    }

    long skips() {
        return skips;
    }

    long skippedInstructions() {
        return skippedInstructions;
    }

    long skippedSlices() {
        return skippedSlices;
    }

    /**
     * Fixed points found but not fast-forwarded because a large memory had more than
     * {@link ResidentPages#MAX_RESIDENT} bytes resident (or could not be inspected).
     */
    long refusedLarge() {
        return refusedLarge;
    }

    /** Loop candidates the probes started comparing. */
    long loopsArmed() {
        return loopsArmed;
    }

    /** How many times the small memories were copied to compare a loop candidate. */
    long memoryCopies() {
        return memoryCopies;
    }

    /** At the start of a slice: whether to hand every block of it to Java for probing. */
    boolean beginSlice() {
        probing = false;
        if (!enabled) {
            return false;
        }
        if (slicesUntilProbe > 0) {
            slicesUntilProbe--;
            return false;
        }
        probing = true;
        blocksSeen = 0;
        loopPc = -1;
        attempts = 0;
        seen.clear();
        return true;
    }

    /**
     * The slice ended while the probe was still looking (an exception return, a stop, the quantum): the
     * next slice probes afresh, no back-off (only a probe that saw enough blocks to give up backs off).
     */
    void endSlice() {
        probing = false;
    }

    /**
     * Called from the block hook while probing, before the block at {@code pc} is counted, after the
     * stop check passed ({@code executed < stopAt}). Returns a skip to apply, or null.
     *
     * @param executed  instructions of the slice before this block
     * @param stopAt    the slice's stop threshold
     * @param startCycle core cycles at the start of the slice, {@code remainder} its CPI remainder
     * @param wrapCycle next SysTick wrap (or {@code Long.MAX_VALUE})
     * @param bound     the first time at which something outside the core may run: min(next event, run limit + 1)
     * @param now       the scheduler's time
     * @param quantum   instructions per slice
     * @param count     instructions of the block at pc
     */
    Skip onBlock(long pc, int count, long executed, long stopAt, long startCycle, long remainder, long wrapCycle,
            long bound, long now, long quantum) {
        if (++blocksSeen > PROBE_BLOCKS) {
            giveUp();
            return null;
        }
        if (loopPc < 0) {
            // Look for the first block address that comes back.
            for (long[] s : seen) {
                if (s[0] == pc) {
                    armAt(pc, count, executed, false, false);
                    return null;
                }
            }
            seen.add(new long[] {pc});
            return null;
        }
        if (pc != loopPc) {
            record(pc, count);
            return null;
        }
        // Back at the loop start: one iteration done.
        boolean registersSame = m != 0 && sameRegisters();
        if (!registersSame || memorySnapshotted && !sameMemory()) {
            if (++attempts >= MAX_ATTEMPTS) {
                giveUp();
            } else {
                armAt(pc, count, executed, largeSnapshotted, registersSame);
            }
            return null;
        }
        if (!memorySnapshotted) {
            armAt(pc, count, executed, largeSnapshotted, true); // one more iteration, with the memories recorded
            return null;
        }
        if ((large.length > 0 || blind) && !storeFree()) {
            if (blind || largeUnchecked) {
                refusedLarge++; // a fixed point as far as we can see, but the DDR cannot be compared
                giveUp();
                return null;
            }
            if (!largeSnapshotted) {
                armAt(pc, count, executed, true, true); // one more iteration, with the DDR's resident pages recorded
                return null;
            }
            for (ResidentPages r : large) {
                if (!r.unchanged()) {
                    if (++attempts >= MAX_ATTEMPTS) {
                        giveUp();
                    } else {
                        armAt(pc, count, executed, true, true);
                    }
                    return null;
                }
            }
        }
        long n = executed - loopExecuted;
        Skip skip = plan(executed, stopAt, startCycle, remainder, wrapCycle, bound, now, quantum, n);
        probing = false;
        failures = 0;
        return skip;
    }

    /** No fixed point within the probe's limits: probe again {@code 2^failures} slices later (capped). */
    private void giveUp() {
        probing = false;
        failures = Math.min(failures + 1, 6);
        slicesUntilProbe = Math.min(MAX_BACKOFF, 1L << failures) - 1;
    }

    private void armAt(long pc, int count, long executed, boolean withLarge, boolean withMemory) {
        loopPc = pc;
        loopExecuted = executed;
        loopMmio = host.mmioAccesses();
        loopExceptions = host.exceptionsTaken();
        m = 0;
        regs.read();
        for (int i = 0; i < regsAtStart.length; i++) {
            regsAtStart[i] = regs.get(i);
        }
        loopsArmed++;
        memorySnapshotted = withMemory;
        if (withMemory) {
            memoryCopies++;
            for (int i = 0; i < memories.length; i++) {
                snapshot[i].copyFrom(memories[i]);
            }
        }
        largeSnapshotted = withLarge && !blind;
        largeUnchecked = false;
        if (largeSnapshotted) {
            for (ResidentPages r : large) {
                if (!r.snapshot()) {
                    largeUnchecked = true;
                }
            }
        }
        record(pc, count);
    }

    private void record(long pc, int count) {
        if (m == pattern.length) {
            pattern = Arrays.copyOf(pattern, m * 2);
            counts = Arrays.copyOf(counts, m * 2);
        }
        pattern[m] = pc;
        counts[m] = count;
        m++;
    }

    /**
     * Whether the iteration provably wrote no large memory: no exception entered (stacking writes), and
     * every instruction of its blocks, read from a compared memory, writes no memory or only near SP
     * ({@link ThumbStores#reach}); SP starts (and ends) in a place where the sum R of those reaches cannot
     * bring it to a large memory. The decoded bytes equal the ones executed: the first store of an
     * iteration ran from bytes as at its start, which equal the current ones (the compared memories are
     * unchanged).
     */
    private boolean storeFree() {
        if (host.exceptionsTaken() != loopExceptions) {
            return false;
        }
        long r = 0;
        for (int i = 0; i < m; i++) {
            long addr = pattern[i] & ~1L;
            for (int k = 0; k < counts[i]; k++) {
                int hw1 = codeHalfword(addr);
                if (hw1 < 0) {
                    return false;
                }
                int hw2 = 0;
                if (ThumbStores.is32(hw1)) {
                    hw2 = codeHalfword(addr + 2);
                    if (hw2 < 0) {
                        return false;
                    }
                }
                int reach = ThumbStores.reach(hw1, hw2);
                if (reach == ThumbStores.ANYWHERE) {
                    return false;
                }
                r += reach;
                addr += ThumbStores.is32(hw1) ? 4 : 2;
            }
        }
        if (r == 0) {
            return true;
        }
        long sp = regsAtStart[SP_INDEX] & 0xFFFF_FFFFL;
        long lo = sp - 2 * r - 64;
        long hi = sp + 2 * r + 64;
        if (lo < 0 || hi > 0x1_0000_0000L) {
            return false;
        }
        for (long[] w : largeWindows) {
            if (lo < w[1] && w[0] < hi) {
                return false;
            }
        }
        return true;
    }

    /** The halfword at {@code addr} if it lies in a compared (small) memory, else -1. */
    private int codeHalfword(long addr) {
        AddressSpace.Region r = space.find(addr);
        if (r == null || !r.isMemory() || !r.contains(addr, 2) || r.memory().segment().byteSize() > MAX_COMPARED) {
            return -1;
        }
        return r.memory().segment().get(HALFWORD, r.memOffset() + (addr - r.base())) & 0xFFFF;
    }

    private static final ValueLayout.OfShort HALFWORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** No MMIO access since {@link #armAt} and the registers as they were then. */
    private boolean sameRegisters() {
        if (host.mmioAccesses() != loopMmio) {
            return false;
        }
        regs.read();
        for (int i = 0; i < regsAtStart.length; i++) {
            if (regs.get(i) != regsAtStart[i]) {
                return false;
            }
        }
        return true;
    }

    /** The small memories as {@link #armAt} copied them. */
    private boolean sameMemory() {
        for (int i = 0; i < memories.length; i++) {
            if (memories[i].mismatch(snapshot[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replays the slices the core would run from here. Boundary k (k = 0 is now, the start of an
     * iteration) lies {@code P(k)} instructions ahead, with P(k) = (k / m) * N + pre[k % m].
     */
    private Skip plan(long executed, long stopAt, long startCycle, long remainder, long wrapCycle, long bound,
            long now, long quantum, long n) {
        long[] pre = new long[m + 1];
        for (int i = 0; i < m; i++) {
            pre[i + 1] = pre[i] + counts[i];
        }
        if (pre[m] != n || n <= 0) {
            return null; // the blocks seen do not add up to the instructions counted: do not guess
        }
        // Slice 0 is the running one: it stops at the first boundary k >= 1 with executed + P(k) >= stopAt.
        long k = firstBoundary(pre, n, 0, stopAt - executed);
        long sliceInsns = executed + p(pre, n, k);
        long[] cr = {startCycle, remainder};
        Skip skip = new Skip();
        while (true) {
            long[] next = {cr[0], cr[1]};
            host.advance(next, sliceInsns);
            long start = host.timeOf(next[0]);
            // The next slice would start at 'start': skip the current one only if that start is clean.
            if (!(start >= now && start < bound && next[0] < wrapCycle)) {
                break;
            }
            skip.add(sliceInsns);
            cr = next;
            long budget = Math.min(quantum, host.instructionsUntil(cr[0], wrapCycle));
            long kEnd = firstBoundary(pre, n, k, budget);
            sliceInsns = p(pre, n, kEnd) - p(pre, n, k);
            k = kEnd;
        }
        if (skip.slices == 0) {
            return null;
        }
        // Land: the real core sits at boundary 0, which has the state of every boundary q*m.
        int r = (int) (k % m);
        if (r == 0) {
            skip.executed = sliceInsns;
            skip.stopNow = true;
        } else {
            long base = sliceInsns - pre[r];
            skip.bias = Math.max(0, -base);
            skip.executed = base + skip.bias;
            skip.stopAt = sliceInsns + skip.bias;
        }
        skip.landingStartCycle = cr[0];
        skip.landingRemainder = cr[1];
        skips++;
        skippedSlices += skip.slices;
        for (int i = 0; i < skip.slices; i++) {
            skippedInstructions += skip.sliceInstructions[i];
        }
        return skip;
    }

    private static long p(long[] pre, long n, long k) {
        int m = pre.length - 1;
        return k / m * n + pre[(int) (k % m)];
    }

    /** Smallest k >= from with P(k) - P(from) >= need (k = from when need <= 0). */
    private static long firstBoundary(long[] pre, long n, long from, long need) {
        if (need <= 0) {
            return from;
        }
        int m = pre.length - 1;
        long target = p(pre, n, from) + need;
        long q = target / n;
        long rem = target % n;
        int idx = 0;
        while (pre[idx] < rem) {
            idx++;
        }
        return q * m + idx;
    }
}
