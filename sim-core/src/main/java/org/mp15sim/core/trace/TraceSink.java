package org.mp15sim.core.trace;

import java.io.IOException;

/**
 * A consumer of trace records. Each sink runs on its own thread behind the {@link TraceBus} ring and sees
 * every record in publication order, starting with the {@link TraceRecord#TRACK_NAME} of each track.
 */
public interface TraceSink {
    /** Handles one record; the record object is reused afterwards. */
    void accept(TraceRecord r) throws IOException;

    /** Flushes and releases the output. Called once, on the thread that closes the bus. */
    void close() throws IOException;

    /** Short description for summaries and errors, e.g. {@code perfetto(run.json)}. */
    String describe();
}
