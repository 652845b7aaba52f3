package org.mp15sim.scenario.board;

/**
 * A board could not be built or could not do what was asked. {@code parameter} names the spec field or
 * {@code set} name at fault (so the runner can point at the scenario line), or is {@code null}.
 */
public final class BoardException extends Exception {
    private final String parameter;

    public BoardException(String message) { this(null, message, null); }

    public BoardException(String parameter, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
    }

    public String parameter() { return parameter; }
}
