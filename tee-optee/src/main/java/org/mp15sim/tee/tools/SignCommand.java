package org.mp15sim.tee.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.sign.SigningException;

/** {@code sign}: the options of optee_os scripts/sign_rproc_fw.py. */
public final class SignCommand {
    public int run(String[] args, PrintStream out, PrintStream err) {
        List<String> inputs = new ArrayList<>();
        List<String[]> platTlvs = new ArrayList<>();
        String output = null;
        String key = null;
        String keyType = "RSA";
        String keyPwd = null;
        String keyInfo = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int need = a.equals("--plat-tlv") ? 2 : 1;
            if (!a.startsWith("--")) {
                return usage(err, "unexpected argument '" + a + "'");
            }
            if (i + need >= args.length) {
                return usage(err, a + " needs " + (need == 2 ? "an ID and a VALUE" : "a value"));
            }
            switch (a) {
                case "--in" -> inputs.add(args[++i]);
                case "--out" -> output = args[++i];
                case "--key" -> key = args[++i];
                case "--key_type" -> keyType = args[++i];
                case "--key_pwd" -> keyPwd = args[++i];
                case "--key_info" -> keyInfo = args[++i];
                case "--plat-tlv" -> platTlvs.add(new String[] {args[++i], args[++i]});
                default -> {
                    return usage(err, "unknown option " + a);
                }
            }
        }
        if (inputs.isEmpty() || output == null || key == null) {
            return usage(err, "--in, --out and --key are required");
        }
        KeyType type;
        try {
            type = KeyType.valueOf(keyType);
        } catch (IllegalArgumentException e) {
            return usage(err, "--key_type must be RSA or ECC, not '" + keyType + "'");
        }
        try {
            PrivateKey privateKey = PemKeys.readPrivateKey(
                    Files.readString(Path.of(key), StandardCharsets.US_ASCII), keyPwd == null ? null : keyPwd.toCharArray());
            FirmwareSigner signer = new FirmwareSigner(privateKey, type);
            for (String in : inputs) {
                signer.addImage(in, Files.readAllBytes(Path.of(in)));
            }
            if (keyInfo != null) {
                signer.keyInfo(Files.readAllBytes(Path.of(keyInfo)));
            }
            for (String[] t : platTlvs) {
                signer.platformTlv(FirmwareSigner.parsePlatformTlvId(t[0]), FirmwareSigner.parsePlatformTlvValue(t[1]));
            }
            byte[] signed = signer.sign();
            Files.write(Path.of(output), signed);
            out.printf("%s: %d bytes, %d image(s), %s signature%n", output, signed.length, inputs.size(), type);
            return TeeTool.OK;
        } catch (IOException e) {
            err.println("sign: " + e);
            return TeeTool.FAILED;
        } catch (SigningException e) {
            err.println("sign: " + e.getMessage());
            return TeeTool.FAILED;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("sign: " + message);
        err.print(TeeTool.USAGE_TEXT);
        return TeeTool.USAGE;
    }
}
