package org.mp15sim.scenario.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.core.trace.Trace;

/**
 * The trace a scenario run hands to its board: it keeps the spans and instants for the report's timeline
 * (synchronously, bounded) and forwards every record to an optional downstream trace (the Perfetto
 * {@code TraceBus}). Track ids are this trace's own, mapped to the downstream's on registration.
 */
final class RecordingTrace extends Trace {
    /** Beyond this many timeline entries the figure would be unreadable anyway; later ones go to the trace file only. */
    static final int TIMELINE_LIMIT = 20_000;

    private final Trace downstream;
    private final Timeline timeline;
    private final List<String> names = new ArrayList<>();
    private final List<Integer> downstreamIds = new ArrayList<>();
    private final List<ArrayDeque<long[]>> open = new ArrayList<>();
    private int kept;
    private boolean truncated;

    RecordingTrace(Trace downstream, Timeline timeline) {
        this.downstream = downstream == null ? Trace.OFF : downstream;
        this.timeline = timeline;
    }

    @Override public boolean enabled() { return true; }

    @Override
    public int track(String name) {
        int i = names.indexOf(name);
        if (i >= 0) return i;
        names.add(name);
        downstreamIds.add(downstream.track(name));
        open.add(new ArrayDeque<>());
        return names.size() - 1;
    }

    @Override
    public void record(byte kind, long time, int track, String name, long a, long b, String text) {
        downstream.record(kind, time, downstreamIds.get(track), name, a, b, text);
        String t = names.get(track);
        switch (kind) {
            case BEGIN -> open.get(track).push(new long[] {time});
            case END -> {
                long[] start = open.get(track).poll();
                if (start != null) keep(time, () -> timeline.span(t, name, start[0], time));
            }
            case SPAN -> keep(time, () -> timeline.span(t, name, time, time + a));
            case INSTANT -> keep(time, () -> timeline.instant(t, name, time));
            case LOG -> keep(time, () -> timeline.instant(t, text == null ? name : text, time));
            default -> { }
        }
    }

    private void keep(long time, Runnable add) {
        if (kept < TIMELINE_LIMIT) {
            kept++;
            add.run();
        } else if (!truncated) {
            truncated = true;
            timeline.instant("timeline", "truncated: later entries are only in the --trace file", time);
        }
    }
}
