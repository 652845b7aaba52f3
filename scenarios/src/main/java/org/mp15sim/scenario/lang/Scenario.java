package org.mp15sim.scenario.lang;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed scenario: its title, the board it needs, the settings, and the steps in file order.
 *
 * @param file the scenario file ({@code null} for text parsed from memory)
 */
public record Scenario(Path file, String title, BoardDecl board, List<Setting> settings, List<Step> steps) {
    public Scenario {
        settings = List.copyOf(settings);
        steps = List.copyOf(steps);
    }

    /** The folder relative paths in the scenario are resolved against. */
    public Path dir() {
        if (file == null) return null;
        Path parent = file.toAbsolutePath().getParent();
        return parent;
    }

    /** Host files from the shared inputs that the scenario reads (it is skipped when one is absent). */
    public List<FileRef> sharedFiles() {
        java.util.ArrayList<FileRef> out = new java.util.ArrayList<>();
        if (board.file() != null && board.file().isShared()) out.add(board.file());
        for (String opt : java.util.List.of("key", "firmware-path", "early-boot")) {
            String v = board.options().get(opt);
            if (v != null && new FileRef(v).isShared()) out.add(new FileRef(v));
        }
        for (Step s : steps) {
            if (s instanceof Step.Install i) {
                if (i.source().isShared()) out.add(i.source());
                if (i.signKey() != null && i.signKey().isShared()) out.add(i.signKey());
            } else if (s instanceof Step.Inject(var at, Fault.ReplaceKey(FileRef key)) && key.isShared()) {
                out.add(key);
            }
        }
        return out;
    }
}
