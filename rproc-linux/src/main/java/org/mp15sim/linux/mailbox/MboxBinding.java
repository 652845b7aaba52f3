package org.mp15sim.linux.mailbox;

import java.util.List;

/**
 * A consumer node's {@code mboxes} and {@code mbox-names} properties, e.g. for the DK2 m4_rproc:
 * {@code mboxes = <&ipcc 0>, <&ipcc 1>, <&ipcc 2>, <&ipcc 3>; mbox-names = "vq0", "vq1", "shutdown", "detach";}.
 * Names may be empty (a node without {@code mbox-names}).
 */
public record MboxBinding(List<MboxSpec> mboxes, List<String> names) {
    public MboxBinding {
        mboxes = List.copyOf(mboxes);
        names = List.copyOf(names);
    }

    /** The DK2 {@code m4_rproc} binding on controller node {@code ipcc}. */
    public static MboxBinding stm32mp15M4(String ipccNode) {
        return new MboxBinding(List.of(new MboxSpec(ipccNode, 0), new MboxSpec(ipccNode, 1), new MboxSpec(ipccNode, 2),
                new MboxSpec(ipccNode, 3)), List.of("vq0", "vq1", "shutdown", "detach"));
    }

    /** {@code of_property_match_string(np, "mbox-names", name)}: the index, or -1. */
    public int indexOf(String name) { return names.indexOf(name); }
}
