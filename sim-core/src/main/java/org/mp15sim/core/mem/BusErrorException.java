package org.mp15sim.core.mem;

/** A bus access that the interconnect refused: unmapped, denied by a firewall rule, or a bad size. */
public final class BusErrorException extends RuntimeException {
    private final BusMaster master;
    private final long address;
    private final int size;
    private final boolean write;

    public BusErrorException(BusMaster master, long address, int size, boolean write, String reason) {
        super(String.format("bus error: %s %s of %d byte(s) at 0x%08x: %s", master, write ? "write" : "read", size, address, reason));
        this.master = master;
        this.address = address;
        this.size = size;
        this.write = write;
    }

    public BusMaster master() { return master; }
    public long address() { return address; }
    public int size() { return size; }
    public boolean isWrite() { return write; }
}
