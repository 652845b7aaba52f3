package org.mp15sim.scenario.run;

import java.util.ArrayList;
import java.util.List;

/** Spans and instants on named tracks, in simulated time, for the report's timeline figure. */
public final class Timeline {
    public record Span(String track, String name, long start, long end) {}

    public record Instant(String track, String name, long time) {}

    private final List<Span> spans = new ArrayList<>();
    private final List<Instant> instants = new ArrayList<>();
    private final List<String> tracks = new ArrayList<>();

    public void span(String track, String name, long start, long end) {
        addTrack(track);
        spans.add(new Span(track, name, start, end));
    }

    public void instant(String track, String name, long time) {
        addTrack(track);
        instants.add(new Instant(track, name, time));
    }

    private void addTrack(String t) { if (!tracks.contains(t)) tracks.add(t); }

    public List<Span> spans() { return List.copyOf(spans); }
    public List<Instant> instants() { return List.copyOf(instants); }
    /** Track names in first-use order. */
    public List<String> tracks() { return List.copyOf(tracks); }

    public long end() {
        long e = 0;
        for (Span s : spans) e = Math.max(e, s.end());
        for (Instant i : instants) e = Math.max(e, i.time());
        return e;
    }
}
