package org.mp15sim.core.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.unicorn.ArmReg;
import org.mp15sim.core.unicorn.BlockCounter;
import org.mp15sim.core.unicorn.MmioHandler;
import org.mp15sim.core.unicorn.RegisterBatch;
import org.mp15sim.core.unicorn.UcConst;
import org.mp15sim.core.unicorn.Unicorn;

/**
 * A generic ARMv7-M core: Unicorn executes instructions; this class adds what Unicorn lacks (see
 * spec unicorn-cortex-m.md §2): the NVIC, SCB, SysTick, exception entry and return with MSP/PSP
 * banking and FP frames, SVC/PendSV, WFI/WFE sleep, fault escalation and lockup.
 *
 * <p>The core is a hardware model driven by the scheduler (one reusable timer, no process). Each
 * slice runs up to {@code quantumInstructions} in one {@code uc_emu_start}; simulated time advances
 * by instructions x CPI at the core clock. Interrupts are taken only at translation-block
 * boundaries (spec §5): whatever makes an exception due during a slice (an MMIO write, an IRQ line,
 * a SysTick wrap) only lowers the block hook's stop threshold, and the block hook calls
 * {@code uc_emu_stop} before the next block runs. WFI/WFE with nothing to wake for puts the core to
 * sleep until an event (an IRQ line rising, a SysTick wrap): no host CPU while idle.
 *
 * <p>Memory comes from an {@link AddressSpace}: every memory region is mapped zero-copy with
 * {@code uc_mem_map_ptr} (aliases are the same segment mapped twice), every MMIO block (rounded to
 * Unicorn pages) and the unclaimed parts of the peripheral and device windows dispatch to the
 * address space, which applies its unmapped-access policy. The SCS and the rest of the PPB are
 * modelled here. Everything else is unmapped: an access is a BusFault.
 *
 * <p>Single-threaded: every method runs on the simulation thread.
 */
public final class ArmV7mCore implements AutoCloseable {
    /** Execution state. */
    public enum State { HELD, RUNNING, SLEEPING, LOCKED_UP }

    /** What the SoC (or a test) hears from the core. All callbacks run on the simulation thread. */
    public interface Listener {
        /** AIRCR.SYSRESETREQ: the SoC decides what a system reset does (the core keeps running). */
        default void sysResetRequested() {
        }

        /** The core locked up and stopped; it stays so until reset. */
        default void lockedUp(CoreFault fault) {
        }

        /** A fault was taken (also when escalated to HardFault). */
        default void faultTaken(CoreFault fault) {
        }

        /** A diagnostic about the firmware image or the core's configuration. */
        default void warning(String message) {
        }
    }

    // Thumb PC Unicorn never reaches: emulation ends only when we stop it or the guest does.
    private static final long UNTIL = 0xFFFF_FFFEL;
    private static final long EXC_RETURN_BASE = 0xFFFF_FFE0L;
    private static final int XPSR_T = 1 << 24;
    private static final int CONTROL_NPRIV = 1;
    private static final int CONTROL_SPSEL = 2;
    private static final int CONTROL_FPCA = 4;
    private static final long PPB_BASE = 0xE000_0000L;
    private static final long PPB_END = 0xE010_0000L;
    /** ARMv7-M default map windows with Device attributes: unclaimed addresses go to the address space. */
    private static final long[][] DEVICE_WINDOWS = {{0x4000_0000L, 0x6000_0000L}, {0xA000_0000L, 0xE000_0000L}};

    private final Scheduler scheduler;
    private final ClockDomain clock;
    private final AddressSpace space;
    private final ArmV7mConfig config;
    private final Unicorn uc;
    private final Nvic nvic;
    private final SysTick sysTick;
    private final SystemControlSpace scs;
    private final Timer sliceTimer;
    private final IrqLine lockupLine;
    private final IrqLine sysResetLine;
    private final IrqLine faultLine;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<CoreFault> faults = new ArrayList<>();
    private final RegisterBatch ctxRead;
    private final RegisterBatch fpRead;
    private final RegisterBatch maskRead;
    private final RegisterBatch seq;
    private final BlockCounter counter;
    private int traceTrack = -1;

    private State state = State.HELD;
    private boolean held;
    private long resetTime;
    private long cycles;
    private long cpiRemainder;
    private long instructions;
    private long exceptionsTaken;
    private long slices;
    private int currentException;
    private boolean eventRegister;
    private boolean sleepingInWfe;
    private long sysTickWrapCycle = Long.MAX_VALUE;
    private CoreFault lockup;

    // Slice state, touched by the hooks.
    private boolean inSlice;
    private long sliceStartCycles;
    private long executedBias;
    private long mmioAccesses;
    private PollingFastForward fastForward;
    private long budget;
    private boolean maskWatch;
    private int intrNumber = -1;
    private int invalidType;
    private long invalidAddress = -1;
    private long busFaultAddress = -1;
    private boolean busFaultWrite;
    private boolean resetRequested;
    private Control deferred = Control.NONE;

    private enum Control { NONE, HALT, RESET }

    /**
     * Creates the core, its Unicorn engine and the mappings of {@code space}; the core starts HELD.
     *
     * @param clock core clock (SysTick and time per instruction)
     */
    public ArmV7mCore(Scheduler scheduler, ClockDomain clock, AddressSpace space, ArmV7mConfig config) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.space = space;
        this.config = config;
        this.nvic = new Nvic(config.irqCount(), config.priorityBits());
        this.sysTick = new SysTick(config.sysTickReferenceDivider());
        this.scs = new SystemControlSpace(config, nvic, sysTick, new ScsHost() {
            @Override
            public long currentCycle() {
                return ArmV7mCore.this.currentCycle();
            }

            @Override
            public int currentException() {
                return ArmV7mCore.this.currentException();
            }

            @Override
            public void exceptionStateChanged() {
                ArmV7mCore.this.exceptionStateChanged();
            }

            @Override
            public void sysTickChanged() {
                ArmV7mCore.this.sysTickChanged();
            }

            @Override
            public void systemResetRequested() {
                ArmV7mCore.this.systemResetRequested();
            }
        });
        this.sliceTimer = scheduler.timer(config.name() + " run", Scheduler.PRIO_DEFAULT, this::onTimer);
        this.lockupLine = new IrqLine(scheduler, config.name() + " lockup");
        this.sysResetLine = new IrqLine(scheduler, config.name() + " SYSRESETREQ");
        this.faultLine = new IrqLine(scheduler, config.name() + " fault");
        this.uc = Unicorn.openCortexM(UcConst.UC_CPU_ARM_CORTEX_M4);
        try {
            mapAddressSpace();
            counter = BlockCounter.install(uc, this::onBlock, 1, 0);
            fastForward = new PollingFastForward(uc, space, new FastForwardHost(),
                    Boolean.parseBoolean(System.getProperty("mp15sim.m4.fastForward", "true")));
            uc.hookInterrupt(this::onInterrupt);
            uc.hookInvalidMemory(this::onInvalidMemory);
            ctxRead = uc.batch(ArmReg.R0, ArmReg.r(1), ArmReg.r(2), ArmReg.r(3), ArmReg.R12, ArmReg.LR, ArmReg.PC,
                    ArmReg.XPSR, ArmReg.CONTROL, ArmReg.MSP, ArmReg.PSP, ArmReg.PRIMASK, ArmReg.FAULTMASK,
                    ArmReg.BASEPRI);
            int[] fp = new int[17];
            for (int i = 0; i < 16; i++) {
                fp[i] = ArmReg.s(i);
            }
            fp[16] = ArmReg.FPSCR;
            fpRead = uc.batch(fp);
            maskRead = uc.batch(ArmReg.PRIMASK, ArmReg.FAULTMASK, ArmReg.BASEPRI, ArmReg.CONTROL);
            seq = uc.batch(new int[64]);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
        nvic.reset();
        sysTick.reset();
    }

    // ================================================================================== public API

    public ArmV7mConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** High while the core is locked up. */
    public IrqLine lockupLine() {
        return lockupLine;
    }

    /** Pulses when the firmware writes AIRCR.SYSRESETREQ with the right key. */
    public IrqLine sysResetRequestLine() {
        return sysResetLine;
    }

    /** Pulses for every fault the core takes (details in {@link #faults()}). */
    public IrqLine faultLine() {
        return faultLine;
    }

    /** The lockup that stopped the core, or null. */
    public CoreFault lockup() {
        return lockup;
    }

    /** Faults taken since construction, oldest first. */
    public List<CoreFault> faults() {
        return List.copyOf(faults);
    }

    /** Instructions executed since construction. */
    public long instructions() {
        return instructions;
    }

    /** Exceptions entered (including tail-chained ones) since construction. */
    public long exceptionsTaken() {
        return exceptionsTaken;
    }

    /** Calls of uc_emu_start since construction. */
    public long slices() {
        return slices;
    }

    /** Core clock cycles since the last reset, as of now in the running slice. */
    public long currentCycle() {
        return inSlice ? sliceStartCycles + cyclesFor(counter.executed() - executedBias) : cycles;
    }

    /**
     * The core's local time: ahead of {@link Scheduler#now()} inside a slice (temporal decoupling).
     * Devices that report time to the firmware should use this.
     */
    public long localTime() {
        return timeOf(currentCycle());
    }

    /** IPSR as the model holds it. */
    public int currentException() {
        return currentException;
    }

    public Nvic nvic() {
        return nvic;
    }

    /** The Unicorn engine (for debugging hooks and tests). */
    public Unicorn engine() {
        return uc;
    }

    /**
     * Reads a core register through Unicorn ({@link ArmReg} ids) with a debugger's view: MSP, PSP and
     * the mask registers read correctly even while the thread runs unprivileged.
     */
    public int register(int regId) {
        if (currentException == 0 && (uc.regRead(ArmReg.CONTROL) & CONTROL_NPRIV) != 0
                && regId != ArmReg.CONTROL && regId != ArmReg.IPSR && regId != ArmReg.XPSR) {
            uc.regWrite(ArmReg.IPSR, Nvic.HARD_FAULT);
            try {
                return uc.regRead(regId);
            } finally {
                uc.regWrite(ArmReg.IPSR, 0);
            }
        }
        return uc.regRead(regId);
    }

    /** Architectural reset (SP and PC from the vector table at 0), then run. */
    public void resetAndRun() {
        if (inSlice) {
            deferred = Control.RESET;
            counter.setStopAt(0);
            return;
        }
        if (held) {
            return;
        }
        reset();
    }

    /** Stop executing; stays HELD until {@link #resetAndRun()}. */
    public void halt() {
        if (inSlice) {
            deferred = Control.HALT;
            counter.setStopAt(0);
            return;
        }
        setState(State.HELD);
        sliceTimer.cancel();
    }

    /**
     * The hold input (e.g. RCC MCU hold-boot / reset held): while high the core is halted; releasing
     * it resets the core and starts it.
     */
    public void setHeld(boolean high) {
        if (high == held) {
            return;
        }
        held = high;
        if (high) {
            halt();
        } else {
            resetAndRun();
        }
    }

    /** Level of external interrupt input IRQn. */
    public void setIrqLevel(int irq, boolean high) {
        boolean wasPending = nvic.isPending(Nvic.FIRST_IRQ + irq);
        nvic.setLevel(irq, high);
        if (!wasPending && nvic.isPending(Nvic.FIRST_IRQ + irq) && scs.sevOnPend()) {
            eventRegister = true;
        }
        exceptionStateChanged();
    }

    /** Connects an interrupt wire to IRQn. */
    public void connectIrq(int irq, IrqLine line) {
        line.addListener(high -> setIrqLevel(irq, high));
        if (line.isHigh()) {
            setIrqLevel(irq, true);
        }
    }

    /** Event input (RXEV): sets the event register, wakes a WFE. */
    public void event() {
        if (state == State.SLEEPING && sleepingInWfe) {
            wake(); // the event completes the WFE and is consumed by it
        } else {
            eventRegister = true;
        }
    }

    @Override
    public void close() {
        sliceTimer.cancel();
        uc.close();
        counter.close();
    }

    /** Whether block counting runs in native code (see {@link BlockCounter}). */
    public boolean nativeBlockCounting() {
        return counter.isNative();
    }

    // ================================================================================== mapping

    private void mapAddressSpace() {
        long page = uc.pageSize();
        List<long[]> mmio = new ArrayList<>();
        List<long[]> memories = new ArrayList<>();
        for (AddressSpace.Region r : space.regions()) {
            if (r.isMemory()) {
                if (r.base() % page != 0 || r.size() % page != 0) {
                    throw new IllegalArgumentException(String.format(
                            "%s: memory %s at 0x%08x (0x%x bytes) is not aligned to Unicorn's %d-byte pages",
                            config.name(), r.name(), r.base(), r.size(), page));
                }
                MemorySegment seg = r.memory().segment().asSlice(r.memOffset(), r.size());
                uc.memMapPtr(r.base(), seg, UcConst.UC_PROT_ALL);
                memories.add(new long[] {r.base(), r.end()});
            } else {
                mmio.add(new long[] {r.base() / page * page, (r.end() + page - 1) / page * page});
            }
        }
        for (long[] w : DEVICE_WINDOWS) {
            mmio.add(w.clone());
        }
        // Page-rounded MMIO windows, merged, minus memories and the PPB (modelled here).
        List<long[]> windows = subtract(merge(mmio), memories);
        windows = subtract(windows, List.of(new long[] {PPB_BASE, PPB_END}));
        for (long[] w : windows) {
            long base = w[0];
            uc.mmioMap(base, w[1] - base, counted(new BusWindow(base)));
        }
        uc.mmioMap(SystemControlSpace.BASE, SystemControlSpace.SIZE, counted(scs));
        PrivatePeripheralBus ppb = new PrivatePeripheralBus(this::currentCycle);
        uc.mmioMap(PPB_BASE, SystemControlSpace.BASE - PPB_BASE, counted(ppb.at(PPB_BASE)));
        long afterScs = SystemControlSpace.BASE + SystemControlSpace.SIZE;
        uc.mmioMap(afterScs, PPB_END - afterScs, counted(ppb.at(afterScs)));
    }

    /** Counts every MMIO access: a polling loop that makes one is not side-effect free (see PollingFastForward). */
    private MmioHandler counted(MmioHandler h) {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                mmioAccesses++;
                return h.read(offset, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                mmioAccesses++;
                h.write(offset, size, value);
            }
        };
    }

    private static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            if (!out.isEmpty() && r[0] <= out.getLast()[1]) {
                out.getLast()[1] = Math.max(out.getLast()[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static List<long[]> subtract(List<long[]> ranges, List<long[]> holes) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            List<long[]> pieces = new ArrayList<>();
            pieces.add(new long[] {r[0], r[1]});
            for (long[] h : holes) {
                List<long[]> next = new ArrayList<>();
                for (long[] p : pieces) {
                    if (h[1] <= p[0] || h[0] >= p[1]) {
                        next.add(p);
                        continue;
                    }
                    if (h[0] > p[0]) {
                        next.add(new long[] {p[0], h[0]});
                    }
                    if (h[1] < p[1]) {
                        next.add(new long[] {h[1], p[1]});
                    }
                }
                pieces = next;
            }
            out.addAll(pieces);
        }
        return out;
    }

    /** An MMIO window forwarded to the address space; bus errors become BusFaults. */
    private final class BusWindow implements MmioHandler {
        private final long base;

        BusWindow(long base) {
            this.base = base;
        }

        @Override
        public long read(long offset, int size) {
            try {
                return space.read(base + offset, size);
            } catch (BusErrorException e) {
                busError(base + offset, false);
                return 0;
            }
        }

        @Override
        public void write(long offset, int size, long value) {
            try {
                space.write(base + offset, size, value);
            } catch (BusErrorException e) {
                busError(base + offset, true);
            }
        }
    }

    private void busError(long address, boolean write) {
        if (busFaultAddress < 0) {
            busFaultAddress = address;
            busFaultWrite = write;
        }
        counter.setStopAt(0);
    }

    // ================================================================================== hooks

    /**
     * Java side of the block hook: every block when the native counter is unavailable, otherwise
     * only cache misses and blocks seen while {@code maskWatch} is set (see {@link BlockCounter}).
     */
    private void onBlock(long address, int size) {
        // maskWatch: an exception is pending but masked by PRIMASK/BASEPRI/FAULTMASK, which guest
        // MSR/CPS instructions change without telling us; they end a block, so look at each boundary.
        long e = counter.executed();
        if (e >= counter.stopAt() || maskWatch && preemptingNow() != 0) {
            counter.setStopped(true);
            uc.emuStop();
            return;
        }
        int n = counter.cached(address, size);
        if (n < 0) {
            n = decodeCount(address, size);
            counter.cache(address, size, n);
        }
        if (fastForward.probing()) {
            PollingFastForward.Skip skip = fastForward.onBlock(address, n, e, counter.stopAt(), cycles, cpiRemainder,
                    sysTickWrapCycle, fastForwardBound(), scheduler.now(), budget);
            if (!fastForward.probing()) {
                counter.setWatch(maskWatch);
            }
            if (skip != null) {
                applySkip(skip);
                if (skip.stopNow) {
                    counter.setStopped(true);
                    uc.emuStop();
                    return;
                }
                e = counter.executed();
            }
        }
        counter.setExecuted(e + n);
    }

    /** Nothing outside the core runs before this time: the next pending event, or just after the run's end. */
    private long fastForwardBound() {
        long limit = scheduler.runLimit();
        return Math.min(scheduler.nextEventTime(), limit == Long.MAX_VALUE ? limit : limit + 1);
    }

    /** Credits the slices a polling loop would have run and sets up the real end of the last one. */
    private void applySkip(PollingFastForward.Skip skip) {
        for (int i = 0; i < skip.slices; i++) {
            addInstructions(skip.sliceInstructions[i]);
        }
        if (cycles != skip.landingStartCycle || cpiRemainder != skip.landingRemainder) {
            throw new IllegalStateException("fast-forward arithmetic diverged from the core's cycle count");
        }
        slices += skip.slices;
        sliceStartCycles = cycles;
        executedBias = skip.bias;
        counter.setExecuted(skip.executed);
        if (!skip.stopNow) {
            counter.setStopAt(skip.stopAt);
        }
    }

    /**
     * Turns the exact fast-forward of side-effect-free polling loops on or off (default on, or system
     * property {@code mp15sim.m4.fastForward}). Off and on give identical simulations; only host time differs.
     */
    public void setPollingFastForward(boolean on) {
        fastForward.setEnabled(on);
    }

    public boolean pollingFastForward() {
        return fastForward.enabled();
    }

    /**
     * Loops fast-forwarded, the slices and instructions they stood for, fixed points not fast-forwarded
     * because too much of the DDR was resident to compare, loop candidates probed, and copies of the
     * on-chip memories taken to compare them (statistics).
     */
    public long[] pollingFastForwardStats() {
        return new long[] {fastForward.skips(), fastForward.skippedSlices(), fastForward.skippedInstructions(),
                fastForward.refusedLarge(), fastForward.loopsArmed(), fastForward.memoryCopies()};
    }

    private void onInterrupt(int intno) {
        if (intrNumber < 0) {
            intrNumber = intno;
        }
        uc.emuStop();
    }

    private boolean onInvalidMemory(int type, long address, int size, long value) {
        invalidType = type;
        invalidAddress = address;
        return false;
    }

    /** Thumb-2: a halfword whose top five bits are 0b11101, 0b11110 or 0b11111 starts a 32-bit instruction. */
    private int decodeCount(long address, int size) {
        AddressSpace.Region r = space.find(address);
        if (r == null || !r.isMemory() || !r.contains(address, size)) {
            return Math.max(1, size / 2);
        }
        MemorySegment seg = r.memory().segment();
        long off = r.memOffset() + address - r.base();
        int n = 0;
        for (long p = 0; p < size; n++) {
            int hw = seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, off + p) & 0xFFFF;
            p += (hw >>> 11) >= 0x1D ? 4 : 2;
        }
        return n;
    }

    private final class FastForwardHost implements PollingFastForward.Host {
        @Override
        public long timeOf(long cycle) {
            return ArmV7mCore.this.timeOf(cycle);
        }

        @Override
        public long instructionsUntil(long fromCycle, long cycle) {
            return ArmV7mCore.this.instructionsUntil(fromCycle, cycle);
        }

        @Override
        public void advance(long[] cr, long insns) {
            long total = insns * config.cpiNumerator() + cr[1];
            cr[0] += total / config.cpiDenominator();
            cr[1] = total % config.cpiDenominator();
        }

        @Override
        public long mmioAccesses() {
            return mmioAccesses;
        }

        @Override
        public long exceptionsTaken() {
            return exceptionsTaken;
        }
    }

    // ================================================================================== time

    private long cyclesFor(long insns) {
        return (insns * config.cpiNumerator() + cpiRemainder) / config.cpiDenominator();
    }

    private void addInstructions(long insns) {
        long total = insns * config.cpiNumerator() + cpiRemainder;
        cycles += total / config.cpiDenominator();
        cpiRemainder = total % config.cpiDenominator();
        instructions += insns;
    }

    private long timeOf(long cycle) {
        return resetTime + clock.cyclesToPs(cycle);
    }

    private long cycleAt(long time) {
        return clock.psToCyclesCeil(time - resetTime);
    }

    /** Instructions from {@code fromCycle} until the core reaches {@code cycle}. */
    private long instructionsUntil(long fromCycle, long cycle) {
        if (cycle == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long c = Math.max(0, cycle - fromCycle);
        return (c * config.cpiDenominator() + config.cpiNumerator() - 1) / config.cpiNumerator();
    }

    // ================================================================================== run loop

    private void onTimer() {
        switch (state) {
            case RUNNING -> runSlice();
            case SLEEPING -> {
                catchUpWhileIdle();
                pollSysTick();
                if (wakeCondition(false)) {
                    wake();
                } else {
                    scheduleSleepWake();
                }
            }
            default -> {
            }
        }
    }

    private void catchUpWhileIdle() {
        cycles = Math.max(cycles, cycleAt(scheduler.now()));
    }

    private void runSlice() {
        pollSysTick();
        deliverExceptions(currentPc());
        if (state != State.RUNNING) {
            return;
        }
        sliceStartCycles = cycles;
        executedBias = 0;
        counter.setExecuted(0);
        budget = config.quantumInstructions();
        counter.setStopAt(Math.min(budget, instructionsUntil(cycles, sysTickWrapCycle)));
        updateMaskWatch();
        if (!maskWatch && fastForward.beginSlice()) {
            counter.setWatch(true);
        }
        intrNumber = -1;
        invalidAddress = -1;
        busFaultAddress = -1;
        resetRequested = false;
        counter.setStopped(false);
        long startPc = currentPc();
        int err;
        inSlice = true;
        try {
            slices++;
            err = uc.emuStartRaw(startPc | 1, UNTIL, 0, 0);
        } finally {
            inSlice = false;
        }
        addInstructions(counter.executed() - executedBias);
        executedBias = 0;
        if (fastForward.probing()) {
            fastForward.endSlice();
            counter.setWatch(maskWatch);
        }
        handleStop(err);
        if (resetRequested) {
            sysResetLine.pulse();
            for (Listener l : listeners) {
                l.sysResetRequested();
            }
        }
        switch (deferred) {
            case HALT -> {
                deferred = Control.NONE;
                halt();
                return;
            }
            case RESET -> {
                deferred = Control.NONE;
                resetAndRun();
                return;
            }
            default -> {
            }
        }
        if (state == State.RUNNING) {
            sliceTimer.scheduleAt(Math.max(scheduler.now(), timeOf(cycles)));
        } else if (state == State.SLEEPING) {
            scheduleSleepWake();
        }
    }

    private long currentPc() {
        return uc.regRead(ArmReg.PC) & 0xFFFF_FFFFL;
    }

    private void handleStop(int err) {
        long pc = currentPc();
        if (state == State.LOCKED_UP) {
            return;
        }
        if ((pc & EXC_RETURN_BASE) == EXC_RETURN_BASE && (err == UcConst.UC_ERR_OK
                || err == UcConst.UC_ERR_FETCH_UNMAPPED || err == UcConst.UC_ERR_FETCH_PROT
                || err == UcConst.UC_ERR_EXCEPTION)) {
            if (currentException != 0) {
                exceptionReturn(pc | 1);
            } else {
                fault(Nvic.MEM_MANAGE, SystemControlSpace.CFSR_IACCVIOL, "MemManage IACCVIOL", pc, -1, pc);
            }
            return;
        }
        if (intrNumber >= 0) {
            handleInterrupt(intrNumber, pc);
            return;
        }
        if (err != UcConst.UC_ERR_OK) {
            handleError(err, pc);
            return;
        }
        if (busFaultAddress >= 0) {
            if (busFaultWrite) {
                fault(Nvic.BUS_FAULT, SystemControlSpace.CFSR_IMPRECISERR, "BusFault IMPRECISERR", pc, busFaultAddress,
                        pc);
            } else {
                scs.bfar = (int) busFaultAddress;
                fault(Nvic.BUS_FAULT, SystemControlSpace.CFSR_PRECISERR | SystemControlSpace.CFSR_BFARVALID,
                        "BusFault PRECISERR", pc, busFaultAddress, pc);
            }
            return;
        }
        if (counter.stopped()) {
            return; // stopped by the block hook: quantum, due exception, or a control request
        }
        int kind = sleepInstructionBefore(pc);
        if (kind != 0) {
            sleep(kind == 2);
            return;
        }
        // Emulation ended without a cause we know: report and stop rather than spin.
        lockUp(new CoreFault(scheduler.now(), "unexpected stop of emulation", pc, -1, 0, false));
    }

    /** 1 = WFI, 2 = WFE just before pc (16- or 32-bit encoding), 0 = neither. */
    private int sleepInstructionBefore(long pc) {
        try {
            int hw = space.read16(pc - 2) & 0xFFFF;
            if (hw == 0xBF30) {
                return 1;
            }
            if (hw == 0xBF20) {
                return 2;
            }
            int first = space.read16(pc - 4) & 0xFFFF;
            if (first == 0xF3AF && hw == 0x8003) {
                return 1;
            }
            if (first == 0xF3AF && hw == 0x8002) {
                return 2;
            }
        } catch (BusErrorException | IllegalStateException e) {
            return 0;
        }
        return 0;
    }

    private void handleInterrupt(int intno, long pc) {
        switch (intno) {
            case UcConst.EXCP_SWI -> svc(pc);
            case UcConst.EXCP_BKPT -> {
                // No debugger attached: a BKPT escalates to HardFault (HFSR.DEBUGEVT).
                scs.hfsr |= SystemControlSpace.HFSR_DEBUGEVT;
                fault(Nvic.HARD_FAULT, 0, "HardFault DEBUGEVT (BKPT)", pc, -1, pc);
            }
            case UcConst.EXCP_NOCP -> fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_NOCP, "UsageFault NOCP", pc, -1,
                    pc);
            case UcConst.EXCP_INVSTATE -> fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_INVSTATE,
                    "UsageFault INVSTATE", pc, -1, pc);
            case UcConst.EXCP_UNALIGNED -> fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_UNALIGNED,
                    "UsageFault UNALIGNED", pc, -1, pc);
            case UcConst.EXCP_PREFETCH_ABORT -> fault(Nvic.MEM_MANAGE, SystemControlSpace.CFSR_IACCVIOL,
                    "MemManage IACCVIOL (execute from a never-execute region)", pc, pc, pc);
            case UcConst.EXCP_DATA_ABORT -> fault(Nvic.BUS_FAULT, SystemControlSpace.CFSR_PRECISERR,
                    "BusFault PRECISERR", pc, -1, pc);
            default -> fault(Nvic.HARD_FAULT, 0, "HardFault (CPU exception " + intno + " from Unicorn)", pc, -1, pc);
        }
    }

    private void handleError(int err, long pc) {
        long addr = invalidAddress;
        switch (err) {
            case UcConst.UC_ERR_READ_UNMAPPED, UcConst.UC_ERR_WRITE_UNMAPPED, UcConst.UC_ERR_READ_PROT,
                    UcConst.UC_ERR_WRITE_PROT -> {
                int bits = SystemControlSpace.CFSR_PRECISERR;
                if (addr >= 0) {
                    scs.bfar = (int) addr;
                    bits |= SystemControlSpace.CFSR_BFARVALID;
                }
                String what = err == UcConst.UC_ERR_WRITE_UNMAPPED || err == UcConst.UC_ERR_WRITE_PROT ? "write" : "read";
                fault(Nvic.BUS_FAULT, bits, "BusFault PRECISERR (" + what + " of unmapped memory)", pc, addr, pc);
            }
            case UcConst.UC_ERR_FETCH_UNMAPPED, UcConst.UC_ERR_FETCH_PROT -> {
                long at = addr >= 0 ? addr : pc;
                fault(Nvic.BUS_FAULT, SystemControlSpace.CFSR_IBUSERR, "BusFault IBUSERR (instruction fetch from "
                        + "unmapped memory)", at, at, at);
            }
            case UcConst.UC_ERR_INSN_INVALID, UcConst.UC_ERR_EXCEPTION -> {
                int xpsr = uc.regRead(ArmReg.XPSR);
                if ((xpsr & XPSR_T) == 0) {
                    fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_INVSTATE, "UsageFault INVSTATE (Thumb bit clear)",
                            pc, -1, pc);
                    return;
                }
                int hint = hintBefore(pc);
                if (hint != 0) {
                    // QEMU raises EXCP_YIELD for WFE and YIELD, which Unicorn reports as an invalid
                    // instruction with the PC already past it. YIELD is a no-op hint here.
                    if (hint == 0xBF20) {
                        sleep(true);
                    }
                    return;
                }
                fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_UNDEFINSTR, "UsageFault UNDEFINSTR", pc, -1, pc);
            }
            case UcConst.UC_ERR_READ_UNALIGNED, UcConst.UC_ERR_WRITE_UNALIGNED, UcConst.UC_ERR_FETCH_UNALIGNED ->
                    fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_UNALIGNED, "UsageFault UNALIGNED", pc, addr, pc);
            default -> fault(Nvic.HARD_FAULT, 0, "HardFault (" + UcConst.errName(err) + ")", pc, addr, pc);
        }
    }

    /** 0xBF20 (WFE) or 0xBF10 (YIELD) when the instruction just before pc is one (16- or 32-bit), else 0. */
    private int hintBefore(long pc) {
        try {
            int hw = space.read16(pc - 2) & 0xFFFF;
            if (hw == 0xBF20 || hw == 0xBF10) {
                return hw;
            }
            int first = space.read16(pc - 4) & 0xFFFF;
            if (first == 0xF3AF && (hw == 0x8002 || hw == 0x8001)) {
                return hw == 0x8002 ? 0xBF20 : 0xBF10;
            }
        } catch (BusErrorException | IllegalStateException e) {
            return 0;
        }
        return 0;
    }

    // ================================================================================== sleep

    private void sleep(boolean wfe) {
        if (wfe && eventRegister) {
            eventRegister = false;
            return;
        }
        if (wakeCondition(wfe)) {
            return;
        }
        sleepingInWfe = wfe;
        setState(State.SLEEPING);
    }

    /**
     * WFI wakes for an exception that would preempt if PRIMASK were clear (B1.5.19); WFE also for the
     * event register.
     */
    private boolean wakeCondition(boolean wfe) {
        readPrivileged(maskRead, 3);
        boolean faultmask = maskRead.get(1) != 0;
        int prio = nvic.executionPriority(false, faultmask, maskRead.get(2));
        return nvic.preempting(prio) != 0 || wfe && eventRegister;
    }

    private void wake() {
        catchUpWhileIdle();
        setState(State.RUNNING);
        sliceTimer.scheduleAt(Math.max(scheduler.now(), timeOf(cycles)));
    }

    private void scheduleSleepWake() {
        if (sysTickWrapCycle != Long.MAX_VALUE && sysTick.tickint()) {
            sliceTimer.scheduleAt(Math.max(scheduler.now(), timeOf(sysTickWrapCycle)));
        } else {
            sliceTimer.cancel();
        }
    }

    // ================================================================================== SysTick

    private void pollSysTick() {
        long now = currentCycle();
        if (now >= sysTickWrapCycle) {
            sysTick.collectWraps(now);
            if (sysTick.tickint()) {
                nvic.setPending(Nvic.SYSTICK, true);
            }
            sysTickWrapCycle = sysTick.nextWrapCycle(now);
        }
    }

    private void sysTickChanged() {
        long now = currentCycle();
        sysTickWrapCycle = sysTick.nextWrapCycle(now);
        if (inSlice) {
            long due = counter.executed() + instructionsUntil(now, sysTickWrapCycle);
            counter.setStopAt(Math.min(counter.stopAt(), Math.min(budget, due)));
        } else if (state == State.SLEEPING) {
            scheduleSleepWake();
        }
    }

    // ================================================================================== exceptions

    private int executionPriority() {
        readPrivileged(maskRead, 3);
        return nvic.executionPriority(maskRead.get(0) != 0, maskRead.get(1) != 0, maskRead.get(2));
    }

    private int preemptingNow() {
        return nvic.preempting(executionPriority());
    }

    private void updateMaskWatch() {
        int e = nvic.highestPending();
        maskWatch = e != 0 && nvic.groupPriority(nvic.priority(e)) < nvic.activeGroupPriority();
        counter.setWatch(maskWatch || fastForward.probing());
    }

    private void exceptionStateChanged() {
        switch (state) {
            case RUNNING -> {
                if (inSlice) {
                    if (preemptingNow() != 0) {
                        counter.setStopAt(counter.executed());
                    }
                    updateMaskWatch();
                }
            }
            case SLEEPING -> {
                if (wakeCondition(false)) {
                    wake();
                }
            }
            default -> {
            }
        }
    }

    private void systemResetRequested() {
        resetRequested = true;
        counter.setStopAt(counter.executed());
    }

    /** Takes every exception that is due, nesting as priorities require. */
    private void deliverExceptions(long returnAddress) {
        for (int guard = 0; guard < 300 && state == State.RUNNING; guard++) {
            int e = preemptingNow();
            if (e == 0) {
                return;
            }
            if (!enter(e, returnAddress)) {
                return;
            }
            returnAddress = currentPc();
        }
    }

    private void svc(long pcAfter) {
        int prio = executionPriority();
        if (nvic.groupPriority(nvic.priority(Nvic.SVCALL)) < prio) {
            enter(Nvic.SVCALL, pcAfter);
        } else {
            // SVC while its priority cannot preempt: escalated to HardFault (B1.5.15).
            fault(Nvic.HARD_FAULT, 0, "HardFault FORCED (SVC at insufficient priority)", pcAfter - 2, -1, pcAfter - 2);
        }
    }

    /**
     * A synchronous fault: records status bits, escalates to HardFault when its handler is disabled
     * or cannot preempt, locks up when even HardFault cannot (B1.5.15).
     */
    private void fault(int exception, int cfsrBits, String kind, long pc, long address, long returnAddress) {
        scs.cfsr |= cfsrBits;
        int prio = executionPriority();
        int target = exception;
        boolean escalated = false;
        if (target != Nvic.HARD_FAULT
                && (!nvic.isEnabled(target) || nvic.groupPriority(nvic.priority(target)) >= prio)) {
            target = Nvic.HARD_FAULT;
            escalated = true;
            scs.hfsr |= SystemControlSpace.HFSR_FORCED;
        }
        if (target == Nvic.HARD_FAULT && prio <= -1) {
            lockUp(new CoreFault(scheduler.now(), kind + " while at priority " + prio
                    + (currentException != 0 ? " (in exception " + currentException + ")" : ""), pc, address, 0,
                    escalated));
            return;
        }
        CoreFault f = new CoreFault(scheduler.now(), kind, pc, address, target, escalated);
        faults.add(f);
        trace("fault " + kind);
        faultLine.pulse();
        for (Listener l : listeners) {
            l.faultTaken(f);
        }
        nvic.setPending(target, true);
        enter(target, returnAddress);
    }

    private void lockUp(CoreFault f) {
        lockup = f;
        faults.add(f);
        setState(State.LOCKED_UP);
        sliceTimer.cancel();
        trace("lockup " + f.kind());
        lockupLine.raise();
        for (Listener l : listeners) {
            l.lockedUp(f);
        }
    }

    /**
     * Exception entry (B1.5.6): push the frame on the current stack, switch to handler mode on MSP,
     * LR = EXC_RETURN, PC = vector. Returns false when entry failed (fault or lockup taken instead).
     */
    private boolean enter(int exception, long returnAddress) {
        readPrivileged(ctxRead, 8);
        int control = ctxRead.get(8);
        int msp = ctxRead.get(9);
        int psp = ctxRead.get(10);
        boolean thread = currentException == 0;
        boolean onPsp = thread && (control & CONTROL_SPSEL) != 0;
        boolean fpFrame = config.fpu() && (control & CONTROL_FPCA) != 0;
        long sp = (onPsp ? psp : msp) & 0xFFFF_FFFFL;
        int frameSize = fpFrame ? 0x68 : 0x20;
        boolean realign = (sp & 4) != 0;
        long frame = (sp - frameSize) & ~7L;
        int xpsr = ctxRead.get(7) & ~0x3FF | currentException | (realign ? 1 << 9 : 0);
        try {
            MemorySegment m = space.slice(frame, frameSize, true);
            for (int i = 0; i < 6; i++) {
                m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, ctxRead.get(i));
            }
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 24, (int) returnAddress & ~1);
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 28, xpsr);
            if (fpFrame) {
                fpRead.read();
                for (int i = 0; i < 17; i++) {
                    m.set(ValueLayout.JAVA_INT_UNALIGNED, 0x20 + 4L * i, fpRead.get(i));
                }
                m.set(ValueLayout.JAVA_INT_UNALIGNED, 0x64, 0);
            }
        } catch (BusErrorException e) {
            String kind = String.format("stacking for exception %d failed: %s 0x%08x is not writable RAM",
                    exception, onPsp ? "PSP" : "MSP", sp);
            scs.cfsr |= SystemControlSpace.CFSR_STKERR;
            if (exception == Nvic.HARD_FAULT || executionPriority() <= 0) {
                lockUp(new CoreFault(scheduler.now(), "BusFault STKERR: " + kind, returnAddress, frame, 0, false));
            } else {
                fault(Nvic.HARD_FAULT, 0, "HardFault FORCED (BusFault STKERR: " + kind + ")", returnAddress, frame,
                        returnAddress);
            }
            return false;
        }
        long vectorAddress = (scs.vtor & 0xFFFF_FF80L) + 4L * exception;
        int vector;
        try {
            vector = space.read32(vectorAddress);
        } catch (BusErrorException e) {
            scs.hfsr |= SystemControlSpace.HFSR_VECTTBL;
            String kind = String.format("HardFault VECTTBL: vector %d at 0x%08x unreadable", exception, vectorAddress);
            if (exception == Nvic.HARD_FAULT || executionPriority() <= -1) {
                lockUp(new CoreFault(scheduler.now(), kind, returnAddress, vectorAddress, 0, false));
            } else {
                fault(Nvic.HARD_FAULT, 0, kind, returnAddress, vectorAddress, returnAddress);
            }
            return false;
        }
        long newSp = frame;
        int excReturn = 0xFFFF_FFE1 | (fpFrame ? 0 : 0x10) | (thread ? 0x8 : 0) | (onPsp ? 0x4 : 0);
        int newControl = control & ~(CONTROL_SPSEL | CONTROL_FPCA);
        // Order matters: Unicorn applies QEMU's privilege rules to each write (MSR semantics) and swaps
        // the banked SP whenever the mode or SPSEL changes, so go through a privileged thread state.
        int n = 0;
        n = put(n, ArmReg.IPSR, exception);
        n = put(n, ArmReg.CONTROL, control & ~CONTROL_NPRIV & ~CONTROL_FPCA);
        n = put(n, ArmReg.IPSR, 0);
        n = put(n, ArmReg.CONTROL, control & ~CONTROL_NPRIV & ~CONTROL_FPCA & ~CONTROL_SPSEL);
        n = put(n, ArmReg.XPSR_NZCVQG, (vector & 1) << 24 | exception);
        n = put(n, ArmReg.CONTROL, newControl);
        n = put(n, ArmReg.MSP, onPsp ? msp : (int) newSp);
        n = put(n, ArmReg.PSP, onPsp ? (int) newSp : psp);
        n = put(n, ArmReg.LR, excReturn);
        n = put(n, ArmReg.PC, vector);
        seq.write(n);
        nvic.activate(exception);
        currentException = exception;
        exceptionsTaken++;
        cycles += config.exceptionEntryCycles();
        eventRegister = true;
        return true;
    }

    /**
     * Reads a batch; in unprivileged thread mode QEMU's MRS rules make MSP, PSP and the mask
     * registers read as zero, so read them again from a momentary handler mode (writing IPSR swaps
     * the banked SP consistently both ways).
     */
    private void readPrivileged(RegisterBatch batch, int controlIndex) {
        batch.read();
        if (currentException == 0 && (batch.get(controlIndex) & CONTROL_NPRIV) != 0) {
            uc.regWrite(ArmReg.IPSR, Nvic.HARD_FAULT);
            batch.read();
            uc.regWrite(ArmReg.IPSR, 0);
        }
    }

    private int put(int n, int regId, int value) {
        seq.id(n, regId).set(n, value);
        return n + 1;
    }

    /** Exception return (B1.5.8), with tail-chaining when another exception is due. */
    private void exceptionReturn(long excReturn) {
        int returning = currentException;
        int low = (int) (excReturn & 0x1F);
        boolean valid = low == 0x11 || low == 0x19 || low == 0x1D || low == 0x01 || low == 0x09 || low == 0x0D;
        if (!valid || !nvic.isActive(returning)) {
            fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_INVPC, String.format("UsageFault INVPC (EXC_RETURN 0x%08x)",
                    excReturn), excReturn, -1, excReturn);
            return;
        }
        boolean toThread = (excReturn & 8) != 0;
        boolean toPsp = (excReturn & 4) != 0;
        boolean fpFrame = (excReturn & 0x10) == 0;
        nvic.deactivate(returning);
        if (returning != Nvic.NMI) {
            seq.id(0, ArmReg.FAULTMASK).set(0, 0);
            seq.write(1);
        }
        if (toThread && nvic.activeCount() > 0 && (scs.ccr & SystemControlSpace.CCR_NONBASETHRDENA) == 0) {
            nvic.activate(returning);
            fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_INVPC,
                    "UsageFault INVPC (return to thread mode with exceptions still active)", excReturn, -1, excReturn);
            return;
        }
        // Tail-chaining: an exception due at the priority we would return to is entered on the same frame.
        int next = preemptingNow();
        if (next != 0) {
            tailChain(next, (int) excReturn);
            return;
        }
        ctxRead.read();
        int control = ctxRead.get(8);
        int msp = ctxRead.get(9);
        int psp = ctxRead.get(10);
        long sp = (toPsp ? psp : msp) & 0xFFFF_FFFFL;
        int frameSize = fpFrame ? 0x68 : 0x20;
        int[] w = new int[8];
        int[] fp = fpFrame ? new int[17] : null;
        try {
            MemorySegment m = space.slice(sp, frameSize, false);
            for (int i = 0; i < 8; i++) {
                w[i] = m.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
            }
            if (fpFrame) {
                for (int i = 0; i < 17; i++) {
                    fp[i] = m.get(ValueLayout.JAVA_INT_UNALIGNED, 0x20 + 4L * i);
                }
            }
        } catch (BusErrorException e) {
            nvic.activate(returning);
            scs.cfsr |= SystemControlSpace.CFSR_UNSTKERR;
            fault(Nvic.BUS_FAULT, 0, String.format("BusFault UNSTKERR (%s 0x%08x)", toPsp ? "PSP" : "MSP", sp), excReturn,
                    sp, excReturn);
            return;
        }
        int xpsr = w[7];
        long newSp = sp + frameSize + ((xpsr & 1 << 9) != 0 ? 4 : 0);
        int ipsr = toThread ? 0 : xpsr & 0x1FF;
        if (!toThread && (ipsr == 0 || !nvic.isActive(ipsr))) {
            nvic.activate(returning);
            fault(Nvic.USAGE_FAULT, SystemControlSpace.CFSR_INVPC, "UsageFault INVPC (stacked IPSR " + ipsr + ")",
                    excReturn, -1, excReturn);
            return;
        }
        int targetControl = control & CONTROL_NPRIV | (fpFrame ? CONTROL_FPCA : 0)
                | (toThread && toPsp ? CONTROL_SPSEL : 0);
        int n = 0;
        n = put(n, ArmReg.MSP, toPsp ? msp : (int) newSp);
        n = put(n, ArmReg.PSP, toPsp ? (int) newSp : psp);
        n = put(n, ArmReg.CONTROL, targetControl & ~CONTROL_NPRIV);
        n = put(n, ArmReg.XPSR_NZCVQG, xpsr & ~0x1FF & ~(1 << 9) | ipsr);
        n = put(n, ArmReg.CONTROL, toThread ? targetControl : targetControl & ~CONTROL_SPSEL);
        for (int i = 0; i < 4; i++) {
            n = put(n, ArmReg.r(i), w[i]);
        }
        n = put(n, ArmReg.R12, w[4]);
        n = put(n, ArmReg.LR, w[5]);
        if (fpFrame) {
            for (int i = 0; i < 16; i++) {
                n = put(n, ArmReg.s(i), fp[i]);
            }
            n = put(n, ArmReg.FPSCR, fp[16]);
        }
        n = put(n, ArmReg.PC, w[6] | ((xpsr & XPSR_T) != 0 ? 1 : 0));
        seq.write(n);
        currentException = ipsr;
        eventRegister = true;
        if (toThread && scs.sleepOnExit()) {
            sleep(false);
        }
    }

    private void tailChain(int exception, int excReturn) {
        long vectorAddress = (scs.vtor & 0xFFFF_FF80L) + 4L * exception;
        int vector;
        try {
            vector = space.read32(vectorAddress);
        } catch (BusErrorException e) {
            scs.hfsr |= SystemControlSpace.HFSR_VECTTBL;
            lockUp(new CoreFault(scheduler.now(), String.format("HardFault VECTTBL: vector %d at 0x%08x unreadable",
                    exception, vectorAddress), excReturn & 0xFFFF_FFFFL, vectorAddress, 0, false));
            return;
        }
        int n = 0;
        n = put(n, ArmReg.XPSR_NZCVQG, (vector & 1) << 24 | exception);
        n = put(n, ArmReg.CONTROL, uc.regRead(ArmReg.CONTROL) & ~CONTROL_FPCA);
        n = put(n, ArmReg.LR, excReturn);
        n = put(n, ArmReg.PC, vector);
        seq.write(n);
        nvic.activate(exception);
        currentException = exception;
        exceptionsTaken++;
        cycles += Math.max(0, config.exceptionEntryCycles() / 2); // tail-chaining skips stacking
    }

    // ================================================================================== reset

    private void reset() {
        sliceTimer.cancel();
        nvic.reset();
        sysTick.reset();
        scs.reset();
        counter.clearCache();
        // Firmware may have been (re)loaded through the shared segments, which QEMU's self-modifying
        // code tracking does not see: drop translations of every memory (a full TB flush costs ~2 s
        // the first time in Unicorn 2.0.1; per-range removal costs microseconds).
        for (AddressSpace.Region r : space.regions()) {
            if (r.isMemory()) {
                uc.invalidateTranslations(r.base(), r.end());
            }
        }
        currentException = 0;
        eventRegister = false;
        lockup = null;
        lockupLine.lower();
        resetTime = scheduler.now();
        cycles = 0;
        cpiRemainder = 0;
        sysTickWrapCycle = Long.MAX_VALUE;
        int sp;
        int pc;
        try {
            sp = space.read32(0);
            pc = space.read32(4);
        } catch (BusErrorException e) {
            lockUp(new CoreFault(scheduler.now(), "reset: vector table at 0x00000000 is not readable (" + e.getMessage()
                    + ")", 0, 0, 0, false));
            return;
        }
        checkBootVectors(sp & 0xFFFF_FFFFL, pc & 0xFFFF_FFFFL);
        int n = 0;
        n = put(n, ArmReg.IPSR, Nvic.HARD_FAULT);
        n = put(n, ArmReg.CONTROL, 0);
        n = put(n, ArmReg.IPSR, 0);
        n = put(n, ArmReg.CONTROL, 0);
        n = put(n, ArmReg.PRIMASK, 0);
        n = put(n, ArmReg.FAULTMASK, 0);
        n = put(n, ArmReg.BASEPRI, 0);
        n = put(n, ArmReg.MSP, sp & ~3);
        n = put(n, ArmReg.PSP, 0);
        for (int i = 0; i < 13; i++) {
            n = put(n, i == 12 ? ArmReg.R12 : ArmReg.r(i), 0);
        }
        n = put(n, ArmReg.LR, -1);
        n = put(n, ArmReg.FPSCR, 0);
        n = put(n, ArmReg.XPSR_NZCVQG, (pc & 1) << 24);
        n = put(n, ArmReg.PC, pc);
        seq.write(n);
        setState(State.RUNNING);
        trace("reset");
        sliceTimer.scheduleAt(scheduler.now());
    }

    private void checkBootVectors(long sp, long pc) {
        AddressSpace.Region spRegion = space.find(sp - 4);
        if (spRegion == null || !spRegion.isMemory()) {
            warn(String.format("%s: initial MSP 0x%08x (vector 0) is not inside RAM: the first push will fault",
                    config.name(), sp));
        }
        AddressSpace.Region pcRegion = space.find(pc & ~1L);
        if (pcRegion == null || !pcRegion.isMemory()) {
            warn(String.format("%s: reset vector 0x%08x (vector 1) points outside memory", config.name(), pc));
        } else if ((pc & 1) == 0) {
            warn(String.format("%s: reset vector 0x%08x lacks the Thumb bit: INVSTATE on the first instruction",
                    config.name(), pc));
        }
    }

    private void warn(String message) {
        for (Listener l : listeners) {
            l.warning(message);
        }
    }

    private void setState(State s) {
        if (state != s) {
            state = s;
            trace(s.name());
        }
    }

    private void trace(String what) {
        var t = scheduler.trace();
        if (t.enabled()) {
            if (traceTrack < 0) {
                traceTrack = t.track(config.name());
            }
            t.instant(scheduler.now(), traceTrack, what, 0, 0);
        }
    }

    @Override
    public String toString() {
        return config.name() + "[" + state + ", " + SimTime.format(localTime()) + "]";
    }
}
