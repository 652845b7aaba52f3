package org.mp15sim.scenario.lang;

/**
 * A scenario file broke a rule of the language. The message reads
 * {@code file:line:column: what is wrong (rule: the rule broken)} so an editor can jump to it.
 */
public final class ScenarioSyntaxException extends Exception {
    private final SourceLine at;
    private final int column;
    private final String problem;
    private final String rule;

    public ScenarioSyntaxException(SourceLine at, int column, String problem, String rule) {
        super(at.where() + ":" + column + ": " + problem + (rule == null ? "" : " (rule: " + rule + ")"));
        this.at = at;
        this.column = column;
        this.problem = problem;
        this.rule = rule;
    }

    public SourceLine at() { return at; }
    /** 1-based column of the offending token. */
    public int column() { return column; }
    public String problem() { return problem; }
    /** The language rule that was broken, as stated in SCENARIOS.md. */
    public String rule() { return rule; }
}
