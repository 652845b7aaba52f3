package org.mp15sim.linux.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.sched.SimEvent;
import org.mp15sim.core.time.SimTime;

/**
 * The kernel log ring. Lines carry the printk timestamp of the simulated time they were logged at, e.g.
 * {@code [    1.234567] remoteproc remoteproc0: powering up m4}.
 */
public final class Dmesg {
    public enum Level { EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG }

    /** One logged line. {@code text} is the message without timestamp. */
    public record Line(long time, Level level, String text) {
        public String formatted() { return "[" + SimTime.printk(time) + "] " + text; }
    }

    private final Scheduler scheduler;
    private final List<Line> lines = new ArrayList<>();
    private final List<Consumer<Line>> listeners = new ArrayList<>();
    private final SimEvent logged = new SimEvent("dmesg");

    public Dmesg(Scheduler scheduler) { this.scheduler = scheduler; }

    public void log(Level level, String text) {
        Line l = new Line(scheduler.now(), level, text);
        lines.add(l);
        for (Consumer<Line> c : listeners) c.accept(l);
        logged.signal();
    }

    public void info(String text) { log(Level.INFO, text); }
    public void warn(String text) { log(Level.WARNING, text); }
    public void err(String text) { log(Level.ERR, text); }
    public void dbg(String text) { log(Level.DEBUG, text); }

    public List<Line> lines() { return List.copyOf(lines); }
    public int size() { return lines.size(); }

    /** The whole log as {@code dmesg} prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) sb.append(l.formatted()).append('\n');
        return sb.toString();
    }

    /** Index of the first line at or after {@code from} containing {@code needle}, or -1. */
    public int find(String needle, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) if (lines.get(i).text().contains(needle)) return i;
        return -1;
    }

    public void addListener(Consumer<Line> l) { listeners.add(l); }

    /** Signalled after every new line (processes wait on it for "wait dmesg ..."). */
    public SimEvent loggedEvent() { return logged; }
}
