package org.mp15sim.core.sched;

import org.mp15sim.core.time.SimTime;

/** A failure inside the simulation (a process or device callback threw), with who and when. */
public final class SimulationException extends RuntimeException {
    private final String where;
    private final long time;

    public SimulationException(String where, long time, Throwable cause) {
        super(where + " failed at t=" + SimTime.format(time) + ": " + cause, cause);
        this.where = where;
        this.time = time;
    }

    public SimulationException(String where, long time, String message) {
        super(where + " at t=" + SimTime.format(time) + ": " + message);
        this.where = where;
        this.time = time;
    }

    public String where() { return where; }
    public long time() { return time; }
}
