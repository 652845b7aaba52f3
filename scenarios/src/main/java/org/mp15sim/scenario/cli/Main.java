package org.mp15sim.scenario.cli;

import java.io.PrintStream;
import org.mp15sim.core.sched.Completion;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.signal.IrqLine;
import org.mp15sim.core.time.ClockDomain;
import org.mp15sim.core.time.SimTime;

/**
 * Command-line entry. Until the scenario runner lands, running with no arguments plays a small built-in
 * demo of the simulation kernel: a "Linux" process kicks a doorbell, a "remote" device answers after a
 * delay, and a timeout path fires, then a short report is printed.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("usage: mp15sim            run the built-in kernel demo");
            return 0;
        }
        if (args.length > 0) {
            System.err.println("mp15sim: unknown arguments; try --help");
            return 2;
        }
        return demo(out);
    }

    static int demo(PrintStream out) {
        try (Scheduler s = new Scheduler()) {
            ClockDomain m4 = new ClockDomain("m4", 209_000_000L);
            IrqLine doorbell = new IrqLine(s, "ipcc-rx");
            Completion answered = new Completion(s, "answer");
            StringBuilder log = new StringBuilder();
            doorbell.addListener(high -> {
                if (high) s.schedule("remote-reply", m4.cyclesToPs(20_900), answered::complete);
            });
            s.spawn("linux", () -> {
                for (int i = 0; i < 3; i++) {
                    doorbell.raise();
                    long left = answered.waitFor(SimTime.ms(1));
                    log.append(String.format("[%s] kick %d answered, %s of the 1 ms timeout left%n", SimTime.printk(s.now()), i, SimTime.format(left)));
                    doorbell.lower();
                    s.delay(SimTime.us(50));
                }
                long left = answered.waitFor(SimTime.ms(1));
                log.append(String.format("[%s] unanswered wait timed out (%s)%n", SimTime.printk(s.now()), left == 0 ? "as expected" : "unexpected"));
            });
            s.runUntilIdle();
            out.print(log);
            out.printf("simulated time %s, %d events%n", SimTime.format(s.now()), s.eventsRun());
        }
        return 0;
    }
}
