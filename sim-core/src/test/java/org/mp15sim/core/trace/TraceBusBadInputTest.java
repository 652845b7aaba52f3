package org.mp15sim.core.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceBusBadInputTest {
    private TraceBus bus;
    private int track;

    @BeforeEach
    void open() {
        bus = TraceBus.builder().hashOnly().build();
        track = bus.track("ipcc");
    }

    @AfterEach
    void close() {
        bus.close();
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
    }

    @Test
    void recordOnAnUnregisteredTrackIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> bus.instant(0, 7, "x", 0, 0));
        assertMentions(e, "unregistered track 7", "1 tracks");
        assertThrows(IllegalArgumentException.class, () -> bus.instant(0, -1, "x", 0, 0));
    }

    @Test
    void negativeTimeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> bus.instant(-1, track, "x", 0, 0));
        assertMentions(e, "'x'", "ipcc", "negative time");
    }

    @Test
    void recordWithoutANameIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> bus.begin(0, track, null));
        assertMentions(e, "ipcc", "no name");
    }

    @Test
    void unknownKindsIncludingTrackMetadataAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> bus.record((byte) 42, 0, track, "x", 0, 0, null));
        assertMentions(e, "unknown kind 42");
        assertThrows(IllegalArgumentException.class, () -> bus.record(TraceRecord.TRACK_NAME, 0, track, "fake", 0, 0, null));
    }

    @Test
    void endWithoutBeginIsRejectedButNestedSpansBalance() {
        bus.begin(0, track, "outer");
        bus.begin(1, track, "inner");
        bus.end(2, track, "inner");
        bus.end(3, track, "outer");
        var e = assertThrows(IllegalStateException.class, () -> bus.end(4, track, "outer"));
        assertMentions(e, "END 'outer'", "ipcc", "without a matching BEGIN");
    }

    @Test
    void negativeSpanDurationIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> bus.span(10, -3, track, "isr"));
        assertMentions(e, "isr", "negative duration -3");
    }

    @Test
    void blankTrackNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> bus.track(" "));
        assertThrows(IllegalArgumentException.class, () -> bus.track(null));
    }

    @Test
    void recordingAfterCloseIsAnErrorNotASilentDrop() {
        bus.close();
        var e = assertThrows(IllegalStateException.class, () -> bus.instant(5, track, "late", 0, 0));
        assertMentions(e, "closed", "late");
        assertThrows(IllegalStateException.class, () -> bus.track("new"));
        assertEquals(track, bus.track("ipcc"), "known tracks still resolve");
    }

    @Test
    void summaryAndHashAreOnlyKnownAfterClose() {
        assertThrows(IllegalStateException.class, bus::summary);
        assertThrows(IllegalStateException.class, bus::textSha256);
    }

    @Test
    void hashNeedsATextSink() {
        TraceBus noText = TraceBus.builder().sink(new TraceSink() {
            @Override public void accept(TraceRecord r) {}
            @Override public void close() {}
            @Override public String describe() { return "null"; }
        }).build();
        noText.close();
        var e = assertThrows(IllegalStateException.class, noText::textSha256);
        assertMentions(e, "no text sink");
    }

    @Test
    void builderRejectsBadRingSizesAndMissingSinks() {
        assertThrows(IllegalArgumentException.class, () -> TraceBus.builder().ringSize(1000));
        assertThrows(IllegalArgumentException.class, () -> TraceBus.builder().ringSize(64));
        var e = assertThrows(IllegalStateException.class, () -> TraceBus.builder().build());
        assertMentions(e, "Trace.OFF");
    }

    @Test
    void unwritableFileFailsBuildNamingThePath(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path bad = blocker.resolve("trace.json"); // a directory that is a regular file
        var e = assertThrows(UncheckedIOException.class, () -> TraceBus.builder().perfetto(bad).build());
        assertMentions(e, "file");
    }
}
