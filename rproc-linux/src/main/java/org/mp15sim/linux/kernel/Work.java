package org.mp15sim.linux.kernel;

/** A {@code struct work_struct}: a function queued on a {@link Workqueue}, pending at most once. */
public final class Work {
    private final String name;
    private final Runnable fn;
    boolean pending;

    public Work(String name, Runnable fn) {
        this.name = name;
        this.fn = fn;
    }

    public String name() { return name; }
    public boolean isPending() { return pending; }
    void run() { fn.run(); }
}
