package org.mp15sim.linux.rpmsg;

import java.util.List;

/** {@code struct rpmsg_driver}: bound to channels whose service name is in {@link #idTable()} (or by driver override). */
public interface RpmsgDriver {
    /** {@code drv.name} (KBUILD_MODNAME), also what a driver override names. */
    String name();

    /** Service names this driver serves ({@code id_table}). */
    List<String> idTable();

    /** Called after the core created the channel's endpoint (if {@link #callback()} is non-null); 0 or -errno. */
    int probe(RpmsgDevice rpdev);

    void remove(RpmsgDevice rpdev);

    /** The default endpoint's RX callback, or null for drivers that make their own endpoints. */
    default RpmsgCallback callback() { return null; }
}
