package org.mp15sim.scenario.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.soc.dt.BindingViolation;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.soc.dt.Stm32RprocBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "dt", mixinStandardHelpOptions = true, description = "Device-tree tools.", subcommands = DtCommand.Check.class)
final class DtCommand implements Callable<Integer> {
    private final Main main;

    DtCommand(Main main) { this.main = main; }

    @Override
    public Integer call() {
        main.err().println("mp15sim dt: say what to do, e.g. 'mp15sim dt check board.dts' (see mp15sim dt --help)");
        return 2;
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Parse a device tree (DTS with includes, or DTB) and check the remoteproc bindings (st,stm32-rproc, the v22 TEE node).",
                    "FILE may also be a bundled board: " + "dk2, dk2-tee.", "Exit code 0 when valid, 1 when a rule is broken or the file does not parse."})
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand DtCommand parent;

        @Parameters(paramLabel = "FILE", description = "a .dts/.dtb file or a bundled board name")
        String file;

        @Override
        public Integer call() {
            PrintWriter out = parent.main.out();
            DeviceTree tree;
            try {
                tree = BoardDts.load(file);
            } catch (DtException e) {
                out.println(e.getMessage());
                return 1;
            }
            List<BindingViolation> v;
            try {
                v = Stm32RprocBinding.validate(tree);
            } catch (DtException e) {
                out.println(file + ": " + e.getMessage());
                return 1;
            }
            if (v.isEmpty()) {
                out.println(file + ": OK (parsed; remoteproc bindings hold)");
                return 0;
            }
            out.println(file + ": " + v.size() + " binding rule" + (v.size() == 1 ? "" : "s") + " broken:");
            for (BindingViolation b : v) out.println("  " + b);
            return 1;
        }
    }
}
