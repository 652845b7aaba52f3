package org.mp15sim.scenario.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.core.trace.TraceBus;

/** The benchmark's kernel and its PriorityQueue baseline do the same work, event for event. */
class HoldModelTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 1000, 5000})
    void schedulerAndPriorityQueueReachTheSameTimeAfterTheSameEvents(int pending) {
        try (HoldModel kernel = new HoldModel(pending, Trace.OFF)) {
            PriorityQueueHoldModel baseline = new PriorityQueueHoldModel(pending);
            for (int round = 0; round < 3; round++) {
                assertEquals(baseline.run(50_000), kernel.run(50_000), "round " + round);
            }
            assertEquals(150_000, kernel.eventsRun());
        }
    }

    @Test
    void tracedHoldModelPublishesOneRecordPerTracedEvent() {
        TraceBus bus = TraceBus.builder().hashOnly().build();
        try (HoldModel kernel = new HoldModel(100, bus, 10)) {
            kernel.run(10_000);
        }
        bus.close();
        assertEquals(1 + 1_000, bus.summary().records(), "one track registration plus one record per 10 events");
    }

    @Test
    void kernelBenchRejectsUnknownArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, KernelBench.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--fast"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage"), out.toString(StandardCharsets.UTF_8));
    }
}
