package org.mp15sim.core.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random schedule/move/cancel scripts run on the real scheduler and on a reference model (a plain list
 * searched for the smallest (time, priority, insertion) key); the firing orders must be identical. Delays
 * span zero (equal-time events), a few picoseconds and whole seconds, so every level of the queue, its run
 * and level 0's per-picosecond ordering are exercised, as are run limits that stop before a pending event
 * and next-event-time queries followed by scheduling before that event.
 */
class EventOrderModelTest {
    private static final int TIMERS = 150;

    /** The reference: what fires next is the pending entry with the smallest (time, priority, seq). */
    private static final class Model {
        final long[] time = new long[TIMERS];
        final int[] prio = new int[TIMERS];
        final long[] seq = new long[TIMERS];
        final boolean[] pending = new boolean[TIMERS];
        long nextSeq;

        void schedule(int i, long t) {
            time[i] = t;
            seq[i] = nextSeq++;
            pending[i] = true;
        }

        int next() {
            int best = -1;
            for (int i = 0; i < TIMERS; i++) {
                if (!pending[i]) continue;
                if (best < 0 || time[i] < time[best] || (time[i] == time[best] && (prio[i] < prio[best]
                        || (prio[i] == prio[best] && seq[i] < seq[best])))) best = i;
            }
            return best;
        }
    }

    private static long delay(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> r.nextInt(4);
            case 2 -> r.nextLong(300);
            case 3 -> r.nextLong(70_000);
            case 4 -> r.nextLong(5_000_000_000L);
            default -> r.nextLong(1L << 50);
        };
    }

    /** What an action does to the timers, drawn from the script's own random stream. */
    private record Step(int kind, int target, long delay) {}

    private static Step step(SplittableRandom r) {
        return new Step(r.nextInt(6), r.nextInt(TIMERS), delay(r));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void firingOrderMatchesTheReferenceModel(long seed) {
        SplittableRandom setup = new SplittableRandom(seed);
        int[] prios = new int[TIMERS];
        long[] initial = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            prios[i] = setup.nextInt(4) == 0 ? Scheduler.PRIO_HW : setup.nextInt(3);
            initial[i] = setup.nextInt(3) == 0 ? 0 : delay(setup);
        }
        List<String> real = runReal(seed, prios, initial);
        List<String> model = runModel(seed, prios, initial);
        assertTrue(real.size() > 500, "script too short: " + real.size());
        assertEquals(model, real);
    }

    private static List<String> runReal(long seed, int[] prios, long[] initial) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        List<String> log = new ArrayList<>();
        try (Scheduler s = new Scheduler()) {
            Timer[] timers = new Timer[TIMERS];
            int[] fired = {0};
            for (int i = 0; i < TIMERS; i++) {
                int id = i;
                timers[i] = s.timer("t" + i, prios[i], () -> {
                    log.add(id + "@" + s.now());
                    if (++fired[0] >= 3000) return;
                    for (int k = 0; k < 2; k++) {
                        Step st = step(r);
                        Timer t = timers[st.target()];
                        switch (st.kind()) {
                            case 0, 1, 2 -> t.scheduleIn(st.delay());
                            case 3 -> timers[id].scheduleIn(st.delay());
                            case 4 -> log.add("cancel" + st.target() + "=" + t.cancel());
                            default -> log.add("pending" + st.target() + "=" + t.isPending() + ",n=" + s.pending() + ",next=" + s.nextEventTime());
                        }
                    }
                });
            }
            for (int i = 0; i < TIMERS; i++) timers[i].scheduleIn(initial[i]);
            // Stop short of pending events now and then, and schedule before them from outside the loop.
            SplittableRandom outside = new SplittableRandom(seed);
            while (s.pending() > 0) {
                long next = s.nextEventTime();
                s.runUntil(next + outside.nextLong(1_000_000));
                if (s.pending() > 0 && outside.nextInt(4) == 0) {
                    int victim = outside.nextInt(TIMERS);
                    long gap = Math.max(0, s.nextEventTime() - s.now());
                    long d = gap == 0 ? 0 : outside.nextLong(gap);
                    timers[victim].scheduleIn(d);
                    log.add("outside" + victim + "+" + d);
                }
            }
        }
        return log;
    }

    private static List<String> runModel(long seed, int[] prios, long[] initial) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        List<String> log = new ArrayList<>();
        Model m = new Model();
        System.arraycopy(prios, 0, m.prio, 0, TIMERS);
        for (int i = 0; i < TIMERS; i++) m.schedule(i, initial[i]);
        long now = 0;
        int fired = 0;
        SplittableRandom outside = new SplittableRandom(seed);
        while (true) {
            int first = m.next();
            if (first < 0) break;
            long limit = m.time[first] + outside.nextLong(1_000_000);
            while (true) {
                int id = m.next();
                if (id < 0 || m.time[id] > limit) break;
                now = m.time[id];
                m.pending[id] = false;
                log.add(id + "@" + now);
                if (++fired >= 3000) continue;
                for (int k = 0; k < 2; k++) {
                    Step st = step(r);
                    int t = st.target();
                    switch (st.kind()) {
                        case 0, 1, 2 -> m.schedule(t, now + st.delay());
                        case 3 -> m.schedule(id, now + st.delay());
                        case 4 -> {
                            log.add("cancel" + t + "=" + m.pending[t]);
                            m.pending[t] = false;
                        }
                        default -> {
                            int n = 0;
                            for (boolean p : m.pending) if (p) n++;
                            int first2 = m.next();
                            log.add("pending" + t + "=" + m.pending[t] + ",n=" + n + ",next=" + (first2 < 0 ? Long.MAX_VALUE : m.time[first2]));
                        }
                    }
                }
            }
            now = Math.max(now, limit);
            int next = m.next();
            if (next >= 0 && outside.nextInt(4) == 0) {
                int victim = outside.nextInt(TIMERS);
                long gap = Math.max(0, m.time[next] - now);
                long d = gap == 0 ? 0 : outside.nextLong(gap);
                m.schedule(victim, now + d);
                log.add("outside" + victim + "+" + d);
            }
        }
        return log;
    }
}
