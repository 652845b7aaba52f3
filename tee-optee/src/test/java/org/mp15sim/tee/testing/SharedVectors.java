package org.mp15sim.tee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The OP-TEE reference vectors live outside the repository (third-party files, never committed); tests
 * read them from the directory named by system property {@code mp15sim.shared} and are skipped when it
 * is absent.
 */
public final class SharedVectors {
    private SharedVectors() {}

    public static Path dir() {
        String shared = System.getProperty("mp15sim.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors", "optee");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "skipped: OP-TEE vectors not found (system property mp15sim.shared=" + shared + ")");
        return dir;
    }

    public static byte[] read(String name) {
        Path file = dir().resolve(name);
        Assumptions.assumeTrue(Files.exists(file), "skipped: vector " + file + " is absent");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String readString(String name) {
        return new String(read(name), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
