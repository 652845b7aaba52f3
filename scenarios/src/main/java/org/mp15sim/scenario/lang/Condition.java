package org.mp15sim.scenario.lang;

/**
 * What {@code expect} checks and {@code wait} waits for.
 *
 * @param subject what is observed
 * @param path    the file, for {@link Subject#FILE}, {@link Subject#EXISTS}
 * @param op      the comparison
 * @param operand the expected text (byte string) or regular expression; {@code null} for time and existence
 * @param time    the duration operand of {@link Subject#TIME} (ps)
 */
public record Condition(Subject subject, SimPath path, Op op, String operand, long time) {
    public enum Subject { FILE, DMESG, CONSOLE, TIME, EXISTS }

    public enum Op {
        EQ("=="), NE("!="), CONTAINS("contains"), NOT_CONTAINS("!contains"), MATCHES("matches"),
        LT("<"), LE("<="), GT(">"), GE(">="), EXISTS("exists"), MISSING("missing");

        public final String symbol;

        Op(String symbol) { this.symbol = symbol; }
    }

    /** The condition as a scenario would spell it, for messages and reports. */
    public String text() {
        return switch (subject) {
            case FILE -> path + " " + op.symbol + " " + Bytes.show(operand);
            case DMESG -> "dmesg " + op.symbol + " " + Bytes.show(operand);
            case CONSOLE -> "console " + op.symbol + " " + Bytes.show(operand);
            case TIME -> "time " + op.symbol + " " + org.mp15sim.core.time.SimTime.format(time);
            case EXISTS -> op.symbol + " " + path;
        };
    }

    @Override public String toString() { return text(); }
}
