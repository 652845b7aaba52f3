package org.mp15sim.core.sched;

import java.util.Arrays;

/**
 * Indexed binary min-heap of {@link Timer}s keyed by (time, priority, sequence). Keys live in parallel
 * primitive arrays so sift loops compare longs without touching the timer objects; each timer knows its
 * slot, so cancel and reschedule are O(log n) and nothing is allocated once the arrays have grown.
 */
final class EventQueue {
    private long[] times = new long[64];
    private long[] orders = new long[64]; // priority (biased to stay positive) above a 47-bit sequence
    private Timer[] timers = new Timer[64];
    private int size;

    int size() { return size; }
    boolean isEmpty() { return size == 0; }
    long peekTime() { return times[0]; }
    Timer peek() { return timers[0]; }

    static long order(int priority, long seq) {
        return ((long) (priority + 0x4000) << 47) | (seq & 0x7FFF_FFFF_FFFFL);
    }

    void add(Timer t, long time, long order) {
        if (size == times.length) grow();
        int i = size++;
        siftUp(i, time, order, t);
    }

    /** Moves an already queued timer to a new key. */
    void update(Timer t, long time, long order) {
        int i = t.heapIndex;
        long oldT = times[i], oldO = orders[i];
        if (less(time, order, oldT, oldO)) siftUp(i, time, order, t);
        else siftDown(i, time, order, t);
    }

    Timer poll() {
        Timer top = timers[0];
        top.heapIndex = -1;
        int last = --size;
        if (last > 0) {
            Timer t = timers[last];
            long tt = times[last], to = orders[last];
            timers[last] = null;
            siftDown(0, tt, to, t);
        } else {
            timers[0] = null;
        }
        return top;
    }

    void remove(Timer t) {
        int i = t.heapIndex;
        t.heapIndex = -1;
        int last = --size;
        if (i == last) {
            timers[last] = null;
            return;
        }
        Timer m = timers[last];
        long mt = times[last], mo = orders[last];
        timers[last] = null;
        if (i > 0 && less(mt, mo, times[(i - 1) >>> 1], orders[(i - 1) >>> 1])) siftUp(i, mt, mo, m);
        else siftDown(i, mt, mo, m);
    }

    private static boolean less(long t1, long o1, long t2, long o2) {
        return t1 < t2 || (t1 == t2 && o1 < o2);
    }

    private void siftUp(int i, long t, long o, Timer x) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            long pt = times[p], po = orders[p];
            if (!less(t, o, pt, po)) break;
            times[i] = pt;
            orders[i] = po;
            Timer pv = timers[p];
            timers[i] = pv;
            pv.heapIndex = i;
            i = p;
        }
        times[i] = t;
        orders[i] = o;
        timers[i] = x;
        x.heapIndex = i;
    }

    private void siftDown(int i, long t, long o, Timer x) {
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            long ct = times[c], co = orders[c];
            int r = c + 1;
            if (r < size) {
                long rt = times[r], ro = orders[r];
                if (less(rt, ro, ct, co)) { c = r; ct = rt; co = ro; }
            }
            if (!less(ct, co, t, o)) break;
            times[i] = ct;
            orders[i] = co;
            Timer cv = timers[c];
            timers[i] = cv;
            cv.heapIndex = i;
            i = c;
        }
        times[i] = t;
        orders[i] = o;
        timers[i] = x;
        x.heapIndex = i;
    }

    private void grow() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        orders = Arrays.copyOf(orders, n);
        timers = Arrays.copyOf(timers, n);
    }
}
