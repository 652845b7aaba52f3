package org.mp15sim.core.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.time.SimTime;

class SchedulerTest {

    @Test
    void equalTimeEventsRunInPriorityThenInsertionOrder() {
        try (Scheduler s = new Scheduler()) {
            List<String> log = new ArrayList<>();
            s.schedule("a", 10, () -> log.add("a"));
            s.timer("hw", Scheduler.PRIO_HW, () -> log.add("hw")).scheduleIn(10);
            s.schedule("b", 10, () -> log.add("b"));
            s.schedule("early", 5, () -> log.add("early"));
            s.runUntilIdle();
            assertEquals(List.of("early", "hw", "a", "b"), log);
            assertEquals(10, s.now());
        }
    }

    @Test
    void cancelledAndMovedTimersFireOnceAtTheirNewTime() {
        try (Scheduler s = new Scheduler()) {
            List<Long> fired = new ArrayList<>();
            Timer t = s.timer("t", () -> fired.add(s.now()));
            t.scheduleIn(100);
            t.scheduleIn(50);
            Timer c = s.schedule("c", 70, () -> fired.add(-1L));
            assertTrue(c.cancel());
            assertFalse(c.cancel());
            s.runUntilIdle();
            assertEquals(List.of(50L), fired);
        }
    }

    @Test
    void runUntilAdvancesTimeToTheLimitAndLeavesLaterEvents() {
        try (Scheduler s = new Scheduler()) {
            int[] n = {0};
            s.schedule(SimTime.ms(1), () -> n[0]++);
            s.schedule(SimTime.ms(3), () -> n[0]++);
            s.runUntil(SimTime.ms(2));
            assertEquals(1, n[0]);
            assertEquals(SimTime.ms(2), s.now());
            assertEquals(1, s.pending());
        }
    }

    @Test
    void schedulingInThePastIsRejectedWithContext() {
        try (Scheduler s = new Scheduler()) {
            s.runUntil(1000);
            var e = assertThrows(IllegalArgumentException.class, () -> s.scheduleAt("late", 10, () -> {}));
            assertTrue(e.getMessage().contains("late"), e.getMessage());
            assertTrue(e.getMessage().contains("past"), e.getMessage());
        }
    }

    @Test
    void processesDelayAndInterleaveDeterministically() {
        try (Scheduler s = new Scheduler()) {
            List<String> log = new ArrayList<>();
            s.spawn("p1", () -> {
                for (int i = 0; i < 3; i++) {
                    log.add("p1@" + s.now());
                    s.delay(10);
                }
            });
            s.spawn("p2", () -> {
                for (int i = 0; i < 3; i++) {
                    log.add("p2@" + s.now());
                    s.delay(15);
                }
            });
            s.runUntilIdle();
            assertEquals(List.of("p1@0", "p2@0", "p1@10", "p2@15", "p1@20", "p2@30"), log);
        }
    }

    @Test
    void awaitReturnsTrueWhenNotifiedAndFalseOnTimeout() {
        try (Scheduler s = new Scheduler()) {
            SimEvent ev = new SimEvent("ev");
            List<String> log = new ArrayList<>();
            s.spawn("waiter", () -> {
                log.add("first=" + s.await(ev, 100) + "@" + s.now());
                log.add("second=" + s.await(ev, 100) + "@" + s.now());
            });
            s.schedule(40, ev::signal);
            s.runUntilIdle();
            assertEquals(List.of("first=true@40", "second=false@140"), log);
        }
    }

    @Test
    void completionTimesOutWithZeroAndCompletesWithTimeLeft() {
        try (Scheduler s = new Scheduler()) {
            Completion c = new Completion(s, "c");
            long[] r = new long[2];
            s.spawn("w", () -> {
                r[0] = c.waitFor(SimTime.ms(500));
                r[1] = c.waitFor(SimTime.ms(500));
            });
            s.schedule(SimTime.ms(100), c::complete);
            s.runUntilIdle();
            assertEquals(SimTime.ms(400), r[0]);
            assertEquals(0, r[1]);
            assertEquals(SimTime.ms(600), s.now());
        }
    }

    @Test
    void mutexHandsOverInFifoOrder() {
        try (Scheduler s = new Scheduler()) {
            SimMutex m = new SimMutex(s, "lock");
            List<String> log = new ArrayList<>();
            for (String n : List.of("a", "b", "c")) {
                s.spawn(n, () -> {
                    m.lock();
                    log.add(n + "+" + s.now());
                    s.delay(10);
                    log.add(n + "-" + s.now());
                    m.unlock();
                });
            }
            s.runUntilIdle();
            assertEquals(List.of("a+0", "a-10", "b+10", "b-20", "c+20", "c-30"), log);
        }
    }

    @Test
    void exceptionInProcessFailsTheRunWithNameAndTime() {
        try (Scheduler s = new Scheduler()) {
            s.spawn("kthread", () -> {
                s.delay(SimTime.ms(2));
                throw new IllegalStateException("boom");
            });
            var e = assertThrows(SimulationException.class, s::runUntilIdle);
            assertTrue(e.getMessage().contains("kthread"), e.getMessage());
            assertEquals(SimTime.ms(2), e.time());
            assertEquals("boom", e.getCause().getMessage());
        }
    }

    @Test
    void waitingOutsideAProcessIsAnError() {
        try (Scheduler s = new Scheduler()) {
            var e = assertThrows(IllegalStateException.class, () -> s.delay(5));
            assertTrue(e.getMessage().contains("outside a simulation process"), e.getMessage());
        }
    }

    @Test
    void runUntilConditionStopsAsSoonAsItHolds() {
        try (Scheduler s = new Scheduler()) {
            int[] n = {0};
            for (int i = 1; i <= 10; i++) s.schedule(i * 10L, () -> n[0]++);
            assertTrue(s.runUntil(() -> n[0] == 3, 1000));
            assertEquals(30, s.now());
            assertFalse(s.runUntil(() -> n[0] == 99, 200));
            assertEquals(200, s.now());
        }
    }

    @Test
    void inboxRunsStimuliFromOtherThreadsInsideTheSimulation() throws Exception {
        try (Scheduler s = new Scheduler()) {
            List<Long> seen = new ArrayList<>();
            Thread t = new Thread(() -> s.inbox().post(() -> seen.add(s.now())));
            s.runUntil(100);
            t.start();
            t.join();
            s.schedule(50, () -> {});
            s.runUntilIdle();
            assertEquals(List.of(100L), seen);
        }
    }

    @Test
    void manyHandOffsComplete() {
        try (Scheduler s = new Scheduler()) {
            int[] n = {0};
            s.spawn("ping", () -> {
                for (int i = 0; i < 20000; i++) {
                    s.delay(1);
                    n[0]++;
                }
            });
            s.runUntilIdle();
            assertEquals(20000, n[0]);
            assertEquals(20000, s.now());
        }
    }

    @Test
    void processesShowTheirBusyAndWaitingTimeAsSpansOnTheirOwnTrack() {
        List<String> spans = new ArrayList<>();
        org.mp15sim.core.trace.Trace rec = new org.mp15sim.core.trace.Trace() {
            private final List<String> tracks = new ArrayList<>();
            @Override public boolean enabled() { return true; }
            @Override public int track(String name) {
                if (!tracks.contains(name)) tracks.add(name);
                return tracks.indexOf(name);
            }
            @Override public void record(byte kind, long time, int track, String name, long a, long b, String text) {
                if (kind == SPAN) spans.add(tracks.get(track) + " " + name + " @" + time + "+" + a);
            }
        };
        try (Scheduler s = new Scheduler()) {
            s.setTrace(rec);
            SimEvent ev = new SimEvent("doorbell");
            s.spawn("kthread", () -> {
                s.delay(100);
                s.await(ev, 1000);
            });
            s.schedule(250, ev::signal);
            s.runUntilIdle();
        }
        assertEquals(List.of("proc kthread run @0+100", "proc kthread doorbell @100+150"), spans);
    }
}
