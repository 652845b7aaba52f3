package org.mp15sim.scenario.lang;

/** {@code set NAME VALUE}: a timing parameter, kernel option or runner setting, checked when the board is built. */
public record Setting(SourceLine at, String name, String value) {}
