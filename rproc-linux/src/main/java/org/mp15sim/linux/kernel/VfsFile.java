package org.mp15sim.linux.kernel;

/**
 * A file of the simulated filesystem (a sysfs attribute, a debugfs file, a character device). Operations
 * run in the calling simulation process and may block in simulated time (writing "start" to a remoteproc
 * {@code state} file boots the processor before the write returns, as on the board).
 */
public interface VfsFile {
    /** Reads the current content ({@code cat}). */
    default byte[] read() throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL, "read not supported");
    }

    /** Writes {@code data} ({@code echo ... >}); returns the bytes accepted. */
    default int write(byte[] data) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL, "write not supported");
    }
}
