package org.mp15sim.core.sched;

import java.util.Arrays;

/**
 * The pending-event set, ordered by (time, priority, sequence): a monotone radix queue, in front of which
 * the events of the soonest 64 ps block wait sorted in one array, the run.
 *
 * <p>Simulated time never goes backwards, so every key is at least {@code last}, the time of the most
 * recently dequeued event (the scheduler's now at that moment). Times are read as digits: the low
 * {@value #BLOCK_BITS} bits (the picosecond within a block), then bytes. A timer lives in the bucket named
 * by the highest digit in which its time differs from {@code last} (the level) and by that digit of its
 * time (the slot). Buckets above level 0 are unordered arrays: adding writes one array entry and touches no
 * other timer, cancelling moves the bucket's last entry into the hole. When the run is used up and level 0
 * is empty, the first upper bucket comes down: a level-1 bucket (one block) is counting-sorted by time into
 * the run (the sort is stable, and equal-time groups are put in (priority, sequence) order when the bucket
 * was not already in that order); a higher one is spread over the lower levels around its smallest time.
 * Each timer thus moves at most nine times in its life, and taking the next event is reading the next run
 * entry and comparing its time with the first level-0 time: a branch that mispredicts only about as often
 * as events are scheduled into the current block, instead of one per picosecond bucket emptied. Taking an
 * event from the run touches the timer two entries ahead (and its action's header) so that their cache
 * lines arrive while the current event runs.
 *
 * <p>The block is short so that few events land in it after its run was built: with 256 ps blocks an
 * event delayed by 1 ns on average did so one time in eight, and those cost twice the others; with 64 ps
 * blocks one time in thirty, and the hold model at 1,000 pending runs 5–9 % faster (22–37 % at
 * 100,000). Shorter blocks lose more to building runs than they save (32 ps: 7–9 % slower than 64).
 *
 * <p>Level 0 holds the events scheduled into the current block after its run was built: a doubly-linked
 * list per picosecond, threaded through the {@link Timer}s and kept sorted by (priority, sequence) — an
 * append in practice, as sequence numbers grow. Cancelling a timer in the run only marks it (its entry is
 * skipped when reached), so cancelling and moving are O(1) everywhere. {@code last} only advances when an
 * event is dequeued, and a run is only built when its first event is dequeued at once, so a peek changes
 * nothing and a newly scheduled event can never fall before {@code last} or before the run. Nothing is
 * allocated once the arrays have grown to the most events a bucket has held.
 */
final class EventQueue {
    /**
     * Bits of the time below a block: level 0's digit (at most 6, so that level 0 has one occupancy word);
     * the levels above take a byte each.
     */
    static final int BLOCK_BITS = 6;
    /** Picoseconds in a block (a level-1 bucket). */
    static final int BLOCK = 1 << BLOCK_BITS;
    /** Level 0 and the levels whose bytes cover the remaining 63 - BLOCK_BITS bits of a time. */
    private static final int LEVELS = 1 + (63 - BLOCK_BITS + 7) / 8;
    /** Bucket numbers are level * SLOTS + slot; level 0 uses the first BLOCK slots (occupancy word 0). */
    private static final int SLOTS = 256;
    /** {@link Timer#slot} of a timer that is not queued. */
    static final int NONE = -1;
    /** {@link Timer#slot} of a timer in the run. */
    private static final int RUN = -2;
    /** Level-1 buckets of up to this many timers are sorted into the run by insertion. */
    private static final int SMALL_SORT = 24;

    /** Level-0 bucket b's list: first timer at 2b, last at 2b + 1 (one cache line holds both). */
    private final Timer[] lists = new Timer[2 * BLOCK];
    /** Upper bucket b's timers (b ≥ 256), in no particular order, and their number; arrays made on first use. */
    private final Timer[][] buckets = new Timer[LEVELS * SLOTS][];
    private final int[] fill = new int[LEVELS * SLOTS];
    /** Occupancy of every bucket: 256 bits per level. */
    private final long[] occupied = new long[LEVELS * SLOTS / 64];
    /** Bit L (L ≥ 1) set when level L may have an occupied bucket; cleared lazily. */
    private int levels;
    /** Time of the last dequeued event; no key is below it. */
    private long last;
    private int size;
    /** Time of the first level-0 event; {@link Long#MAX_VALUE} when level 0 is empty (or holds only that time). */
    private long direct = Long.MAX_VALUE;

    /** The run: timers sorted by (time, order) from {@link #next} up to {@link #end}; cancelled ones are skipped. */
    private Timer[] run;
    private int next;
    /** Sum of values read ahead of need so that their cache lines arrive early; never used otherwise. */
    private long touch;

    /** Never instantiated: testing an action against it reads the action's header (its cache line). */
    private static final class Probe implements Runnable {
        @Override public void run() {}
    }

    /** Closes the run; never a real event. */
    private final Timer end;
    // Counting-sort scratch: the picosecond within the block of a level-1 bucket's timers, and where each one's run starts.
    private int[] keys = new int[64];
    private final int[] starts = new int[BLOCK];

    EventQueue() {
        end = new Timer(null, "end of run", 0, null);
        end.slot = RUN;
        end.time = Long.MAX_VALUE;
        run = new Timer[64];
        run[0] = end;
    }

    int size() { return size; }
    boolean isEmpty() { return size == 0; }

    /** Sequence numbers keep their low 47 bits in an order key: they wrap after 1.4e14 events. */
    private static final long SEQ_MASK = 0x7FFF_FFFF_FFFFL;

    /** The key that orders events of equal time: priority (15 bits, offset to be positive), then sequence. */
    static long order(int priority, long seq) {
        return ((long) (priority + 0x4000) << 47) | (seq & SEQ_MASK);
    }

    /** Time of the first event; the queue must not be empty. Changes nothing. */
    long peekTime() {
        int i = next;
        while (run[i].slot != RUN) i++;
        Timer a = run[i];
        boolean level0 = level0Occupied();
        if (a != end) return level0 ? Math.min(a.time, direct) : a.time;
        if (level0) return direct;
        int b = firstUpperBucket();
        return minTime(buckets[b], fill[b]);
    }

    /** Queues a timer that is not queued, with its {@link Timer#time} and {@link Timer#order} set. */
    void add(Timer t) {
        size++;
        put(t);
    }

    /** Removes and returns the first event if its time is at most {@code limit}, else returns null. */
    Timer pollUntil(long limit) {
        Timer a = run[next];
        if (a.slot == RUN) {
            long ta = a.time;
            if (ta < direct) { // a is a real event (the end's time is the largest) and precedes level 0
                if (ta > limit) return null;
                run[next++] = null;
                a.slot = NONE;
                last = ta;
                size--;
                Timer f = run[next + 1]; // read ahead: the run holds two entries past its end
                if (f != null) touch += f.time + (f.action instanceof Probe ? 1 : 0);
                return a;
            }
        }
        return pollSlow(limit);
    }

    Timer poll() { return pollUntil(Long.MAX_VALUE); }

    void remove(Timer t) {
        int b = t.slot;
        size--;
        t.slot = NONE;
        if (b == RUN) return; // its run entry is skipped when reached
        if (b >= SLOTS) { // the bucket's last timer fills the hole
            Timer[] a = buckets[b];
            int c = --fill[b];
            Timer m = a[c];
            a[t.index] = m;
            m.index = t.index;
            a[c] = null;
            if (c == 0) occupied[b >>> 6] &= ~(1L << b);
            return;
        }
        Timer p = t.prev, n = t.next;
        if (lists[b << 1] == t) { // t.prev is stale: the new head's prev need not be set
            lists[b << 1] = n;
            if (n == null) lists[b << 1 | 1] = null;
        } else {
            p.next = n;
            if (n == null) lists[b << 1 | 1] = p;
            else n.prev = p;
        }
        t.prev = t.next = null;
        if (lists[b << 1] == null) {
            occupied[0] &= ~(1L << b);
            if (t.time == direct) direct = firstLevel0Time();
        }
    }

    private boolean level0Occupied() { return occupied[0] != 0; }

    /** The first level-0 bucket; -1 when level 0 is empty. */
    private int firstLevel0() {
        long o = occupied[0];
        return o == 0 ? -1 : Long.numberOfTrailingZeros(o);
    }

    private long firstLevel0Time() {
        int b = firstLevel0();
        return b < 0 ? Long.MAX_VALUE : lists[b << 1].time;
    }

    /** The first occupied bucket above level 0; one must exist. Clears {@code levels} bits lazily. */
    private int firstUpperBucket() {
        while (true) {
            int level = Integer.numberOfTrailingZeros(levels);
            for (int w = level << 2, end = w + 4; w < end; w++) {
                long o = occupied[w];
                if (o != 0) return (w << 6) + Long.numberOfTrailingZeros(o);
            }
            levels &= ~(1 << level);
        }
    }

    private void put(Timer t) {
        long time = t.time;
        int high = 63 - Long.numberOfLeadingZeros((time ^ last) | 1); // highest bit differing from last
        if (high < BLOCK_BITS) {
            int b = (int) time & (BLOCK - 1);
            occupied[0] |= 1L << b;
            direct = Math.min(direct, time);
            append(b, t);
        } else {
            int level = (high + 8 - BLOCK_BITS) >>> 3;
            int b = (level << 8) | ((int) (time >>> ((level << 3) - (8 - BLOCK_BITS))) & (SLOTS - 1));
            occupied[b >>> 6] |= 1L << b;
            levels |= 1 << level;
            Timer[] a = buckets[b];
            int c = fill[b];
            if (a == null || c == a.length) a = growBucket(b);
            a[c] = t;
            t.index = c;
            t.slot = b;
            fill[b] = c + 1;
        }
    }

    private Timer[] growBucket(int b) {
        Timer[] a = buckets[b];
        return buckets[b] = a == null ? new Timer[16] : Arrays.copyOf(a, 2 * a.length);
    }

    private static long minTime(Timer[] a, int n) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) min = Math.min(min, a[i].time);
        return min;
    }

    /**
     * Adds to the end of bucket {@code b}; a level-0 bucket (one time) stays sorted by order, which with
     * growing sequence numbers is an append too, except after a higher-priority timer.
     */
    private void append(int b, Timer t) {
        Timer p = lists[b << 1 | 1];
        t.slot = b;
        if (p != null && p.order > t.order) {
            insertBefore(b, p, t);
            return;
        }
        t.prev = p;
        t.next = null;
        if (p == null) lists[b << 1] = t;
        else p.next = t;
        lists[b << 1 | 1] = t;
    }

    /** Sorted insertion into level-0 bucket {@code b} whose tail {@code n} has a greater order than {@code t}. */
    private void insertBefore(int b, Timer n, Timer t) {
        long order = t.order;
        Timer head = lists[b << 1];
        while (n != head && n.prev.order > order) n = n.prev;
        Timer p = n == head ? null : n.prev;
        t.prev = p;
        t.next = n;
        n.prev = t;
        if (p == null) lists[b << 1] = t;
        else p.next = t;
    }

    /**
     * Everything but the common case: cancelled run entries, the run's end, a level-0 event first (or tied
     * with the run's), and refilling from the upper levels when both the run and level 0 are empty.
     */
    private Timer pollSlow(long limit) {
        while (true) {
            Timer a = run[next];
            while (a.slot != RUN) { // cancelled or moved since the run was built
                run[next++] = null;
                a = run[next];
            }
            int b = firstLevel0();
            if (b >= 0) {
                Timer d = lists[b << 1];
                if (a != end && (a.time < d.time || (a.time == d.time && a.order < d.order))) return takeRun(a, limit);
                return takeLevel0(b, d, limit);
            }
            if (a != end) return takeRun(a, limit);
            if (size == 0) return null;
            if (!refill(limit)) return null;
        }
    }

    private Timer takeRun(Timer a, long limit) {
        if (a.time > limit) return null;
        run[next++] = null;
        a.slot = NONE;
        last = a.time;
        size--;
        return a;
    }

    private Timer takeLevel0(int b, Timer d, long limit) {
        if (d.time > limit) return null;
        Timer n = d.next;
        lists[b << 1] = n; // n.prev keeps pointing at d: a head's prev is never read
        if (n == null) {
            lists[b << 1 | 1] = null;
            occupied[0] &= ~(1L << b);
            direct = firstLevel0Time();
        }
        d.next = null;
        d.slot = NONE;
        last = d.time;
        size--;
        return d;
    }

    /**
     * The run and level 0 are empty: moves the first upper bucket down — a level-1 bucket into the run,
     * a higher one over the lower levels around its smallest time. Returns false, changing nothing, when
     * that bucket's first time is beyond {@code limit}.
     */
    private boolean refill(long limit) {
        int b = firstUpperBucket();
        Timer[] a = buckets[b];
        int n = fill[b];
        long min = Long.MAX_VALUE;
        // A level-1 bucket spans one block: when the limit lies beyond it, its smallest time is surely
        // within the limit and need not be searched for.
        if (b >= 2 * SLOTS || (a[0].time | (BLOCK - 1)) > limit) {
            min = minTime(a, n);
            if (min > limit) return false;
        }
        occupied[b >>> 6] &= ~(1L << b);
        fill[b] = 0;
        if (b < 2 * SLOTS) {
            sortIntoRun(a, n);
        } else {
            // Every timer here differs from min in a lower digit only, so none comes back to this bucket.
            last = min;
            for (int i = 0; i < n; i++) put(a[i]);
        }
        Arrays.fill(a, 0, n, null);
        return true;
    }

    /**
     * Sorts the {@code n} timers of level-1 bucket {@code a} (times differing in the picosecond within
     * their block only) into the run: by counting sort on that picosecond, which is stable, so when the
     * bucket was in order (the usual case: buckets fill in sequence order until a cancellation reorders one)
     * equal times come out in order too; otherwise equal-time groups are put in order afterwards.
     */
    private void sortIntoRun(Timer[] a, int n) {
        if (run.length <= n + 2) run = new Timer[Math.max(2 * run.length, n + 3)];
        Timer[] r = run;
        r[n] = end;
        next = 0;
        if (n <= SMALL_SORT) { // below this the counting sort's passes cost more than sorting by insertion
            for (int i = 0; i < n; i++) {
                Timer x = a[i];
                x.slot = RUN;
                int j = i;
                for (; j > 0; j--) {
                    Timer y = r[j - 1];
                    if (y.time < x.time || (y.time == x.time && y.order < x.order)) break;
                    r[j] = y;
                }
                r[j] = x;
            }
            return;
        }
        boolean inOrder = true;
        long prevOrder = Long.MIN_VALUE;
        int[] starts = this.starts;
        if (keys.length < n) keys = new int[Math.max(2 * keys.length, n)];
        int[] keys = this.keys;
        for (int i = 0; i < n; i++) {
            Timer x = a[i];
            int k = (int) x.time & (BLOCK - 1);
            keys[i] = k;
            starts[k]++;
            inOrder &= x.order >= prevOrder;
            prevOrder = x.order;
            x.slot = RUN;
        }
        for (int s = 0, sum = 0; s < BLOCK; s++) {
            int c = starts[s];
            starts[s] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++) r[starts[keys[i]]++] = a[i];
        Arrays.fill(starts, 0);
        if (!inOrder) {
            for (int i = 1; i < n; i++) {
                Timer x = r[i];
                int j = i;
                while (j > 0 && r[j - 1].time == x.time && r[j - 1].order > x.order) {
                    r[j] = r[j - 1];
                    j--;
                }
                r[j] = x;
            }
        }
    }
}
