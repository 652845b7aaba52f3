package org.mp15sim.soc.dt;

import java.util.Optional;
import org.mp15sim.core.dt.SourceLocation;

/**
 * One broken binding rule: the node, the property concerned (empty when the rule is about the node
 * as a whole), a stable rule id, a sentence saying what is wrong, and where in the source the
 * property (or node) was written when the tree came from DTS.
 */
public record BindingViolation(String nodePath, String property, String rule, String message,
        Optional<SourceLocation> location) {
    @Override
    public String toString() {
        return location.map(l -> l + ": ").orElse("") + "node " + nodePath
                + (property.isEmpty() ? "" : ": property '" + property + "'") + ": " + message + " [" + rule + "]";
    }
}
