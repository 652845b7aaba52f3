package org.mp15sim.linux.mailbox;

import java.util.Arrays;

/**
 * One {@code <&controller cells...>} entry of a DT {@code mboxes} property: the controller's DT node
 * (its path or label, as the controller registered itself) and the {@code #mbox-cells} arguments.
 */
public record MboxSpec(String controller, int... args) {
    public MboxSpec {
        args = args.clone();
    }

    @Override public int[] args() { return args.clone(); }

    int arg(int i) { return args[i]; }

    int argCount() { return args.length; }

    @Override public boolean equals(Object o) {
        return o instanceof MboxSpec s && s.controller.equals(controller) && Arrays.equals(s.args, args);
    }

    @Override public int hashCode() { return controller.hashCode() * 31 + Arrays.hashCode(args); }

    @Override public String toString() { return "<&" + controller + (args.length == 0 ? "" : " " + Arrays.toString(args)) + ">"; }
}
