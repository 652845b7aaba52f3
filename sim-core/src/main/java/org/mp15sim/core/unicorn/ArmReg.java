package org.mp15sim.core.unicorn;

/**
 * Register ids of {@code uc_arm_reg} in Unicorn 2.0.1's {@code include/unicorn/arm.h}. The numbering
 * changed between Unicorn releases, so these are tied to the bundled library and tested against it.
 */
public final class ArmReg {
    private ArmReg() {
    }

    public static final int APSR = 1;
    public static final int CPSR = 3;
    public static final int FPEXC = 4;
    public static final int FPSCR = 6;
    public static final int ITSTATE = 9;
    public static final int LR = 10;
    public static final int PC = 11;
    public static final int SP = 12;
    public static final int D0 = 14;
    public static final int R0 = 66;
    public static final int R12 = 78;
    public static final int S0 = 79;
    public static final int S31 = 110;
    public static final int IPSR = 114;
    public static final int MSP = 115;
    public static final int PSP = 116;
    public static final int CONTROL = 117;
    public static final int XPSR = 120;
    public static final int EPSR = 121;
    public static final int PRIMASK = 123;
    public static final int BASEPRI = 124;
    public static final int BASEPRI_MAX = 125;
    public static final int FAULTMASK = 126;
    /** Whole xPSR write including GE[3:0] (plain XPSR writes NZCVQ, IT/T and the exception number only). */
    public static final int XPSR_NZCVQG = 138;

    /** Id of core register Rn, n in 0..12. */
    public static int r(int n) {
        if (n < 0 || n > 12) {
            throw new IllegalArgumentException("R" + n + " is not a general register R0..R12");
        }
        return R0 + n;
    }

    /** Id of single-precision register Sn, n in 0..31. */
    public static int s(int n) {
        if (n < 0 || n > 31) {
            throw new IllegalArgumentException("S" + n + " is not an FPv4-SP register S0..S31");
        }
        return S0 + n;
    }
}
