package org.mp15sim.scenario.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The kernel bench's table: absolute targets judged on the best iteration, ratios on the means. */
class KernelBenchTableTest {
    private static final double M = 1e6;

    /** Every figure the table prints, each with two iterations: the rate given and 1 M/s less (2 M/s for the hold model). */
    private static Map<String, KernelBench.Figure> figures(double holdBest, double holdMean, double ring) {
        Map<String, KernelBench.Figure> f = new TreeMap<>();
        for (String n : new String[] {"10", "1000", "100000"}) {
            put(f, "HoldModelBench.scheduler[pending=" + n + "]", 30 * M);
            put(f, "HoldModelBench.priorityQueue[pending=" + n + "]", 10 * M);
        }
        for (String h : new String[] {"HandOffBench.delayLoop", "HandOffBench.bareVirtualThreads"}) {
            put(f, h, 2 * M);
            put(f, h + "OneCarrier", 2 * M);
        }
        put(f, "TraceBench.publish[sinks=ring]", 150 * M);
        put(f, "TraceBench.publish[sinks=files]", 6 * M);
        for (String t : new String[] {"none", "off", "files", "files/10"}) put(f, "TraceBench.holdModel[trace=" + t + "]", 36 * M);
        put(f, "TraceBench.holdModel[trace=ring]", ring);
        KernelBench.Figure hold = new KernelBench.Figure();
        hold.add(holdBest, holdBest); // the best iteration
        hold.add(2 * holdMean - holdBest, 2 * holdMean - holdBest); // makes the mean holdMean
        f.put("HoldModelBench.scheduler[pending=1000]", hold);
        return f;
    }

    private static void put(Map<String, KernelBench.Figure> f, String key, double rate) {
        KernelBench.Figure x = new KernelBench.Figure();
        x.add(rate - M, rate - M);
        x.add(rate, rate);
        f.put(key, x);
    }

    private static String print(Map<String, KernelBench.Figure> f, int expectMissed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int missed = new KernelBench.Table(f).print(new PrintStream(out, true, StandardCharsets.UTF_8), false, 1, 1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectMissed, missed, text);
        return text;
    }

    @Test
    void theHoldTargetIsJudgedOnTheBestIterationWithTheMeanShownBeside() {
        String text = print(figures(41 * M, 35 * M, 30 * M), 0);
        assertTrue(text.contains(">= 40 M events/s (41.0 M: met)"), text);
        assertTrue(text.contains("41.00  41.00 | 35.00  35.00"), text);
        assertTrue(text.contains(">= 3x PriorityQueue (3.68x: met)"), text); // 35 M / 9.5 M: the means
        assertTrue(text.contains("all targets met"), text);
    }

    @Test
    void aBestIterationBelowTheTargetIsMissedWhateverTheOthers() {
        String text = print(figures(39.9 * M, 39 * M, 30 * M), 1);
        assertTrue(text.contains("(39.9 M: MISSED)"), text);
        assertTrue(text.contains("1 target(s) missed"), text);
    }

    @Test
    void ratiosCompareMeansNotBestIterations() {
        // tracing: off has iterations 35 and 36 M (mean 35.5); ring 25.4 and 24.4 M: best/best 70.6 %, mean/mean 70.1 %
        print(figures(41 * M, 41 * M, 25.4 * M), 0);
        // ring 25.2 and 24.2 M: best/best 70.0 % would pass, mean/mean 69.6 % must not
        String text = print(figures(41 * M, 41 * M, 25.2 * M), 1);
        assertTrue(text.contains("bus only 70%: MISSED"), text);
        // scheduler vs PriorityQueue: best/best 30/10 M would pass 3x, mean/mean 28/9.5 M (2.95x) must not
        text = print(figures(30 * M, 28 * M, 30 * M), 2); // also misses 40 M/s
        assertTrue(text.contains("(2.95x: MISSED)"), text);
    }

    @Test
    void aFigureRejectsARateThatIsNotPositive() {
        KernelBench.Figure f = new KernelBench.Figure();
        assertThrows(IllegalArgumentException.class, () -> f.add(0, 1));
        assertThrows(IllegalArgumentException.class, () -> f.add(1, Double.NaN));
    }
}
