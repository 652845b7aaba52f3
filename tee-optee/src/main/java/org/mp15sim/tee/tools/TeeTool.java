package org.mp15sim.tee.tools;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code TeeTool sign|verify|inspect ...}: the secure-world tools as plain classes, each with a
 * {@code run(args, out, err)} entry returning the exit code (0 success, 1 failure, 2 usage error), so a
 * CLI framework can wrap them without this module depending on it.
 */
public final class TeeTool {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: TeeTool <command> [options]

            commands:
              sign     build a signed remoteproc image (options of OP-TEE's scripts/sign_rproc_fw.py)
                         --in ELF            input ELF, repeatable (images in the order given)
                         --out FILE          output signed image
                         --key PEM           private key (RSA or EC; PKCS#1, SEC1, PKCS#8, encrypted)
                         --key_type RSA|ECC  signature type (default RSA)
                         --key_pwd PASS      password of an encrypted key
                         --key_info FILE     bytes for the PKEYINFO TLV
                         --plat-tlv ID VALUE platform TLV, repeatable; ID in [0x10000, 0x20000),
                                             VALUE 0x... = 4-byte integer, else a UTF-8 string
              verify   run the remoteproc TA and STM32MP PTA checks offline on the DK2 memory map
                         --key PUB.pem       public key the PTA embeds (RSA)
                         IMAGE               signed image
                       prints each step; the last line is the TEE result; exit 0 only for TEE_SUCCESS
              inspect  describe a signed image or an ELF file
                         FILE
            """;

    public static void main(String[] args) {
        System.exit(new TeeTool().run(args, System.out, System.err));
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "sign" -> new SignCommand().run(rest, out, err);
            case "verify" -> new VerifyCommand().run(rest, out, err);
            case "inspect" -> new InspectCommand().run(rest, out, err);
            default -> {
                err.println("TeeTool: unknown command '" + args[0] + "'");
                err.print(USAGE_TEXT);
                yield USAGE;
            }
        };
    }
}
