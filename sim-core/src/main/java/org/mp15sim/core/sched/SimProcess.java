package org.mp15sim.core.sched;

import java.util.concurrent.locks.LockSupport;
import org.mp15sim.core.trace.Trace;

/**
 * A thread of simulated behaviour (a kernel thread, a work item, a scenario). Its body runs on a virtual
 * thread that only ever executes while the event loop waits for it, so at most one piece of simulation
 * code runs at any instant and there are no races.
 */
public final class SimProcess {
    final Scheduler scheduler;
    final String name;
    final Thread thread;
    final Timer wake;
    volatile boolean turn;
    boolean started;
    boolean finished;
    volatile boolean killed;
    Throwable failure;
    SimEvent waitingOn;
    boolean timedOut;
    private String blockedOn;
    private long blockedAt;
    private Trace traceOf;
    private int track;

    /** Unwinds a killed process; never seen by model code that does not catch Throwable. */
    static final class Killed extends Error {
        Killed() { super("process killed", null, false, false); }
    }

    SimProcess(Scheduler scheduler, String name, Runnable body) {
        this.scheduler = scheduler;
        this.name = name;
        this.wake = scheduler.timer("wake:" + name, this::onWake);
        this.thread = Thread.ofVirtual().name("proc:" + name).unstarted(() -> runBody(body));
    }

    public String name() { return name; }
    public boolean isFinished() { return finished; }

    private void onWake() {
        if (finished) return;
        if (waitingOn != null) { // the timeout fired first
            waitingOn.removeWaiter(this);
            waitingOn = null;
            timedOut = true;
        }
        scheduler.resume(this);
    }

    /** Called by {@link SimEvent} when the event fires for this waiter. */
    void notifiedBy(SimEvent e) {
        waitingOn = null;
        timedOut = false;
        wake.scheduleIn(0);
    }

    private void runBody(Runnable body) {
        try {
            body.run();
        } catch (Killed k) {
            // closing the simulation
        } catch (Throwable t) {
            failure = t;
        } finally {
            finished = true;
            wake.cancel();
            if (!killed) scheduler.finished(this);
            turn = false;
            Thread lt = scheduler.loopThread();
            if (lt != null) LockSupport.unpark(lt);
        }
    }

    /**
     * Blocks, remembering why: a process's track in the trace shows its simulated busy time ("run": a modelled
     * cost such as a memcpy or a world switch) and its waits (named after the event) as spans.
     */
    void blockFor(String reason, long now) {
        blockedOn = reason;
        blockedAt = now;
        block();
    }

    void traceBlocked(Trace trace, long now) {
        if (blockedOn == null || now == blockedAt) return;
        if (traceOf != trace) {
            traceOf = trace;
            track = trace.track("proc " + name);
        }
        trace.span(blockedAt, now - blockedAt, track, blockedOn);
        blockedOn = null;
    }

    /** Gives control back to the event loop until something resumes this process. */
    void block() {
        timedOut = false;
        turn = false;
        LockSupport.unpark(scheduler.loopThread());
        while (!turn) {
            LockSupport.park(this);
            if (killed) throw new Killed();
        }
        if (killed) throw new Killed();
    }

    void kill() {
        if (finished || !started) {
            finished = true;
            return;
        }
        killed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public String toString() { return "SimProcess[" + name + "]"; }
}
