package org.mp15sim.soc.dt;

/**
 * One broken binding rule: the node, the property concerned (empty when the rule is about the node
 * as a whole), a stable rule id, and a sentence saying what is wrong.
 */
public record BindingViolation(String nodePath, String property, String rule, String message) {
    @Override
    public String toString() {
        return "node " + nodePath + (property.isEmpty() ? "" : ": property '" + property + "'") + ": " + message
                + " [" + rule + "]";
    }
}
