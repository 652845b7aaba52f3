package org.mp15sim.core.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.trace.Trace;

/**
 * The discrete-event kernel. One thread at a time owns the simulation: the event loop runs on a virtual
 * thread and hands control to {@link SimProcess}es (also virtual threads) one at a time, so process code
 * is straight-line Java that blocks in simulated time, yet the run is deterministic. Events with equal time
 * run in (priority, insertion) order.
 */
public final class Scheduler implements AutoCloseable {
    /** Priority of hardware model events that must settle before processes observe them. */
    public static final int PRIO_HW = -10;
    public static final int PRIO_DEFAULT = 0;

    private final EventQueue queue = new EventQueue();
    private final List<SimProcess> processes = new ArrayList<>();
    private long now;
    private long seq;
    private volatile Thread loopThread;
    private SimProcess current;
    private boolean stopRequested;
    private boolean inLoop;
    private long runLimit = Long.MAX_VALUE;
    private long eventsRun;
    private Trace trace = Trace.OFF;
    private Inbox inbox;

    public long now() { return now; }
    public long eventsRun() { return eventsRun; }
    public Trace trace() { return trace; }
    public void setTrace(Trace trace) { this.trace = trace == null ? Trace.OFF : trace; }

    /** A reusable timer; see {@link Timer}. */
    public Timer timer(String name, Runnable action) { return new Timer(this, name, PRIO_DEFAULT, action); }
    public Timer timer(String name, int priority, Runnable action) { return new Timer(this, name, priority, action); }

    /** One-shot convenience: runs {@code action} {@code delay} ps from now. Allocates; hot paths use {@link #timer}. */
    public Timer schedule(long delay, Runnable action) { return schedule("event", delay, action); }

    public Timer schedule(String name, long delay, Runnable action) {
        Timer t = new Timer(this, name, PRIO_DEFAULT, action);
        t.scheduleIn(delay);
        return t;
    }

    public Timer scheduleAt(String name, long time, Runnable action) {
        Timer t = new Timer(this, name, PRIO_DEFAULT, action);
        t.scheduleAt(time);
        return t;
    }

    void enqueue(Timer t, long time) {
        if (time < now) {
            throw new IllegalArgumentException("timer '" + t.name + "' scheduled in the past: t=" + SimTime.format(time)
                    + " < now=" + SimTime.format(now));
        }
        if (t.slot != EventQueue.NONE) queue.remove(t);
        t.time = time;
        t.order = EventQueue.order(t.priority, seq++);
        queue.add(t);
    }

    boolean dequeue(Timer t) {
        if (t.slot == EventQueue.NONE) return false;
        queue.remove(t);
        return true;
    }

    /** Number of pending events. */
    public int pending() { return queue.size(); }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} when idle. */
    public long nextEventTime() { return queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime(); }

    /**
     * The time up to which the running loop processes events ({@link Long#MAX_VALUE} outside a run or for
     * {@link #runUntilIdle()}): a model that skips its own future work must not skip past it.
     */
    public long runLimit() { return inLoop ? runLimit : Long.MAX_VALUE; }

    /** Asks the running loop to return after the current event. */
    public void stop() { stopRequested = true; }

    /** Runs every event with time ≤ {@code t}, then sets now to {@code t}. */
    public void runUntil(long t) {
        if (t < now) throw new IllegalArgumentException("runUntil(" + SimTime.format(t) + ") is before now=" + SimTime.format(now));
        run(t, null);
    }

    /** Runs for {@code d} ps of simulated time. */
    public void runFor(long d) { runUntil(Math.addExact(now, d)); }

    /** Runs until no event is pending (processes blocked forever do not count). */
    public void runUntilIdle() { run(Long.MAX_VALUE, null); }

    /**
     * Runs until {@code condition} holds (checked before the first event and after each one) or the next
     * event lies beyond {@code limit}; returns whether the condition holds. On timeout now becomes {@code limit}.
     */
    public boolean runUntil(BooleanSupplier condition, long limit) {
        if (condition.getAsBoolean()) return true;
        run(limit, condition);
        return condition.getAsBoolean();
    }

    private void run(long limit, BooleanSupplier condition) {
        if (inLoop) throw new IllegalStateException("the scheduler is already running (run called from inside the simulation)");
        if (Thread.currentThread().isVirtual()) {
            loop(limit, condition);
            return;
        }
        // Hand-offs between two virtual threads are an order of magnitude cheaper than waking a platform
        // thread, so the loop itself always runs on a virtual thread.
        Throwable[] failure = new Throwable[1];
        Thread vt = Thread.ofVirtual().name("sim-loop").unstarted(() -> {
            try {
                loop(limit, condition);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        vt.start();
        boolean interrupted = false;
        while (true) {
            try {
                vt.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error er) throw er;
        if (failure[0] != null) throw new RuntimeException(failure[0]);
    }

    private void loop(long limit, BooleanSupplier condition) {
        inLoop = true;
        runLimit = limit;
        loopThread = Thread.currentThread();
        stopRequested = false;
        try {
            while (true) {
                if (inbox != null) inbox.drain();
                Timer e = queue.pollUntil(limit);
                if (e == null) break;
                now = e.time;
                eventsRun++;
                try {
                    e.action.run();
                } catch (SimulationException se) {
                    throw se;
                } catch (RuntimeException | Error ex) {
                    throw new SimulationException("event '" + e.name + "'", now, ex);
                }
                if (stopRequested) return;
                if (condition != null && condition.getAsBoolean()) return;
            }
            if (limit != Long.MAX_VALUE && now < limit) now = limit;
        } finally {
            inLoop = false;
            trace.flush();
        }
    }

    // ---------------------------------------------------------------- processes

    /** Creates a process that starts at the current time (after already pending equal-time events). */
    public SimProcess spawn(String name, Runnable body) {
        SimProcess p = new SimProcess(this, name, body);
        processes.add(p);
        p.wake.scheduleIn(0);
        return p;
    }

    /** The process whose code is running, or {@code null} when device/event code runs. */
    public SimProcess currentProcess() { return current; }

    SimProcess requireProcess(String what) {
        SimProcess p = current;
        if (p == null || Thread.currentThread() != p.thread) {
            throw new IllegalStateException(what + " called outside a simulation process (t=" + SimTime.format(now)
                    + "); only code started with Scheduler.spawn may wait in simulated time");
        }
        return p;
    }

    /** Blocks the calling process for {@code d} ps. */
    public void delay(long d) {
        SimProcess p = requireProcess("delay");
        if (d < 0) throw new IllegalArgumentException("process '" + p.name + "': negative delay " + d);
        p.wake.scheduleIn(d);
        p.blockFor("run", now);
    }

    /** Blocks the calling process until {@code event} is notified. */
    public void await(SimEvent event) {
        SimProcess p = requireProcess("await");
        event.addWaiter(p);
        p.blockFor(event.name(), now);
    }

    /** Blocks until {@code event} is notified or {@code timeout} ps pass; returns whether the event fired. */
    public boolean await(SimEvent event, long timeout) {
        SimProcess p = requireProcess("await");
        if (timeout < 0) throw new IllegalArgumentException("process '" + p.name + "': negative timeout " + timeout);
        event.addWaiter(p);
        p.wake.scheduleIn(timeout);
        p.blockFor(event.name(), now);
        return !p.timedOut;
    }

    /**
     * Kernel-style {@code wait_event_timeout}: waits on {@code event} until {@code condition} holds.
     * Returns the remaining time (≥ 1) when the condition held, 0 on timeout.
     */
    public long awaitCondition(SimEvent event, BooleanSupplier condition, long timeout) {
        long deadline = Math.addExact(now, timeout);
        while (!condition.getAsBoolean()) {
            long left = deadline - now;
            if (left <= 0) return condition.getAsBoolean() ? 1 : 0;
            await(event, left);
        }
        return Math.max(1, deadline - now);
    }

    /** Runs a hand-off into {@code p}; called by the event loop only. */
    void resume(SimProcess p) {
        if (trace.enabled()) p.traceBlocked(trace, now);
        current = p;
        p.turn = true;
        if (!p.started) {
            p.started = true;
            p.thread.start();
        } else {
            LockSupport.unpark(p.thread);
        }
        while (p.turn) LockSupport.park(this);
        current = null;
        if (p.failure != null) {
            Throwable f = p.failure;
            p.failure = null;
            throw new SimulationException("process '" + p.name + "'", now, f);
        }
    }

    Thread loopThread() { return loopThread; }

    /** Live processes in creation order. */
    public List<SimProcess> processes() { return List.copyOf(processes); }

    void finished(SimProcess p) { processes.remove(p); }

    // ---------------------------------------------------------------- stimuli from other threads

    /** The inbox through which other threads (console, debugger, harness) post work to the simulation. */
    public synchronized Inbox inbox() {
        if (inbox == null) inbox = new Inbox(this);
        return inbox;
    }

    /** Ends every blocked process so its virtual thread terminates. The scheduler is unusable afterwards. */
    @Override
    public void close() {
        for (SimProcess p : List.copyOf(processes)) p.kill();
        processes.clear();
        if (inbox != null) inbox.close();
    }
}
