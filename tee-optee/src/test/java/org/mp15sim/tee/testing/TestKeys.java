package org.mp15sim.tee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.mp15sim.tee.sign.PemKeys;

/** Keys for tests: generated once per JVM (fast RSA-2048, P-256) plus the project's shipped key. */
public final class TestKeys {
    private TestKeys() {}

    private static KeyPair rsa2048;
    private static KeyPair other2048;
    private static KeyPair p256;

    public static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = PemKeys.generateRsa(2048, new SecureRandom());
        }
        return rsa2048;
    }

    /** A second, unrelated RSA-2048 key ("wrong key" cases). */
    public static synchronized KeyPair otherRsa2048() {
        if (other2048 == null) {
            other2048 = PemKeys.generateRsa(2048, new SecureRandom());
        }
        return other2048;
    }

    public static synchronized KeyPair p256() {
        if (p256 == null) {
            p256 = PemKeys.generateP256(new SecureRandom());
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
