package org.mp15sim.core.time;

import java.math.BigInteger;

/**
 * A clock of a fixed frequency. Converts cycle counts to picoseconds and back exactly: the period
 * 10^12/hz is kept as a reduced fraction num/den, so N cycles are always {@code floor(N*num/den)} ps
 * whatever N, with no accumulated rounding.
 */
public final class ClockDomain {
    private final String name;
    private final long hz;
    private final long num; // picoseconds numerator
    private final long den; // divided by den

    public ClockDomain(String name, long hz) {
        if (hz <= 0 || hz > SimTime.S) {
            throw new IllegalArgumentException("clock " + name + ": frequency " + hz + " Hz out of range (1 Hz .. 1 THz)");
        }
        this.name = name;
        this.hz = hz;
        long g = gcd(SimTime.S, hz);
        this.num = SimTime.S / g;
        this.den = hz / g;
    }

    public String name() { return name; }
    public long hz() { return hz; }

    /** Time of {@code cycles} cycles of this clock, rounded down to a picosecond. */
    public long cyclesToPs(long cycles) {
        long q = cycles / den;
        long r = cycles % den;
        long hi = Math.multiplyHigh(r, num);
        if (hi == 0 && r * num >= 0) {
            return Math.addExact(Math.multiplyExact(q, num), r * num / den);
        }
        return Math.addExact(Math.multiplyExact(q, num),
                BigInteger.valueOf(r).multiply(BigInteger.valueOf(num)).divide(BigInteger.valueOf(den)).longValueExact());
    }

    /** Whole cycles that fit completely in {@code ps} picoseconds. */
    public long psToCycles(long ps) {
        long q = ps / num;
        long r = ps % num;
        long hi = Math.multiplyHigh(r, den);
        if (hi == 0 && r * den >= 0) {
            return Math.addExact(Math.multiplyExact(q, den), r * den / num);
        }
        return Math.addExact(Math.multiplyExact(q, den),
                BigInteger.valueOf(r).multiply(BigInteger.valueOf(den)).divide(BigInteger.valueOf(num)).longValueExact());
    }

    /** Smallest cycle count whose duration is at least {@code ps}. */
    public long psToCyclesCeil(long ps) {
        long c = psToCycles(ps);
        return cyclesToPs(c) < ps ? c + 1 : c;
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a;
    }

    @Override public String toString() { return name + "@" + hz + "Hz"; }
}
