package org.mp15sim.linux.kernel;

/** A system call or kernel function that failed with {@code -errno}. */
public final class ErrnoException extends Exception {
    private final int errno;

    public ErrnoException(int errno, String context) {
        super(context + ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")");
        this.errno = Math.abs(errno);
    }

    /** The positive errno value. */
    public int errno() { return errno; }
}
