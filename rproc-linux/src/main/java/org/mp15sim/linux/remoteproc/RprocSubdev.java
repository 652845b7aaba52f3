package org.mp15sim.linux.remoteproc;

/** {@code struct rproc_subdev}: hooks run around the remote processor's start and stop. */
public interface RprocSubdev {
    default int prepare() { return 0; }

    default int start() { return 0; }

    default void stop(boolean crashed) {}

    default void unprepare() {}
}
