package org.mp15sim.core.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.core.sched.Completion;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.core.sched.SimMutex;
import org.mp15sim.core.sched.Timer;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.SimTime;

/** The same workload traced twice gives byte-identical files in every format. */
class TraceDeterminismTest {
    @TempDir Path dir;

    private record Outputs(byte[] text, byte[] jsonl, byte[] perfetto, String sha, long records) {}

    /**
     * A mailbox-like workload: an interrupt-raising "remote" that pulses an IRQ line at seeded random
     * times, a driver thread that waits for it with a timeout, workers contending for a mutex, and bursts of
     * equal-time events with different priorities.
     */
    private Outputs run(String name, long seed) throws IOException {
        Path text = dir.resolve(name + ".log");
        Path jsonl = dir.resolve(name + ".jsonl");
        Path perfetto = dir.resolve(name + ".json");
        TraceBus bus = TraceBus.builder().ringSize(256).text(text).jsonLines(jsonl).perfetto(perfetto).build();
        try (Scheduler s = new Scheduler()) {
            s.setTrace(bus);
            SplittableRandom rnd = new SplittableRandom(seed);
            int driverTrack = bus.track("driver");
            int hwTrack = bus.track("hw");
            IrqLine irq = new IrqLine(s, "IPCC_RX");
            IrqLine fanout = new IrqLine(s, "GIC_SPI_100");
            irq.connectTo(fanout);
            SimEvent rx = new SimEvent("rx");
            fanout.addListener(high -> { if (high) rx.signal(); });
            Completion done = new Completion(s, "done");

            s.spawn("remote", () -> {
                for (int i = 0; i < 40; i++) {
                    s.delay(SimTime.us(1 + rnd.nextInt(40)));
                    bus.counter(s.now(), hwTrack, "msgs", i);
                    irq.pulse();
                }
                done.complete();
            });
            s.spawn("driver", () -> {
                int timeouts = 0;
                while (!done.isDone()) {
                    bus.begin(s.now(), driverTrack, "wait_rx");
                    boolean got = s.await(rx, SimTime.us(25));
                    bus.end(s.now(), driverTrack, "wait_rx");
                    if (!got) bus.log(s.now(), driverTrack, "rx timeout #" + ++timeouts);
                }
            });
            SimMutex lock = new SimMutex(s, "lock");
            for (String w : new String[] {"w0", "w1", "w2"}) {
                int tr = bus.track(w);
                s.spawn(w, () -> {
                    for (int i = 0; i < 10; i++) {
                        lock.lock();
                        long start = s.now();
                        s.delay(SimTime.ns(100 + rnd.nextInt(900)));
                        bus.span(start, s.now() - start, tr, "critical");
                        lock.unlock();
                        s.delay(SimTime.ns(rnd.nextInt(3) * 500)); // zero delays too
                    }
                });
            }
            for (int burst = 1; burst <= 5; burst++) {
                long at = SimTime.us(burst * 50L);
                for (int k = 0; k < 4; k++) {
                    int prio = k % 2 == 0 ? Scheduler.PRIO_HW : Scheduler.PRIO_DEFAULT;
                    int kk = k;
                    Timer t = s.timer("burst" + k, prio, () -> bus.instant(s.now(), hwTrack, "burst", kk, s.eventsRun()));
                    t.scheduleAt(at);
                }
            }
            s.runUntilIdle();
            assertTrue(done.isDone());
        }
        bus.close();
        return new Outputs(Files.readAllBytes(text), Files.readAllBytes(jsonl), Files.readAllBytes(perfetto),
                bus.textSha256(), bus.summary().records());
    }

    @Test
    void tracingTheSameRunTwiceGivesByteIdenticalFiles() throws IOException {
        Outputs a = run("a", 42);
        Outputs b = run("b", 42);
        assertTrue(a.records() > 200, "the workload traces enough to matter: " + a.records());
        assertArrayEquals(a.text(), b.text());
        assertArrayEquals(a.jsonl(), b.jsonl());
        assertArrayEquals(a.perfetto(), b.perfetto());
        assertEquals(a.sha(), b.sha());
        String log = new String(a.text());
        for (String expected : new String[] {"irq          instant  IPCC_RX a=1", "GIC_SPI_100", "rx timeout #1", "critical dur=",
                "burst a=0"}) {
            assertTrue(log.contains(expected), "trace lacks '" + expected + "'");
        }
        assertTrue(log.matches("(?s).*#track \\d+ irq\n.*"), "trace lacks the irq track");
        assertTrue(log.matches("(?s).*#track \\d+ proc [^\n]+\n.*"), "trace lacks the process tracks");
    }

    @Test
    void aDifferentSeedGivesADifferentHash() throws IOException {
        assertNotEquals(run("a", 42).sha(), run("c", 43).sha());
    }
}
