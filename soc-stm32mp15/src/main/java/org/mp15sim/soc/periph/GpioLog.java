package org.mp15sim.soc.periph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.mp15sim.core.time.SimTime;

/**
 * Every change of a GPIO output level, in simulated-time order, so a scenario can check that LED7 (PH7 on
 * the DK2) blinks. Records only levels that change; the configuration of the pin (MODER) travels along.
 */
public final class GpioLog {
    /** One output change: port letter, pin, new level, whether MODER had the pin in output mode. */
    public record Change(long time, char port, int pin, boolean high, boolean output) {
        public String pinName() { return "P" + port + pin; }
        @Override public String toString() { return SimTime.format(time) + " " + pinName() + "=" + (high ? 1 : 0) + (output ? "" : " (not an output)"); }
    }

    private final List<Change> changes = new ArrayList<>();
    private final List<Consumer<Change>> listeners = new ArrayList<>();

    void record(Change c) {
        changes.add(c);
        for (Consumer<Change> l : listeners) l.accept(c);
    }

    public void addListener(Consumer<Change> l) { listeners.add(l); }
    public List<Change> changes() { return Collections.unmodifiableList(changes); }

    /** The changes of one pin, e.g. {@code of('H', 7)} for LED7. */
    public List<Change> of(char port, int pin) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) if (c.port == port && c.pin == pin) out.add(c);
        return out;
    }
}
