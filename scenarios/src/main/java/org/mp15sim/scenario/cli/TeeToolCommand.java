package org.mp15sim.scenario.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mp15sim.tee.tools.TeeTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mp15sim sign|verify|inspect}: the secure-world tools of tee-optee ({@link TeeTool}), passed their
 * arguments unchanged; {@code --help} prints the tool's own usage.
 */
abstract class TeeToolCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Everything after the command, in order (options and operands belong to the tool, not to picocli). */
    @CommandLine.Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>();
        all.add(spec.name());
        all.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        if (all.contains("--help") || all.contains("-h")) {
            spec.commandLine().usage(spec.commandLine().getOut());
            rc = new TeeTool().run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        } else {
            rc = new TeeTool().run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return rc;
    }

    @Command(name = "sign", customSynopsis = "mp15sim sign --in ELF [--in ELF]... --out FILE --key PEM [--key_type RSA|ECC] [--key_pwd PASS] [--key_info FILE] [--plat-tlv ID VALUE]...",
            description = "Build an OP-TEE signed remoteproc image (the options of OP-TEE's sign_rproc_fw.py).")
    static final class Sign extends TeeToolCommand {}

    @Command(name = "verify", customSynopsis = "mp15sim verify --key PUB.pem IMAGE", description = "Run the remoteproc TA and STM32MP PTA checks on a signed image offline (DK2 memory map).")
    static final class Verify extends TeeToolCommand {}

    @Command(name = "inspect", customSynopsis = "mp15sim inspect FILE", description = "Describe a signed image or an ELF file.")
    static final class Inspect extends TeeToolCommand {}
}
