package org.mp15sim.scenario.lang;

import java.nio.file.Path;

/**
 * A host file named in a scenario ({@code install}, {@code board dts}, keys). {@code ${root}/...} is the
 * project checkout, {@code ${shared}/...} the read-only shared inputs (system property {@code mp15sim.shared});
 * anything else is relative to the scenario file's folder, or absolute.
 */
public record FileRef(String text) {
    public static final String ROOT = "${root}";
    public static final String SHARED = "${shared}";

    /** Whether the file lives in the shared inputs (a scenario needing one is skipped when it is absent). */
    public boolean isShared() { return text.startsWith(SHARED); }

    public Path resolve(Path scenarioDir, Path root, Path shared) {
        String t = Bytes.text(text);
        if (t.startsWith(ROOT)) return root.resolve(strip(t, ROOT));
        if (t.startsWith(SHARED)) return shared.resolve(strip(t, SHARED));
        Path p = Path.of(t);
        return p.isAbsolute() || scenarioDir == null ? p : scenarioDir.resolve(p);
    }

    private static String strip(String t, String prefix) {
        String rest = t.substring(prefix.length());
        while (rest.startsWith("/")) rest = rest.substring(1);
        return rest.isEmpty() ? "." : rest;
    }

    @Override public String toString() { return Bytes.text(text); }
}
