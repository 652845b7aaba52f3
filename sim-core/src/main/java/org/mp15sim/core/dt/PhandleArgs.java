package org.mp15sim.core.dt;

import java.util.Arrays;

/**
 * One entry of a phandle list such as {@code mboxes = <&ipcc 0>, <&ipcc 1>}: the node the phandle
 * names and the argument cells that follow it (Linux {@code struct of_phandle_args}).
 */
public record PhandleArgs(Node target, int[] args) {
    public PhandleArgs {
        args = args.clone();
    }

    @Override
    public int[] args() {
        return args.clone();
    }

    public int argCount() {
        return args.length;
    }

    /** Argument {@code index} as a raw 32-bit value. */
    public int arg(int index) {
        if (index < 0 || index >= args.length) {
            throw new DtException("phandle reference to " + target.path() + " has " + args.length
                    + " argument cells, argument " + index + " does not exist");
        }
        return args[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhandleArgs p && p.target == target && Arrays.equals(p.args, args);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(target) * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "<&" + target.path() + (args.length == 0 ? "" : " " + Arrays.toString(args)) + ">";
    }
}
