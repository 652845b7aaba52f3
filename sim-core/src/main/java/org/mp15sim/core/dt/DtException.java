package org.mp15sim.core.dt;

/**
 * A device tree could not be read, or a property does not have the shape a caller asked for.
 * The message always says where (file:line:column, blob offset, or node path and property).
 */
public class DtException extends RuntimeException {
    public DtException(String message) {
        super(message);
    }

    public DtException(String message, Throwable cause) {
        super(message, cause);
    }
}
