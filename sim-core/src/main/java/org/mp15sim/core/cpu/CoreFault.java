package org.mp15sim.core.cpu;

import org.mp15sim.core.time.SimTime;

/**
 * A fault the core took or could not take, as the firmware developer needs to see it.
 *
 * @param time      simulated time (ps)
 * @param kind      fault name with the status bit, e.g. {@code BusFault PRECISERR}, {@code UsageFault UNDEFINSTR}
 * @param pc        guest PC of the faulting instruction (as far as Unicorn tells it)
 * @param address   faulting data/fetch address, or -1
 * @param taken     exception number entered (3 HardFault, 5 BusFault...), or 0 for a lockup
 * @param escalated true when a configurable fault was escalated to HardFault (HFSR.FORCED)
 */
public record CoreFault(long time, String kind, long pc, long address, int taken, boolean escalated) {
    @Override
    public String toString() {
        String where = address >= 0 ? String.format(", address 0x%08x", address) : "";
        String to = taken == 0 ? "lockup" : escalated ? "escalated to HardFault" : "exception " + taken;
        return String.format("%s %s at pc 0x%08x%s -> %s", SimTime.format(time), kind, pc, where, to);
    }
}
