package org.mp15sim.core.mem;

/** A firewall rule on a memory: returns why an access is denied, or {@code null} to allow it. */
@FunctionalInterface
public interface AccessRule {
    String deny(BusMaster master, long offset, long length, boolean write);
}
