package org.mp15sim.core.cpu;

/**
 * Where a Thumb instruction may write memory, for the polling fast-forward's cheap proof that an iteration
 * left the DDR alone (ARMv7-M ARM, A5.2 16-bit and A5.3 32-bit encodings).
 *
 * <p>{@link #reach} classifies by whitelist: data processing, branches, hints and loads write no memory
 * (reach 0) as long as they do not write SP; the stack forms (PUSH, POP, STR/LDR SP-relative with an
 * immediate, ADD/SUB SP immediate) write only near SP and move SP by a bounded amount (their reach).
 * Everything else (stores through other registers, exclusives, table branches, coprocessor and FP transfers,
 * system instructions such as MSR, CPS, SVC, BKPT, UDF, any other write of SP) is {@link #ANYWHERE}.
 */
final class ThumbStores {
    /** The instruction may write anywhere (or move SP arbitrarily, or enter an exception). */
    static final int ANYWHERE = -1;
    private static final int SP = 13;

    private ThumbStores() {
    }

    /** Whether the halfword starts a 32-bit instruction. */
    static boolean is32(int hw1) {
        return (hw1 & 0xF800) >= 0xE800;
    }

    /** Whether the instruction ({@code hw2} ignored for a 16-bit one) may write memory other than near SP. */
    static boolean mayWrite(int hw1, int hw2) {
        return reach(hw1, hw2) != 0;
    }

    /**
     * Bytes r such that the instruction writes memory only within SP ± r and changes SP by at most r
     * (0: no memory write, SP unchanged), or {@link #ANYWHERE}.
     */
    static int reach(int hw1, int hw2) {
        return is32(hw1) ? reach32(hw1, hw2) : reach16(hw1);
    }

    private static int reach32(int hw1, int hw2) {
        int rd = (hw2 >>> 8) & 0xF;
        int rt = hw2 >>> 12;
        int rn = hw1 & 0xF;
        if ((hw1 & 0xFE00) == 0xEA00) {
            return rd == SP ? ANYWHERE : 0; // data processing (shifted register)
        }
        if ((hw1 & 0xFE00) == 0xFA00) {
            return rd == SP || rt == SP ? ANYWHERE : 0; // data processing (register), multiply, divide
        }
        if ((hw1 & 0xFE10) == 0xF810) {
            // Load single data item (LDR, LDRB, LDRH, LDRSB, LDRSH, PLD, PLI); with SP as base it may write SP
            // back by at most an imm8.
            if (rt == SP) {
                return ANYWHERE;
            }
            return rn == SP ? 256 : 0;
        }
        if ((hw1 & 0xF800) == 0xF000) {
            if ((hw2 & 0x8000) == 0) {
                return rd == SP ? ANYWHERE : 0; // data processing, modified or plain immediate
            }
            int op = hw2 & 0xD000;
            if (op == 0xD000 || op == 0x9000) {
                return 0; // BL, B.W
            }
            if (op == 0x8000 && (hw1 & 0x0380) != 0x0380) {
                return 0; // B<c>.W (not the misc-control space: MSR, MRS, hints, barriers, UDF)
            }
            return ANYWHERE;
        }
        if (hw1 == 0xE92D && (hw2 & 0xA000) == 0) {
            return 64; // PUSH.W (STMDB SP!), a list without SP and PC
        }
        if (hw1 == 0xE8BD && (hw2 & 0x2000) == 0) {
            return 64; // POP.W (LDMIA SP!), a list without SP
        }
        if (hw1 == 0xF8CD && rt != SP) {
            return 4096; // STR Rt, [SP, #imm12]
        }
        if (hw1 == 0xF84D && (hw2 & 0x0800) != 0 && rt != SP) {
            return 256; // STR Rt, [SP, #+/-imm8] with or without writeback (not the register-offset form)
        }
        return ANYWHERE;
    }

    private static int reach16(int hw) {
        int top = hw >>> 11;
        return switch (top) {
            case 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 -> 0; // shift, add, sub, mov, cmp (imm): low regs
            case 0x08 -> {
                if ((hw & 0xFC00) == 0x4000) {
                    yield 0; // data processing, low registers
                }
                int op = (hw >>> 8) & 3;
                int rd = ((hw >>> 4) & 8) | (hw & 7);
                yield (op == 0 || op == 2) && rd == SP ? ANYWHERE : 0; // ADD/MOV high may write SP; CMP, BX, BLX
            }
            case 0x09 -> 0; // LDR (literal)
            case 0x0A, 0x0B -> ((hw >>> 9) & 7) < 3 ? ANYWHERE : 0; // STR, STRH, STRB (register); the rest load
            case 0x0C, 0x0E, 0x10 -> ANYWHERE; // STR, STRB, STRH immediate
            case 0x12 -> 1024; // STR Rt, [SP, #imm8 * 4]
            case 0x0D, 0x0F, 0x11, 0x13 -> 0; // the matching loads (low registers)
            case 0x14, 0x15 -> 0; // ADR, ADD Rd, SP, #imm (low register)
            case 0x16, 0x17 -> reachMisc(hw);
            case 0x18 -> ANYWHERE; // STM
            case 0x19 -> 0; // LDM (low registers)
            case 0x1A, 0x1B -> (hw & 0x0E00) == 0x0E00 ? ANYWHERE : 0; // B<c>; UDF and SVC enter an exception
            case 0x1C -> 0; // B
            default -> ANYWHERE;
        };
    }

    private static int reachMisc(int hw) {
        int op = (hw >>> 8) & 0xF;
        return switch (op) {
            case 0x0 -> 512; // ADD/SUB SP, SP, #imm7 * 4
            case 0x1, 0x3, 0x9, 0xB -> 0; // CBZ, CBNZ
            case 0x2, 0xA -> 0; // SXTH, SXTB, UXTH, UXTB, REV, REV16, REVSH (low registers)
            case 0x4, 0x5, 0xC, 0xD -> 64; // PUSH, POP
            case 0xF -> 0; // IT, NOP, YIELD, WFE, WFI, SEV
            default -> ANYWHERE; // CPS, BKPT, unallocated
        };
    }
}
