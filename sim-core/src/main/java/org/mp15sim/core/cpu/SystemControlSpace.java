package org.mp15sim.core.cpu;

import org.mp15sim.core.unicorn.MmioHandler;

/**
 * The ARMv7-M System Control Space, 0xE000E000-0xE000EFFF (ARMv7-M ARM B3.2-B3.4): SysTick, NVIC
 * registers, SCB, fault status, CPACR, STIR and the FP context control registers. Register names
 * follow the ARM ARM and CMSIS ({@code SCB->ICSR}, {@code NVIC->ISER[n]}).
 *
 * <p>Sub-word accesses are folded onto the containing word with a byte mask, so the byte-wide
 * registers (NVIC_IPR, SHPR) and write-one-to-set/clear registers behave for any access size.
 */
final class SystemControlSpace implements MmioHandler {
    static final long BASE = 0xE000_E000L;
    static final long SIZE = 0x1000;

    // Offsets from BASE
    static final int ICTR = 0x004;
    static final int ACTLR = 0x008;
    static final int SYST_CSR = 0x010;
    static final int SYST_RVR = 0x014;
    static final int SYST_CVR = 0x018;
    static final int SYST_CALIB = 0x01C;
    static final int NVIC_ISER = 0x100;
    static final int NVIC_ICER = 0x180;
    static final int NVIC_ISPR = 0x200;
    static final int NVIC_ICPR = 0x280;
    static final int NVIC_IABR = 0x300;
    static final int NVIC_IPR = 0x400;
    static final int CPUID = 0xD00;
    static final int ICSR = 0xD04;
    static final int VTOR = 0xD08;
    static final int AIRCR = 0xD0C;
    static final int SCR = 0xD10;
    static final int CCR = 0xD14;
    static final int SHPR1 = 0xD18;
    static final int SHCSR = 0xD24;
    static final int CFSR = 0xD28;
    static final int HFSR = 0xD2C;
    static final int DFSR = 0xD30;
    static final int MMFAR = 0xD34;
    static final int BFAR = 0xD38;
    static final int AFSR = 0xD3C;
    static final int ID_PFR0 = 0xD40;
    static final int CPACR = 0xD88;
    static final int MPU_TYPE = 0xD90;
    static final int DEMCR = 0xDFC;
    static final int STIR = 0xF00;
    static final int FPCCR = 0xF34;
    static final int FPCAR = 0xF38;
    static final int FPDSCR = 0xF3C;
    static final int MVFR0 = 0xF40;
    static final int MVFR1 = 0xF44;

    // ICSR bits
    static final int ICSR_PENDSTCLR = 1 << 25;
    static final int ICSR_PENDSTSET = 1 << 26;
    static final int ICSR_PENDSVCLR = 1 << 27;
    static final int ICSR_PENDSVSET = 1 << 28;
    static final int ICSR_NMIPENDSET = 1 << 31;
    // AIRCR
    static final int AIRCR_VECTKEY = 0x05FA;
    static final int AIRCR_VECTKEYSTAT = 0xFA05;
    static final int AIRCR_SYSRESETREQ = 1 << 2;
    // SCR
    static final int SCR_SLEEPONEXIT = 1 << 1;
    static final int SCR_SLEEPDEEP = 1 << 2;
    static final int SCR_SEVONPEND = 1 << 4;
    // CCR
    static final int CCR_NONBASETHRDENA = 1;
    static final int CCR_STKALIGN = 1 << 9;
    // CFSR: MMFSR [7:0], BFSR [15:8], UFSR [31:16]
    static final int CFSR_IACCVIOL = 1;
    static final int CFSR_DACCVIOL = 1 << 1;
    static final int CFSR_MSTKERR = 1 << 4;
    static final int CFSR_MMARVALID = 1 << 7;
    static final int CFSR_IBUSERR = 1 << 8;
    static final int CFSR_PRECISERR = 1 << 9;
    static final int CFSR_IMPRECISERR = 1 << 10;
    static final int CFSR_UNSTKERR = 1 << 11;
    static final int CFSR_STKERR = 1 << 12;
    static final int CFSR_BFARVALID = 1 << 15;
    static final int CFSR_UNDEFINSTR = 1 << 16;
    static final int CFSR_INVSTATE = 1 << 17;
    static final int CFSR_INVPC = 1 << 18;
    static final int CFSR_NOCP = 1 << 19;
    static final int CFSR_UNALIGNED = 1 << 24;
    static final int CFSR_DIVBYZERO = 1 << 25;
    // HFSR
    static final int HFSR_VECTTBL = 1 << 1;
    static final int HFSR_FORCED = 1 << 30;
    static final int HFSR_DEBUGEVT = 1 << 31;

    private final ArmV7mConfig config;
    private final Nvic nvic;
    private final SysTick sysTick;
    private final ScsHost host;

    int actlr;
    int vtor;
    int scr;
    int ccr;
    int cfsr;
    int hfsr;
    int dfsr;
    int mmfar;
    int bfar;
    int cpacr;
    int demcr;
    int fpccr;
    int fpcar;
    int fpdscr;
    final int[] mpu = new int[8];

    SystemControlSpace(ArmV7mConfig config, Nvic nvic, SysTick sysTick, ScsHost host) {
        this.config = config;
        this.nvic = nvic;
        this.sysTick = sysTick;
        this.host = host;
        reset();
    }

    void reset() {
        actlr = 0;
        vtor = 0;
        scr = 0;
        ccr = CCR_STKALIGN;
        cfsr = 0;
        hfsr = 0;
        dfsr = 0;
        mmfar = 0;
        bfar = 0;
        cpacr = 0;
        demcr = 0;
        fpccr = 0xC000_0000; // ASPEN | LSPEN
        fpcar = 0;
        fpdscr = 0;
        java.util.Arrays.fill(mpu, 0);
    }

    @Override
    public long read(long offset, int size) {
        int off = (int) offset;
        int word = readWord(off & ~3);
        int shift = (off & 3) * 8;
        long mask = size >= 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
        return (word >>> shift) & mask;
    }

    @Override
    public void write(long offset, int size, long value) {
        int off = (int) offset;
        int shift = (off & 3) * 8;
        int mask = size >= 4 ? -1 : (int) (((1L << (8 * size)) - 1) << shift);
        writeWord(off & ~3, (int) (value << shift), mask);
    }

    private int readWord(int off) {
        if (off >= NVIC_ISER && off < NVIC_ISER + 0x40) {
            return bits(off - NVIC_ISER, Kind.ENABLED);
        }
        if (off >= NVIC_ICER && off < NVIC_ICER + 0x40) {
            return bits(off - NVIC_ICER, Kind.ENABLED);
        }
        if (off >= NVIC_ISPR && off < NVIC_ISPR + 0x40) {
            return bits(off - NVIC_ISPR, Kind.PENDING);
        }
        if (off >= NVIC_ICPR && off < NVIC_ICPR + 0x40) {
            return bits(off - NVIC_ICPR, Kind.PENDING);
        }
        if (off >= NVIC_IABR && off < NVIC_IABR + 0x40) {
            return bits(off - NVIC_IABR, Kind.ACTIVE);
        }
        if (off >= NVIC_IPR && off < NVIC_IPR + 0xF0) {
            int v = 0;
            for (int b = 0; b < 4; b++) {
                int irq = off - NVIC_IPR + b;
                if (irq < nvic.irqCount()) {
                    v |= nvic.priority(Nvic.FIRST_IRQ + irq) << (8 * b);
                }
            }
            return v;
        }
        if (off >= SHPR1 && off < SHPR1 + 12) {
            int v = 0;
            for (int b = 0; b < 4; b++) {
                int e = 4 + off - SHPR1 + b;
                if (hasConfigurablePriority(e)) {
                    v |= nvic.priority(e) << (8 * b);
                }
            }
            return v;
        }
        if (off >= MPU_TYPE && off < MPU_TYPE + 0x2C) {
            return off == MPU_TYPE ? 8 << 8 : mpu[(off - MPU_TYPE - 4) / 4 % mpu.length];
        }
        return switch (off) {
            case ICTR -> (nvic.irqCount() + 31) / 32 - 1;
            case ACTLR -> actlr;
            case SYST_CSR -> sysTick.readCsr(host.currentCycle());
            case SYST_RVR -> sysTick.rvr();
            case SYST_CVR -> sysTick.readCvr(host.currentCycle());
            case SYST_CALIB -> sysTick.calib();
            case CPUID -> config.cpuid();
            case ICSR -> icsr();
            case VTOR -> vtor;
            case AIRCR -> AIRCR_VECTKEYSTAT << 16 | nvic.prigroup() << 8;
            case SCR -> scr;
            case CCR -> ccr;
            case SHCSR -> shcsr();
            case CFSR -> cfsr;
            case HFSR -> hfsr;
            case DFSR -> dfsr;
            case MMFAR -> mmfar;
            case BFAR -> bfar;
            case AFSR -> 0;
            case ID_PFR0 -> 0x0000_0030;
            case ID_PFR0 + 4 -> 0x0000_0200;
            case ID_PFR0 + 8 -> 0x0010_0000;
            case CPACR -> cpacr;
            case DEMCR -> demcr;
            case FPCCR -> fpccr;
            case FPCAR -> fpcar;
            case FPDSCR -> fpdscr;
            case MVFR0 -> config.fpu() ? 0x1011_0021 : 0;
            case MVFR1 -> config.fpu() ? 0x1100_0011 : 0;
            default -> 0;
        };
    }

    private enum Kind { ENABLED, PENDING, ACTIVE }

    private int bits(int byteOffset, Kind kind) {
        int first = byteOffset / 4 * 32;
        int v = 0;
        for (int i = 0; i < 32 && first + i < nvic.irqCount(); i++) {
            int e = Nvic.FIRST_IRQ + first + i;
            boolean on = switch (kind) {
                case ENABLED -> nvic.isEnabled(e);
                case PENDING -> nvic.isPending(e);
                case ACTIVE -> nvic.isActive(e);
            };
            if (on) {
                v |= 1 << i;
            }
        }
        return v;
    }

    private boolean hasConfigurablePriority(int e) {
        return e == Nvic.MEM_MANAGE || e == Nvic.BUS_FAULT || e == Nvic.USAGE_FAULT || e == Nvic.SVCALL
                || e == Nvic.DEBUG_MONITOR || e == Nvic.PENDSV || e == Nvic.SYSTICK;
    }

    private int icsr() {
        int active = host.currentException();
        int pendingVector = nvic.highestPending();
        boolean isrPending = false;
        for (int e = Nvic.FIRST_IRQ; e < nvic.exceptionCount(); e++) {
            if (nvic.isPending(e)) {
                isrPending = true;
                break;
            }
        }
        boolean retToBase = active != 0 && !nvic.anyActiveOtherThan(active);
        return active & 0x1FF
                | (retToBase ? 1 << 11 : 0)
                | (pendingVector & 0x1FF) << 12
                | (isrPending ? 1 << 22 : 0)
                | (nvic.isPending(Nvic.SYSTICK) ? ICSR_PENDSTSET : 0)
                | (nvic.isPending(Nvic.PENDSV) ? ICSR_PENDSVSET : 0)
                | (nvic.isPending(Nvic.NMI) ? ICSR_NMIPENDSET : 0);
    }

    private int shcsr() {
        return (nvic.isActive(Nvic.MEM_MANAGE) ? 1 : 0)
                | (nvic.isActive(Nvic.BUS_FAULT) ? 1 << 1 : 0)
                | (nvic.isActive(Nvic.USAGE_FAULT) ? 1 << 3 : 0)
                | (nvic.isActive(Nvic.SVCALL) ? 1 << 7 : 0)
                | (nvic.isActive(Nvic.DEBUG_MONITOR) ? 1 << 8 : 0)
                | (nvic.isActive(Nvic.PENDSV) ? 1 << 10 : 0)
                | (nvic.isActive(Nvic.SYSTICK) ? 1 << 11 : 0)
                | (nvic.isPending(Nvic.USAGE_FAULT) ? 1 << 12 : 0)
                | (nvic.isPending(Nvic.MEM_MANAGE) ? 1 << 13 : 0)
                | (nvic.isPending(Nvic.BUS_FAULT) ? 1 << 14 : 0)
                | (nvic.isPending(Nvic.SVCALL) ? 1 << 15 : 0)
                | (nvic.isEnabled(Nvic.MEM_MANAGE) ? 1 << 16 : 0)
                | (nvic.isEnabled(Nvic.BUS_FAULT) ? 1 << 17 : 0)
                | (nvic.isEnabled(Nvic.USAGE_FAULT) ? 1 << 18 : 0);
    }

    private static int merge(int old, int value, int mask) {
        return old & ~mask | value & mask;
    }

    private void writeWord(int off, int value, int mask) {
        int v = value & mask;
        if (off >= NVIC_ISER && off < NVIC_ISER + 0x40) {
            forEachIrqBit(off - NVIC_ISER, v, e -> nvic.setEnabled(e, true));
        } else if (off >= NVIC_ICER && off < NVIC_ICER + 0x40) {
            forEachIrqBit(off - NVIC_ICER, v, e -> nvic.setEnabled(e, false));
        } else if (off >= NVIC_ISPR && off < NVIC_ISPR + 0x40) {
            forEachIrqBit(off - NVIC_ISPR, v, e -> nvic.setPending(e, true));
        } else if (off >= NVIC_ICPR && off < NVIC_ICPR + 0x40) {
            forEachIrqBit(off - NVIC_ICPR, v, e -> nvic.setPending(e, false));
        } else if (off >= NVIC_IABR && off < NVIC_IABR + 0x40) {
            return; // read-only
        } else if (off >= NVIC_IPR && off < NVIC_IPR + 0xF0) {
            for (int b = 0; b < 4; b++) {
                int irq = off - NVIC_IPR + b;
                if ((mask >>> (8 * b) & 0xFF) != 0 && irq < nvic.irqCount()) {
                    nvic.setPriority(Nvic.FIRST_IRQ + irq, value >>> (8 * b) & 0xFF);
                }
            }
        } else if (off >= SHPR1 && off < SHPR1 + 12) {
            for (int b = 0; b < 4; b++) {
                int e = 4 + off - SHPR1 + b;
                if ((mask >>> (8 * b) & 0xFF) != 0 && hasConfigurablePriority(e)) {
                    nvic.setPriority(e, value >>> (8 * b) & 0xFF);
                }
            }
        } else if (off > MPU_TYPE && off < MPU_TYPE + 0x2C) {
            int i = (off - MPU_TYPE - 4) / 4 % mpu.length;
            mpu[i] = merge(mpu[i], value, mask); // MPU registers are kept, not enforced
            return;
        } else {
            switch (off) {
                case ACTLR -> actlr = merge(actlr, value, mask);
                case SYST_CSR -> {
                    sysTick.writeCsr(host.currentCycle(), merge(sysTick.readCsrQuiet(), value, mask));
                    host.sysTickChanged();
                }
                case SYST_RVR -> {
                    sysTick.writeRvr(host.currentCycle(), merge(sysTick.rvr(), value, mask));
                    host.sysTickChanged();
                }
                case SYST_CVR -> {
                    sysTick.writeCvr(host.currentCycle());
                    host.sysTickChanged();
                }
                case ICSR -> writeIcsr(v);
                case VTOR -> vtor = merge(vtor, value, mask) & 0xFFFF_FF80;
                case AIRCR -> writeAircr(merge(0, value, mask));
                case SCR -> scr = merge(scr, value, mask) & (SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND);
                case CCR -> ccr = merge(ccr, value, mask) & 0x31B | CCR_STKALIGN;
                case SHCSR -> {
                    nvic.setEnabled(Nvic.MEM_MANAGE, (merge(shcsr(), value, mask) & 1 << 16) != 0);
                    nvic.setEnabled(Nvic.BUS_FAULT, (merge(shcsr(), value, mask) & 1 << 17) != 0);
                    nvic.setEnabled(Nvic.USAGE_FAULT, (merge(shcsr(), value, mask) & 1 << 18) != 0);
                }
                case CFSR -> cfsr &= ~v;
                case HFSR -> hfsr &= ~v;
                case DFSR -> dfsr &= ~v;
                case MMFAR -> mmfar = merge(mmfar, value, mask);
                case BFAR -> bfar = merge(bfar, value, mask);
                case CPACR -> cpacr = merge(cpacr, value, mask) & 0x00F0_0000;
                case DEMCR -> demcr = merge(demcr, value, mask);
                case STIR -> {
                    int irq = v & 0x1FF;
                    if (irq < nvic.irqCount()) {
                        nvic.setPending(Nvic.FIRST_IRQ + irq, true);
                    }
                }
                case FPCCR -> fpccr = merge(fpccr, value, mask) & 0xC000_01FB;
                case FPCAR -> fpcar = merge(fpcar, value, mask) & ~7;
                case FPDSCR -> fpdscr = merge(fpdscr, value, mask) & 0x07C0_0000;
                default -> {
                    return; // RAZ/WI: ID registers, reserved offsets
                }
            }
        }
        host.exceptionStateChanged();
    }

    private void forEachIrqBit(int byteOffset, int v, java.util.function.IntConsumer action) {
        int first = byteOffset / 4 * 32;
        for (int i = 0; i < 32; i++) {
            if ((v & 1 << i) != 0 && first + i < nvic.irqCount()) {
                action.accept(Nvic.FIRST_IRQ + first + i);
            }
        }
    }

    private void writeIcsr(int v) {
        if ((v & ICSR_NMIPENDSET) != 0) {
            nvic.setPending(Nvic.NMI, true);
        }
        if ((v & ICSR_PENDSVSET) != 0) {
            nvic.setPending(Nvic.PENDSV, true);
        } else if ((v & ICSR_PENDSVCLR) != 0) {
            nvic.setPending(Nvic.PENDSV, false);
        }
        if ((v & ICSR_PENDSTSET) != 0) {
            nvic.setPending(Nvic.SYSTICK, true);
        } else if ((v & ICSR_PENDSTCLR) != 0) {
            nvic.setPending(Nvic.SYSTICK, false);
        }
    }

    private void writeAircr(int v) {
        if ((v >>> 16) != AIRCR_VECTKEY) {
            return; // writes without VECTKEY are ignored (B3.2.6)
        }
        nvic.setPrigroup(v >>> 8 & 7);
        if ((v & AIRCR_SYSRESETREQ) != 0) {
            host.systemResetRequested();
        }
    }

    boolean sleepOnExit() {
        return (scr & SCR_SLEEPONEXIT) != 0;
    }

    boolean sleepDeep() {
        return (scr & SCR_SLEEPDEEP) != 0;
    }

    boolean sevOnPend() {
        return (scr & SCR_SEVONPEND) != 0;
    }
}
