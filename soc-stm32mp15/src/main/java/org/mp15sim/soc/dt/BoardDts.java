package org.mp15sim.soc.dt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Dtb;
import org.mp15sim.core.dt.DtsParser;

/**
 * Entry point for board device trees: the bundled boards by name, or a user DTS/DTB file. A user
 * DTS may {@code #include "stm32mp151.dtsi"} or any bundled file; they are found on the classpath.
 */
public final class BoardDts {
    /** Classpath directory of the bundled board files. */
    public static final String RESOURCE_DIR = "org/mp15sim/soc/boards";

    private static final Map<String, String> BUNDLED = new LinkedHashMap<>();

    static {
        BUNDLED.put("dk2", "stm32mp157c-dk2.dts");
        BUNDLED.put("dk2-tee", "stm32mp157c-dk2-tee.dts");
    }

    private BoardDts() {
    }

    /** Names accepted by {@link #bundled(String)}: {@code "dk2"} (native) and {@code "dk2-tee"} (OP-TEE loads the M4). */
    public static List<String> bundledNames() {
        return List.copyOf(BUNDLED.keySet());
    }

    /** The resource name of a bundled board, e.g. {@code org/mp15sim/soc/boards/stm32mp157c-dk2.dts}. */
    public static String resourceName(String board) {
        String file = BUNDLED.get(board);
        if (file == null) {
            throw new DtException("unknown board '" + board + "': bundled boards are " + String.join(", ", bundledNames()));
        }
        return RESOURCE_DIR + "/" + file;
    }

    /** A bundled board by name. */
    public static DeviceTree bundled(String board) {
        return parser().parseResource(BoardDts.class.getClassLoader(), resourceName(board));
    }

    /** A bundled board name, or else a path to a DTS or DTB file (told apart by the DTB magic). */
    public static DeviceTree load(String boardOrPath) {
        if (BUNDLED.containsKey(boardOrPath)) {
            return bundled(boardOrPath);
        }
        Path p = Path.of(boardOrPath);
        if (!Files.exists(p)) {
            throw new DtException("'" + boardOrPath + "' is neither a bundled board (" + String.join(", ", bundledNames())
                    + ") nor an existing file");
        }
        return fromPath(p);
    }

    /** A DTS or DTB file. */
    public static DeviceTree fromPath(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DtException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (Dtb.looksLikeDtb(data)) {
            return Dtb.read(data, file.toString());
        }
        return parser().parseFile(file);
    }

    /** A parser that also finds the bundled files (stm32mp151.dtsi, stm32mp15-constants.h, ...). */
    public static DtsParser parser() {
        return new DtsParser().includeResources(BoardDts.class.getClassLoader(), RESOURCE_DIR);
    }
}
