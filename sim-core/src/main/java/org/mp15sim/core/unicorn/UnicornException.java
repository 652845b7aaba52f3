package org.mp15sim.core.unicorn;

/** A Unicorn call failed: carries the function, the {@code uc_err} and the guest PC at the time. */
public final class UnicornException extends RuntimeException {
    private final String function;
    private final int error;
    private final long pc;

    public UnicornException(String function, int error, long pc, String detail) {
        super(function + " failed: " + UcConst.errName(error) + " (" + detail + ") at pc 0x"
                + Long.toHexString(pc));
        this.function = function;
        this.error = error;
        this.pc = pc;
    }

    public String function() {
        return function;
    }

    /** The {@code uc_err} value; {@link UcConst#errName} gives its name. */
    public int error() {
        return error;
    }

    public String errorName() {
        return UcConst.errName(error);
    }

    public long pc() {
        return pc;
    }
}
