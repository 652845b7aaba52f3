package org.mp15sim.core.mem;

/** Who drives a bus access, and whether it is a secure access (the attribute firewalls check). */
public record BusMaster(String name, int id, boolean secure) {
    @Override public String toString() { return name + (secure ? "(S)" : "(NS)"); }
}
