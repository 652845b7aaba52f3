package org.mp15sim.core.time;

import java.util.Locale;

/**
 * Simulated time is a {@code long} count of picoseconds (about 106 days of range), so every clock in the
 * SoC (209 MHz, 650 MHz, 32 kHz) converts without rounding drift over any realistic run.
 */
public final class SimTime {
    public static final long PS = 1L;
    public static final long NS = 1_000L;
    public static final long US = 1_000_000L;
    public static final long MS = 1_000_000_000L;
    public static final long S = 1_000_000_000_000L;

    private SimTime() {}

    public static long ns(long n) { return Math.multiplyExact(n, NS); }
    public static long us(long n) { return Math.multiplyExact(n, US); }
    public static long ms(long n) { return Math.multiplyExact(n, MS); }
    public static long seconds(long n) { return Math.multiplyExact(n, S); }

    /**
     * Picoseconds needed to move {@code bytes} at {@code bytesPerSecond} (a memcpy, a hash, a file read),
     * rounded up to a whole picosecond; exact for any size.
     */
    public static long transferTime(long bytes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) throw new IllegalArgumentException("transfer rate must be positive, got " + bytesPerSecond + " B/s");
        if (bytes <= 0) return 0;
        if (bytes <= Long.MAX_VALUE / S) return Math.ceilDiv(bytes * S, bytesPerSecond);
        java.math.BigInteger ps = java.math.BigInteger.valueOf(bytes).multiply(java.math.BigInteger.valueOf(S));
        java.math.BigInteger rate = java.math.BigInteger.valueOf(bytesPerSecond);
        return ps.add(rate).subtract(java.math.BigInteger.ONE).divide(rate).longValueExact();
    }

    /** Human form with the largest unit that keeps the value exact, e.g. {@code 1.5ms}, {@code 200ns}. */
    public static String format(long ps) {
        if (ps == 0) return "0s";
        long abs = Math.abs(ps);
        if (abs % S == 0) return (ps / S) + "s";
        if (abs >= S) return trim(String.format(Locale.ROOT, "%.6f", ps / (double) S)) + "s";
        if (abs >= MS) return trim(String.format(Locale.ROOT, "%.6f", ps / (double) MS)) + "ms";
        if (abs >= US) return trim(String.format(Locale.ROOT, "%.6f", ps / (double) US)) + "us";
        if (abs >= NS) return trim(String.format(Locale.ROOT, "%.3f", ps / (double) NS)) + "ns";
        return ps + "ps";
    }

    /** The kernel's printk timestamp body: seconds with 6 decimals, right-aligned to 5 integer digits. */
    public static String printk(long ps) {
        long us = ps / US;
        return String.format(Locale.ROOT, "%5d.%06d", us / 1_000_000, us % 1_000_000);
    }

    private static String trim(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /**
     * Parses a duration such as {@code 200ms}, {@code 1.5s}, {@code 10us}, {@code 3ns}, {@code 42ps}.
     * @throws IllegalArgumentException naming the text and the accepted units
     */
    public static long parse(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0 || i == t.length()) {
            throw new IllegalArgumentException("bad duration '" + text + "': expected a number followed by one of ps, ns, us, ms, s");
        }
        String num = t.substring(0, i);
        String unit = t.substring(i).trim();
        long scale = switch (unit) {
            case "ps" -> PS;
            case "ns" -> NS;
            case "us", "µs" -> US;
            case "ms" -> MS;
            case "s" -> S;
            default -> throw new IllegalArgumentException("bad duration '" + text + "': unknown unit '" + unit + "' (use ps, ns, us, ms, s)");
        };
        try {
            return new java.math.BigDecimal(num).multiply(java.math.BigDecimal.valueOf(scale)).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "': not a whole number of picoseconds or out of range", e);
        }
    }
}
