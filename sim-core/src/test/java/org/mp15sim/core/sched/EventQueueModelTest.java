package org.mp15sim.core.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event queue against a reference (a list searched for the smallest key) under random add, move,
 * cancel, peek and poll, with the queue size swept up and down many times (down to empty and a single
 * event), and keys spread from equal to 2^50 ps apart.
 */
class EventQueueModelTest {

    private static long key(SplittableRandom r, long now) {
        return now + switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(8);
            case 2 -> r.nextLong(2_000);
            case 3 -> r.nextLong(1L << 30);
            default -> r.nextLong(1L << 50);
        };
    }

    private static Timer[] timers(Scheduler s, int n) {
        Timer[] timers = new Timer[n];
        for (int i = 0; i < n; i++) timers[i] = s.timer("t" + i, () -> {});
        return timers;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void queueAgreesWithTheReferenceThroughSizeSwings(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        EventQueue q = new EventQueue();
        try (Scheduler s = new Scheduler()) {
            int n = 400;
            Timer[] timers = timers(s, n);
            long[] time = new long[n];
            long[] order = new long[n];
            boolean[] queued = new boolean[n];
            long now = 0;
            long seq = 0;
            int size = 0;
            List<String> mismatch = new ArrayList<>();
            for (int phase = 0; phase < 24; phase++) {
                int target = switch (phase % 4) {
                    case 0 -> 300;
                    case 1 -> 5;
                    case 2 -> 67;
                    default -> r.nextInt(2);
                };
                for (int step = 0; step < 2_000 && size != target; step++) {
                    int op = r.nextInt(10);
                    int i = r.nextInt(n);
                    boolean grow = size < target;
                    if (op < 5 && grow == !queued[i]) { // add or move
                        long t = key(r, now);
                        long o = EventQueue.order(r.nextInt(3) - 1, seq++);
                        if (queued[i]) q.remove(timers[i]);
                        else size++;
                        timers[i].time = t;
                        timers[i].order = o;
                        q.add(timers[i]);
                        time[i] = t;
                        order[i] = o;
                        queued[i] = true;
                    } else if (op < 7 && queued[i] && !grow) { // cancel
                        q.remove(timers[i]);
                        queued[i] = false;
                        size--;
                    } else if (size > 0 && op == 9 && r.nextBoolean()) { // peek only: later keys may fall before it
                        long min = Long.MAX_VALUE;
                        for (int k = 0; k < n; k++) if (queued[k]) min = Math.min(min, time[k]);
                        if (q.peekTime() != min) mismatch.add("peek-only " + q.peekTime() + " != " + min);
                    } else if (size > 0 && (op >= 7 || !grow)) { // peek and poll the first
                        int best = -1;
                        for (int k = 0; k < n; k++) {
                            if (queued[k] && (best < 0 || time[k] < time[best] || (time[k] == time[best] && order[k] < order[best]))) best = k;
                        }
                        if (q.peekTime() != time[best]) mismatch.add("peekTime " + q.peekTime() + " != " + time[best]);
                        Timer got = q.poll();
                        if (got != timers[best]) mismatch.add("poll " + got.name() + " != " + timers[best].name() + " at size " + size);
                        queued[best] = false;
                        now = time[best];
                        size--;
                    }
                    assertEquals(size, q.size());
                    for (int k = 0; k < n; k += 37) assertEquals(queued[k], timers[k].isPending(), "pending state of t" + k);
                    if (!mismatch.isEmpty()) fail(mismatch.get(0));
                }
            }
        }
    }

    /**
     * Times across the whole range, up to {@link Long#MAX_VALUE} (the top level holds the times whose
     * highest differing bit is bit 62), with peeks and polls interleaved and new times added after polls.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void timesUpToTheLargestComeOutInOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        EventQueue q = new EventQueue();
        try (Scheduler s = new Scheduler()) {
            int n = 300;
            Timer[] timers = timers(s, n);
            long[] fixed = {0, 1, EventQueue.BLOCK - 1, EventQueue.BLOCK, (1L << 62) - 1, 1L << 62, (1L << 62) + 1,
                    Long.MAX_VALUE - 1, Long.MAX_VALUE};
            List<Timer> reference = new ArrayList<>();
            long seq = 0;
            for (int i = 0; i < n; i++) {
                long t = i < fixed.length ? fixed[i] : switch (r.nextInt(3)) {
                    case 0 -> r.nextLong(1L << 62, Long.MAX_VALUE);
                    case 1 -> r.nextLong(Long.MAX_VALUE);
                    default -> r.nextLong(1L << 20);
                };
                timers[i].time = t;
                timers[i].order = EventQueue.order(0, seq++);
                reference.add(timers[i]);
            }
            for (int i = n - 1; i >= 0; i--) q.add(timers[(int) ((i * 7919L) % n)]); // not in time order
            reference.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
            long now = 0;
            for (int k = 0; k < n; k++) {
                Timer want = reference.get(k);
                assertEquals(want.time, q.peekTime(), "peek " + k);
                assertSame(want, q.poll(), "poll " + k + " at t=" + want.time);
                now = want.time;
                if (k % 50 == 49 && k + 1 < n && reference.get(k + 1).time > now + 1) { // a late-comer comes out next
                    want.time = now + 1;
                    want.order = EventQueue.order(-1, seq++);
                    q.add(want);
                    assertEquals(now + 1, q.peekTime(), "late-comer peek after " + k);
                    assertSame(want, q.poll(), "late-comer after " + k);
                    now++;
                }
            }
            assertTrue(q.isEmpty());
        }
    }

    /**
     * Hundreds of timers in one block, so the block reaches the run through the counting sort, with
     * many equal times, mixed or equal priorities, cancellations and moves that reorder the block's bucket
     * before it is sorted and that mark run entries cancelled after, and events scheduled into the
     * current block while its run is being consumed.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void crowdedBlocksComeOutInOrder(long seed) {
        final int B = EventQueue.BLOCK;
        SplittableRandom r = new SplittableRandom(seed);
        boolean mixedPriorities = seed % 2 == 0;
        EventQueue q = new EventQueue();
        try (Scheduler s = new Scheduler()) {
            int n = 700;
            Timer[] timers = timers(s, n);
            boolean[] queued = new boolean[n];
            long[] order = new long[n];
            int size = 0;
            long seq = 0;
            long now = 0;
            for (int round = 0; round < 12; round++) {
                long block = (now | (B - 1)) + 1; // the next block: a level-1 bucket
                for (int i = 0; i < n; i++) {
                    if (queued[i] || r.nextInt(10) < 2) continue;
                    timers[i].time = block + r.nextInt(r.nextBoolean() ? B / 16 : B);
                    order[i] = EventQueue.order(mixedPriorities ? r.nextInt(3) - 1 : 0, seq++);
                    timers[i].order = order[i];
                    q.add(timers[i]);
                    queued[i] = true;
                    size++;
                }
                for (int k = 0; k < n / 5; k++) { // cancel or move some, reordering the bucket
                    int i = r.nextInt(n);
                    if (!queued[i]) continue;
                    q.remove(timers[i]);
                    if (r.nextBoolean()) {
                        queued[i] = false;
                        size--;
                    } else {
                        timers[i].time = block + r.nextInt(B);
                        order[i] = EventQueue.order(mixedPriorities ? r.nextInt(3) - 1 : 0, seq++);
                        timers[i].order = order[i];
                    q.add(timers[i]);
                    }
                }
                int take = size - r.nextInt(Math.max(1, size / 3)); // leave some for the next round
                for (int k = 0; k < take; k++) {
                    int best = -1;
                    for (int i = 0; i < n; i++) {
                        if (queued[i] && (best < 0 || timers[i].time < timers[best].time
                                || (timers[i].time == timers[best].time && order[i] < order[best]))) best = i;
                    }
                    assertEquals(timers[best].time, q.peekTime(), "peek in round " + round);
                    Timer got = q.poll();
                    assertSame(timers[best], got, "round " + round + ", event " + k + " of " + take);
                    queued[best] = false;
                    size--;
                    now = got.time;
                    int i = r.nextInt(n);
                    if (r.nextInt(4) == 0 && queued[i]) { // a run entry (or a level-0 one) cancelled
                        q.remove(timers[i]);
                        queued[i] = false;
                        size--;
                    } else if (r.nextInt(3) == 0 && !queued[i] && (now & (B - 1)) < B - 6) { // into the current block
                        timers[i].time = now + r.nextInt(B - (int) (now & (B - 1)));
                        order[i] = EventQueue.order(mixedPriorities ? r.nextInt(3) - 1 : 0, seq++);
                        timers[i].order = order[i];
                    q.add(timers[i]);
                        queued[i] = true;
                        size++;
                    }
                    assertEquals(size, q.size());
                    if (size == 0) break;
                }
            }
        }
    }
}
