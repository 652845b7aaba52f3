package org.mp15sim.tee.core;

import org.mp15sim.core.sched.Scheduler;

/**
 * Where the secure world's costs go. Inside a simulation the normal-world caller's process is blocked
 * while the A7 runs the secure world, so {@link #scheduler} delays that process; offline tools and
 * benchmarks use {@link Accounting}, which only adds the costs up.
 */
public interface SecureClock {
    long now();

    /** Lets {@code ps} picoseconds of simulated time pass for the calling context. */
    void advance(long ps);

    /** Delays the calling simulation process (calls must come from a process started by the scheduler). */
    static SecureClock scheduler(Scheduler scheduler) {
        return new SecureClock() {
            @Override
            public long now() {
                return scheduler.now();
            }

            @Override
            public void advance(long ps) {
                if (ps > 0) {
                    scheduler.delay(ps);
                }
            }
        };
    }

    /** A clock that only sums the costs (starts at 0). */
    final class Accounting implements SecureClock {
        private long now;

        @Override
        public long now() {
            return now;
        }

        @Override
        public void advance(long ps) {
            if (ps < 0) {
                throw new IllegalArgumentException("negative cost " + ps);
            }
            now = Math.addExact(now, ps);
        }
    }
}
