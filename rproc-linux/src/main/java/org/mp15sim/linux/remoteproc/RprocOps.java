package org.mp15sim.linux.remoteproc;

import java.lang.foreign.MemorySegment;
import java.util.Set;
import org.mp15sim.linux.kernel.ErrnoException;
import org.mp15sim.linux.kernel.Firmware;

/**
 * {@code struct rproc_ops}: the platform driver's operations. A C ops table leaves members NULL; here a driver
 * lists the members it fills in {@link #provided()} and overrides exactly those methods. The core tests
 * {@link #has} wherever the kernel tests a pointer for NULL, so a missing op behaves as in the kernel (e.g. no
 * {@code stop} makes {@code rproc_stop} return -EINVAL).
 *
 * <p>Integer results follow the kernel: 0 or a negative errno.
 */
public interface RprocOps {
    /** The members of {@code struct rproc_ops}. */
    enum Op {
        PREPARE, UNPREPARE, START, STOP, ATTACH, DETACH, KICK, DA_TO_VA, PARSE_FW, HANDLE_RSC,
        FIND_LOADED_RSC_TABLE, GET_LOADED_RSC_TABLE, LOAD, SANITY_CHECK, GET_BOOT_ADDR, COREDUMP, RELEASE_FW
    }

    /** Result of {@code handle_rsc}: RSC_HANDLED. */
    int RSC_HANDLED = 0;
    /** Result of {@code handle_rsc}: RSC_IGNORED. */
    int RSC_IGNORED = 1;

    /** The non-NULL members of this ops table. */
    Set<Op> provided();

    default boolean has(Op op) { return provided().contains(op); }

    /** {@code ops->prepare}. */
    default int prepare(RemoteProc rproc) { throw absent(Op.PREPARE); }

    /** {@code ops->unprepare}. */
    default int unprepare(RemoteProc rproc) { throw absent(Op.UNPREPARE); }

    /** {@code ops->start}. */
    default int start(RemoteProc rproc) { throw absent(Op.START); }

    /** {@code ops->stop}: runs while the state is still RUNNING or CRASHED. */
    default int stop(RemoteProc rproc) { throw absent(Op.STOP); }

    /** {@code ops->attach}. */
    default int attach(RemoteProc rproc) { throw absent(Op.ATTACH); }

    /** {@code ops->detach}. */
    default int detach(RemoteProc rproc) { throw absent(Op.DETACH); }

    /** {@code ops->kick(rproc, vqid)}: vqid is the vring's notify id. */
    default void kick(RemoteProc rproc, int vqid) { throw absent(Op.KICK); }

    /** {@code ops->da_to_va}: a mapping of [da, da+len), or null. */
    default MemorySegment daToVa(RemoteProc rproc, long da, long len) { throw absent(Op.DA_TO_VA); }

    /** {@code ops->parse_fw}: fills the cached table (see {@link RemoteProc#setCachedTable}). */
    default int parseFw(RemoteProc rproc, Firmware fw) { throw absent(Op.PARSE_FW); }

    /** {@code ops->handle_rsc}: vendor resources (types 128..512); RSC_HANDLED, RSC_IGNORED or -errno. */
    default int handleRsc(RemoteProc rproc, int type, int offset, int avail) { throw absent(Op.HANDLE_RSC); }

    /** {@code ops->find_loaded_rsc_table}: where the table lives in remote memory after load, or null. */
    default MemorySegment findLoadedRscTable(RemoteProc rproc, Firmware fw) { throw absent(Op.FIND_LOADED_RSC_TABLE); }

    /**
     * {@code ops->get_loaded_rsc_table}: the table of a processor started by someone else. Returns null when
     * there is none (fine); throws for an ERR_PTR (attach then fails with that errno).
     */
    default LoadedTable getLoadedRscTable(RemoteProc rproc) throws ErrnoException { throw absent(Op.GET_LOADED_RSC_TABLE); }

    /** {@code ops->load}. */
    default int load(RemoteProc rproc, Firmware fw) { throw absent(Op.LOAD); }

    /** {@code ops->sanity_check}. */
    default int sanityCheck(RemoteProc rproc, Firmware fw) { throw absent(Op.SANITY_CHECK); }

    /** {@code ops->get_boot_addr}. */
    default long getBootAddr(RemoteProc rproc, Firmware fw) { throw absent(Op.GET_BOOT_ADDR); }

    /** {@code ops->coredump}. */
    default void coredump(RemoteProc rproc) { throw absent(Op.COREDUMP); }

    /** {@code ops->release_fw} (v22 4/7): releases what parse_fw()/load() set up. */
    default void releaseFw(RemoteProc rproc) { throw absent(Op.RELEASE_FW); }

    /** A table found in remote memory by {@code get_loaded_rsc_table}, with its size. */
    record LoadedTable(MemorySegment table, int size) {}

    private IllegalStateException absent(Op op) {
        return new IllegalStateException("rproc_ops." + op.name().toLowerCase(java.util.Locale.ROOT)
                + " called but " + getClass().getSimpleName() + " does not provide it (NULL op)");
    }
}
