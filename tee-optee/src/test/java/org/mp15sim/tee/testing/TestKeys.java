package org.mp15sim.tee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.mp15sim.tee.sign.PemKeys;

/** Keys for tests: project-generated test keys (RSA-2048 x2, P-256) and the project's shipped default key. */
public final class TestKeys {
    private TestKeys() {}

    private static KeyPair rsa2048;
    private static KeyPair other2048;
    private static KeyPair p256;

    public static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = testKey("rsa2048-a.pem");
        }
        return rsa2048;
    }

    private static KeyPair testKey(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/org/mp15sim/tee/testkeys/" + name)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return new KeyPair(PemKeys.readPublicKey(pem), PemKeys.readPrivateKey(pem, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A second, unrelated RSA-2048 key ("wrong key" cases). */
    public static synchronized KeyPair otherRsa2048() {
        if (other2048 == null) {
            other2048 = testKey("rsa2048-b.pem");
        }
        return other2048;
    }

    public static synchronized KeyPair p256() {
        if (p256 == null) {
            p256 = testKey("p256.pem");
        }
        return p256;
    }

    /** The PEM text of a key shipped under org/mp15sim/tee/keys/. */
    public static String shippedPem(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/org/mp15sim/tee/keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource org/mp15sim/tee/keys/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
