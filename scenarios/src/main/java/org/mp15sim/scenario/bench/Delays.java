package org.mp15sim.scenario.bench;

import java.util.SplittableRandom;

/**
 * The hold model's increments: a fixed table of exponentially distributed delays (mean 1 ns), so the
 * kernel and its baseline see the same sequence and no random-number generation is timed.
 */
final class Delays {
    static final int MASK = (1 << 14) - 1;

    private Delays() {}

    static long[] exponential(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] d = new long[MASK + 1];
        for (int i = 0; i < d.length; i++) d[i] = 1 + (long) (-Math.log(1 - rnd.nextDouble()) * 1000);
        return d;
    }
}
