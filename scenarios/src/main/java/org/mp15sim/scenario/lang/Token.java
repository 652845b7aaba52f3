package org.mp15sim.scenario.lang;

/** One token of a scenario line: a bare word, a quoted string (escapes resolved) or an operator. */
record Token(Kind kind, String text, int column) {
    enum Kind { WORD, STRING, OP }

    boolean is(String word) { return kind == Kind.WORD && text.equals(word); }
    boolean isOp(String op) { return kind == Kind.OP && text.equals(op); }

    @Override public String toString() {
        return switch (kind) {
            case STRING -> "\"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
