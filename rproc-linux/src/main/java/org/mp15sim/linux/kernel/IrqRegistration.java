package org.mp15sim.linux.kernel;

import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;

/**
 * A requested interrupt ({@code request_threaded_irq}). The hard handler runs in interrupt context (an event:
 * it must not sleep); a threaded handler runs in its own process {@code irq/<name>}. Level-triggered lines
 * re-enter the handler while they stay high; ONESHOT keeps the line masked until the thread finishes.
 */
public final class IrqRegistration {
    private final Kernel kernel;
    private final IrqLine line;
    private final String name;
    private final IrqHandler hard;
    private final Runnable threadFn;
    private final boolean edge;
    private final boolean oneshot;
    private final Timer dispatch;
    private final SimEvent threadWake;
    private boolean threadPending;
    private boolean masked;
    private int disableDepth;
    private boolean freed;
    private boolean edgeLatched;
    private long count;
    private int unhandled;

    IrqRegistration(Kernel kernel, IrqLine line, String name, IrqHandler hard, Runnable threadFn, boolean edge, boolean oneshot) {
        this.kernel = kernel;
        this.line = line;
        this.name = name;
        this.hard = hard;
        this.threadFn = threadFn;
        this.edge = edge;
        this.oneshot = oneshot;
        Scheduler s = kernel.scheduler();
        this.dispatch = s.timer("irq:" + name, this::dispatch);
        this.threadWake = new SimEvent("irq/" + name);
        if (threadFn != null) s.spawn("irq/" + name, this::threadLoop);
        line.addListener(high -> {
            if (high && edge) edgeLatched = true;
            if (high) arm();
        });
        if (line.isHigh()) {
            if (edge) edgeLatched = true;
            arm();
        }
    }

    public String name() { return name; }
    /** Number of times the handler ran (/proc/interrupts). */
    public long count() { return count; }

    private boolean deliverable() {
        return !freed && disableDepth == 0 && !masked && (edge ? edgeLatched : line.isHigh());
    }

    private void arm() {
        if (deliverable() && !dispatch.isPending()) dispatch.scheduleIn(kernel.config().irqLatency());
    }

    private void dispatch() {
        if (!deliverable()) return;
        edgeLatched = false;
        count++;
        int r = hard == null ? IrqHandler.WAKE_THREAD : hard.handle();
        if (r == IrqHandler.WAKE_THREAD && threadFn != null) {
            if (oneshot) masked = true;
            threadPending = true;
            threadWake.signal();
        } else if (r == IrqHandler.NONE) {
            if (++unhandled == 100_000) {
                kernel.dmesg().err("irq " + name + ": nobody cared (try booting with the \"irqpoll\" option)");
                kernel.dmesg().err("Disabling IRQ " + name);
                disableDepth++;
                return;
            }
        } else {
            unhandled = 0;
        }
        arm();
    }

    private void threadLoop() {
        Scheduler s = kernel.scheduler();
        while (!freed) {
            while (!threadPending && !freed) s.await(threadWake);
            if (freed) return;
            threadPending = false;
            threadFn.run();
            masked = false;
            arm();
        }
    }

    /** {@code disable_irq()}. */
    public void disable() { disableDepth++; }

    /** {@code enable_irq()}. */
    public void enable() {
        if (disableDepth == 0) {
            kernel.dmesg().warn("Unbalanced enable for IRQ " + name);
            return;
        }
        if (--disableDepth == 0) arm();
    }

    /** {@code free_irq()}. */
    public void free() {
        freed = true;
        dispatch.cancel();
        threadWake.signal();
    }
}
