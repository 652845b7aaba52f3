package org.mp15sim.soc.periph;

import org.mp15sim.core.reg.Register;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;

/**
 * EXTI (called AIEC in the CMSIS header), the extended interrupt and event controller at 0x5000D000
 * (RM0436 "EXTI"; spec §2). 96 lines in three banks. Configurable lines (GPIOs 0-15, 16-19, 65, 66, 68
 * "WWDG1 reset", 73 "CPU2 SYSRESETREQ") detect the edges their RTSR/FTSR select, or a software trigger
 * (SWIER, reads 0), into RPR/FPR (write 1 to clear); a CPU sees a configurable line while it is pending
 * and unmasked in that CPU's CnIMR, so the A7 clears RPR as its end of interrupt. Direct lines (IPCC,
 * HSEM, wake-ups) pass the peripheral's level through: the CPU masks gate only the wake-up path, which
 * this model does not need, so {@link #cpu1Output} of a direct line follows its input.
 *
 * <p>Outputs: {@link #cpu1Output} per line goes to the A7 GIC SPI given by {@link #gicSpi}; {@link
 * #cpu2Output} goes to the M4 NVIC IRQ given by {@link #nvicIrq}; {@link #cpu2Event()} pulses when a line
 * unmasked in C2EMR fires (the M4's RXEV for WFE). Lines 0-15 take their input from the GPIO port EXTICR
 * selects. Not modelled: TZENR security filtering (stored only), wake-up from low-power modes.
 */
public final class Exti extends Peripheral {
    public static final long BASE = 0x5000_D000L;
    public static final long SIZE = 0x400;
    public static final int LINES = 96;

    /** Line 61: IPCC interrupt for CPU1 (A7 RX occupied), direct, GIC SPI 100. */
    public static final int LINE_IPCC_CPU1 = 61;
    /** Line 62: IPCC interrupt for CPU2 (M4 wake-up), direct. */
    public static final int LINE_IPCC_CPU2 = 62;
    public static final int LINE_HSEM_IT1 = 63;
    public static final int LINE_HSEM_IT2 = 64;
    public static final int LINE_CPU2_SEV = 65;
    public static final int LINE_CPU1_SEV = 66;
    /** Line 68: WWDG1 reset, configurable; Linux requests it as {@code <&exti 68 IRQ_TYPE_EDGE_RISING>}. */
    public static final int LINE_WWDG1_RESET = 68;
    /** Line 73: CPU2 SYSRESETREQ (local M4 reset), configurable. */
    public static final int LINE_CPU2_SYSRESETREQ = 73;

    public enum LineType { CONFIGURABLE, DIRECT, RESERVED }

    private static final LineType[] TYPES = new LineType[LINES];
    private static final int[] GIC_SPI = new int[LINES];
    private static final int[] NVIC_IRQ = new int[LINES];

    static {
        // Line kinds as listed by the HAL's EXTI_LINE_x definitions (stm32mp1xx_hal_exti.h).
        for (int l = 0; l < LINES; l++) TYPES[l] = LineType.RESERVED;
        for (int l = 0; l <= 19; l++) TYPES[l] = LineType.CONFIGURABLE;
        TYPES[20] = LineType.RESERVED;
        for (int l = 21; l <= 33; l++) TYPES[l] = LineType.DIRECT;
        for (int l = 36; l <= 48; l++) TYPES[l] = LineType.DIRECT;
        TYPES[50] = LineType.DIRECT;
        for (int l = 52; l <= 64; l++) TYPES[l] = LineType.DIRECT;
        TYPES[65] = LineType.CONFIGURABLE;
        TYPES[66] = LineType.CONFIGURABLE;
        TYPES[68] = LineType.CONFIGURABLE;
        for (int l = 69; l <= 72; l++) TYPES[l] = LineType.DIRECT;
        TYPES[73] = LineType.CONFIGURABLE;
        TYPES[75] = LineType.DIRECT;
        java.util.Arrays.fill(GIC_SPI, -1);
        java.util.Arrays.fill(NVIC_IRQ, -1);
        // GPIO lines: the A7 IDs of stm32mp157cxx_ca7.h minus 32; the M4 IRQns are the same numbers.
        int[] gpio = {6, 7, 8, 9, 10, 23, 64, 65, 66, 67, 40, 42, 76, 77, 121, 127};
        for (int l = 0; l < 16; l++) { GIC_SPI[l] = gpio[l]; NVIC_IRQ[l] = gpio[l]; }
        GIC_SPI[16] = 1; NVIC_IRQ[16] = 1;   // PVD/AVD
        GIC_SPI[18] = 2; NVIC_IRQ[18] = 2;   // TAMP
        GIC_SPI[19] = 3; NVIC_IRQ[19] = 3;   // RTC wake-up/alarm
        // Mapping of the Linux irq-stm32-exti table for the lines of this project (spec §1.3, §2).
        GIC_SPI[LINE_IPCC_CPU1] = 100;
        GIC_SPI[LINE_HSEM_IT1] = 125;
        GIC_SPI[LINE_CPU2_SEV] = 144;
        GIC_SPI[LINE_WWDG1_RESET] = 143;
        GIC_SPI[LINE_CPU2_SYSRESETREQ] = 129;
        NVIC_IRQ[LINE_CPU1_SEV] = 144;       // MPU_SEV_IRQn of stm32mp157cxx_cm4.h
    }

    private final boolean[] input = new boolean[LINES];
    private final IrqLine[] inputs = new IrqLine[LINES];
    private final IrqLine[] cpu1 = new IrqLine[LINES];
    private final IrqLine[] cpu2 = new IrqLine[LINES];
    private final IrqLine cpu2Event;
    private final Register[] rtsr = new Register[3], ftsr = new Register[3], rpr = new Register[3], fpr = new Register[3];
    private final Register[] c1imr = new Register[3], c2imr = new Register[3], c2emr = new Register[3];
    private final Register[] exticr = new Register[4];

    public Exti(Scheduler scheduler) {
        super(scheduler, "EXTI", BASE, SIZE);
        cpu2Event = new IrqLine(scheduler, "EXTI C2 event");
        for (int b = 0; b < 3; b++) {
            int bank = b;
            long cfg = configurableMask(b);
            long base = 0x20L * b;
            int k = b + 1;
            rtsr[b] = reg("RTSR" + k, base).rw(cfg);
            ftsr[b] = reg("FTSR" + k, base + 0x04).rw(cfg);
            reg("SWIER" + k, base + 0x08).wo(cfg).onWrite((o, n, w) -> softwareTrigger(bank, w & cfg));
            rpr[b] = reg("RPR" + k, base + 0x0C).w1c(cfg).onWrite((o, n, w) -> update());
            fpr[b] = reg("FPR" + k, base + 0x10).w1c(cfg).onWrite((o, n, w) -> update());
            reg("TZENR" + k, base + 0x14).rw(cfg);
        }
        for (int i = 0; i < 4; i++) {
            // EXTIm[7:0] selects the GPIO port (0 = A ... 10 = K, 11 = Z) of line 4i+m; the line then
            // follows that port's pad, so a new selection takes its level at once.
            exticr[i] = reg("EXTICR" + (i + 1), 0x60 + 4L * i).rw(0x0F0F_0F0FL).onWrite((o, n, w) -> reselectGpio());
        }
        c1imr[0] = reg("C1IMR1", 0x80).rw().onWrite((o, n, w) -> update());
        c1imr[1] = reg("C1IMR2", 0x90).rw().onWrite((o, n, w) -> update());
        c1imr[2] = reg("C1IMR3", 0xA0).rw().onWrite((o, n, w) -> update());
        // The CMSIS header leaves the CPU1 event masks out, but the Linux driver (emr_ofst 0x84/0x94/0xA4)
        // clears them at probe; stored only, the A7 event input is not modelled.
        for (int b = 0; b < 3; b++) reg("C1EMR" + (b + 1), 0x84 + 0x10L * b).rw();
        for (int b = 0; b < 3; b++) {
            c2imr[b] = reg("C2IMR" + (b + 1), 0xC0 + 0x10L * b).rw().onWrite((o, n, w) -> update());
            c2emr[b] = reg("C2EMR" + (b + 1), 0xC4 + 0x10L * b).rw();
        }
        for (int i = 13; i >= 1; i--) reg("HWCFGR" + i, 0x3C0 + 4L * (13 - i)).ro();
        // HWCFGR1: number of lines; the other configuration words are not documented in our sources.
        get("HWCFGR1").reset(LINES);
        reg("VERR", 0x3F4).reset(0x20).ro();
        reg("IPIDR", 0x3F8).reset(0x000E_0001L).ro();
        reg("SIDR", 0x3FC).reset(0xA3C5_DD01L).ro();
        for (int l = 0; l < LINES; l++) {
            int line = l;
            cpu1[l] = new IrqLine(scheduler, "EXTI " + l + " C1");
            cpu2[l] = new IrqLine(scheduler, "EXTI " + l + " C2");
            inputs[l] = new IrqLine(scheduler, "EXTI input " + l);
            inputs[l].addListener(high -> onInput(line, high));
        }
    }

    private static long configurableMask(int bank) {
        long m = 0;
        for (int i = 0; i < 32; i++) if (TYPES[bank * 32 + i] == LineType.CONFIGURABLE) m |= 1L << i;
        return m;
    }

    public static LineType type(int line) { return TYPES[check(line)]; }
    /** The A7 GIC SPI this line's CPU1 output drives, or -1. */
    public static int gicSpi(int line) { return GIC_SPI[check(line)]; }
    /** The M4 NVIC IRQ this line's CPU2 output drives, or -1. */
    public static int nvicIrq(int line) { return NVIC_IRQ[check(line)]; }

    /** The peripheral-side wire of a line (the signal EXTI watches). */
    public IrqLine input(int line) { return inputs[check(line)]; }
    /** The line toward the A7 interrupt controller. */
    public IrqLine cpu1Output(int line) { return cpu1[check(line)]; }
    /** The line toward the M4 NVIC. */
    public IrqLine cpu2Output(int line) { return cpu2[check(line)]; }
    /** Pulses when a line unmasked in C2EMRx fires: the M4 event input that ends a WFE. */
    public IrqLine cpu2Event() { return cpu2Event; }

    /** Which GPIO port (0 = A) EXTICR routes to GPIO line {@code line} (0..15). */
    public int gpioPortOf(int line) {
        if (line < 0 || line > 15) throw new IllegalArgumentException("EXTI: line " + line + " is not a GPIO line (0..15)");
        return (int) (exticr[line / 4].get() >>> (8 * (line % 4))) & 0xFF;
    }

    /** Whether line {@code line} is pending (RPR or FPR). */
    public boolean isPending(int line) {
        check(line);
        long bit = 1L << (line % 32);
        return ((rpr[line / 32].get() | fpr[line / 32].get()) & bit) != 0;
    }

    /** Where lines 0-15 read the pad of (port, pin); the SoC connects the GPIO ports here. */
    public interface PadSource {
        boolean level(int port, int pin);
    }

    private PadSource pads = (port, pin) -> false;

    public void setPadSource(PadSource source) { this.pads = source; }

    private void reselectGpio() {
        for (int line = 0; line < 16; line++) inputs[line].set(pads.level(gpioPortOf(line), line));
    }

    private void onInput(int line, boolean high) {
        boolean was = input[line];
        input[line] = high;
        if (was == high) return;
        int b = line / 32;
        long bit = 1L << (line % 32);
        if (TYPES[line] == LineType.CONFIGURABLE) {
            if (high && rtsr[b].isSet(bit)) latch(rpr[b], b, bit);
            if (!high && ftsr[b].isSet(bit)) latch(fpr[b], b, bit);
        } else if (high && c2emr[b].isSet(bit)) {
            cpu2Event.pulse();
        }
        update();
    }

    private void softwareTrigger(int b, long bits) {
        // A software trigger is a rising edge event whatever RTSR/FTSR say (RM0436 EXTI_SWIERx).
        if (bits != 0) {
            trace("SWIER", b * 32L + Long.numberOfTrailingZeros(bits), bits);
            latch(rpr[b], b, bits);
        }
        update();
    }

    private void latch(Register pr, int b, long bits) {
        pr.setBits(bits);
        if ((c2emr[b].get() & bits) != 0) cpu2Event.pulse();
    }

    private void update() {
        for (int l = 0; l < LINES; l++) {
            int b = l / 32;
            long bit = 1L << (l % 32);
            boolean c1, c2;
            switch (TYPES[l]) {
                case CONFIGURABLE -> {
                    boolean pend = ((rpr[b].get() | fpr[b].get()) & bit) != 0;
                    c1 = pend && c1imr[b].isSet(bit);
                    c2 = pend && c2imr[b].isSet(bit);
                }
                case DIRECT -> {
                    c1 = input[l];
                    c2 = input[l];
                }
                default -> {
                    c1 = false;
                    c2 = false;
                }
            }
            cpu1[l].set(c1);
            cpu2[l].set(c2);
        }
    }

    @Override
    public void reset() {
        super.reset();
        update();
    }

    private static int check(int line) {
        if (line < 0 || line >= LINES) throw new IllegalArgumentException("EXTI: line " + line + " outside 0.." + (LINES - 1));
        return line;
    }
}
