package org.mp15sim.core.dt;

/** A DTS source error: the message starts with {@code file:line:column:} and says what was expected. */
public final class DtSourceException extends DtException {
    private final SourceLocation location;
    private final String detail;

    public DtSourceException(SourceLocation location, String detail) {
        super(location + ": " + detail);
        this.location = location;
        this.detail = detail;
    }

    public SourceLocation location() {
        return location;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
