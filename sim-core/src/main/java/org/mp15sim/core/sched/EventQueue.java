package org.mp15sim.core.sched;

/**
 * The pending-event set, ordered by (time, priority, sequence): a monotone radix queue with 256-way
 * levels whose buckets are intrusive doubly-linked lists threaded through the {@link Timer}s themselves,
 * so queueing, moving and cancelling an event write a few fields and allocate nothing, ever.
 *
 * <p>Simulated time never goes backwards, so every key is at least {@code last}, the time of the most
 * recently dequeued event (the scheduler's now at that moment). A timer lives in the bucket named by the
 * highest byte in which its time differs from {@code last} (the level) and by that byte of its time (the
 * slot); a level-0 bucket therefore holds a single time, and its list is kept sorted by (priority,
 * sequence) — an append in practice, as sequence numbers grow. Finding the first event scans occupancy
 * bitmaps instead of comparing keys; when the first occupied bucket is above level 0 its timers move down
 * one or more levels around their smallest time, each timer at most eight times in its life.
 *
 * <p>{@code last} only advances when an event is dequeued, and never past the scheduler's now, so a
 * newly scheduled event can never fall before it: a peek reads the first time without restructuring.
 * Compared with a binary heap this trades ~log2(n) unpredictable key comparisons per event for a few
 * predictable pointer writes (see scenarios' KernelBench for the figures).
 */
final class EventQueue {
    private static final int LEVELS = 8;
    private static final int SLOTS = 256;
    /** {@link Timer#slot} of a timer that is not queued. */
    static final int NONE = -1;

    /** Bucket b's list: first timer at 2b, last at 2b + 1 (one cache line holds both). */
    private final Timer[] lists = new Timer[2 * LEVELS * SLOTS];
    /** Occupancy of every bucket except the current one: 256 bits per level. */
    private final long[] occupied = new long[LEVELS * SLOTS / 64];
    /** Bit L set when level L may have an occupied bucket (the current one not counted); cleared lazily. */
    private int levels;
    /** Time of the last dequeued event; no key is below it. */
    private long last;
    /** The level-0 bucket of time {@code last}, outside the occupancy bitmaps. */
    private int current;
    private int size;

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
        if (lists[current << 1] != null) return last;
        int b = firstBucket(current >>> 6);
        Timer t = lists[b << 1];
        if (b < SLOTS) return t.time;
        long min = t.time;
        for (t = t.next; t != null; t = t.next) min = Math.min(min, t.time);
        return min;
    }

    /** Queues a timer that is not queued, with its {@link Timer#time} and {@link Timer#order} set. */
    void add(Timer t) {
        size++;
        put(t);
    }

    /** Removes and returns the first event if its time is at most {@code limit}, else returns null. */
    Timer pollUntil(long limit) {
        Timer t = lists[current << 1];
        if (t == null) {
            if (size == 0 || (t = advance(limit)) == null) return null;
        } else if (last > limit) {
            return null;
        }
        Timer n = t.next;
        lists[current << 1] = n; // n.prev keeps pointing at t: a head's prev is never read
        if (n == null) lists[current << 1 | 1] = null;
        t.next = null;
        t.slot = NONE;
        size--;
        return t;
    }

    Timer poll() { return pollUntil(Long.MAX_VALUE); }

    void remove(Timer t) {
        int b = t.slot;
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
        t.slot = NONE;
        size--;
        if (lists[b << 1] == null && b != current) occupied[b >>> 6] &= ~(1L << b);
    }

    private void put(Timer t) {
        long diff = t.time ^ last;
        int b = current;
        if (diff != 0) {
            int level = (63 - Long.numberOfLeadingZeros(diff)) >>> 3;
            b = (level << 8) | ((int) (t.time >>> (level << 3)) & (SLOTS - 1));
            occupied[b >>> 6] |= 1L << b; // unconditionally: cheaper than a branch that often mispredicts
            levels |= 1 << level;
        }
        append(b, t);
    }

    /**
     * Adds to the end of bucket {@code b}; a level-0 bucket (one time) stays sorted by order, which with
     * growing sequence numbers is an append too, except after a higher-priority timer.
     */
    private void append(int b, Timer t) {
        Timer p = lists[b << 1 | 1];
        t.slot = b;
        if (p != null && b < SLOTS && p.order > t.order) {
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
     * The first occupied bucket of the lowest occupied level; the queue must hold an event outside the
     * current bucket. Level 0 is searched from occupancy word {@code fromWord}: between events, buckets
     * below the current one are empty (their times would be below last). {@code levels} may still name a
     * level that has emptied: it is cleared here, lazily.
     */
    private int firstBucket(int fromWord) {
        for (int w = fromWord; w < 4; w++) {
            long o = occupied[w];
            if (o != 0) return (w << 6) + Long.numberOfTrailingZeros(o);
        }
        levels &= ~1;
        while (true) {
            int level = Integer.numberOfTrailingZeros(levels);
            for (int w = level << 2, end = w + 4; w < end; w++) {
                long o = occupied[w];
                if (o != 0) return (w << 6) + Long.numberOfTrailingZeros(o);
            }
            levels &= ~(1 << level);
        }
    }

    /**
     * The current bucket is empty: makes the bucket of the first event current and returns that event,
     * unless its time is beyond {@code limit} (then nothing changes and the result is null). A level-0
     * bucket holds a single time and simply becomes current; a higher one is first spread over lower
     * levels (around its smallest time), which moves no key below {@code last}'s successor.
     */
    private Timer advance(long limit) {
        int from = current >>> 6;
        while (true) {
            int b = firstBucket(from);
            Timer t = lists[b << 1];
            if (b < SLOTS) {
                if (t.time > limit) return null;
                occupied[b >>> 6] &= ~(1L << b);
                last = t.time;
                current = b;
                return t;
            }
            long min = Long.MAX_VALUE;
            // A level-1 bucket spans 256 ps: when the limit lies beyond it, its smallest time is surely
            // within the limit and need not be searched for.
            if (b >= 2 * SLOTS || (t.time | (SLOTS - 1)) > limit) {
                for (Timer x = t; x != null; x = x.next) min = Math.min(min, x.time);
                if (min > limit) return null;
            }
            occupied[b >>> 6] &= ~(1L << b);
            lists[b << 1] = lists[b << 1 | 1] = null;
            if (b < 2 * SLOTS) {
                // Level 1: the timers differ from each other and from every later one in byte 0 only, so
                // each goes straight to the level-0 bucket of its time; the first of those becomes current.
                while (t != null) {
                    Timer n = t.next;
                    int s = (int) t.time & (SLOTS - 1);
                    occupied[s >>> 6] |= 1L << s;
                    append(s, t);
                    t = n;
                }
                levels |= 1;
                from = 0; // the new window's buckets may lie below the current one
                continue;
            }
            last = min;
            current = (int) min & (SLOTS - 1);
            while (t != null) {
                Timer n = t.next;
                put(t);
                t = n;
            }
            Timer first = lists[current << 1];
            if (first != null) return first;
        }
    }
}
