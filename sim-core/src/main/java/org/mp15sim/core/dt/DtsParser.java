package org.mp15sim.core.dt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device-tree source reader. Configure include search places and predefined constants, then parse
 * a file, a classpath resource or a string:
 *
 * <pre>{@code
 * DeviceTree t = new DtsParser()
 *         .includeResources(loader, "org/mp15sim/soc/boards")
 *         .parseFile(Path.of("my-board.dts"));
 * }</pre>
 *
 * An include is looked up relative to the including file (or resource) first, unless written
 * {@code #include <x>}, then in each include directory, then under each classpath directory, in the
 * order they were added. Errors are {@link DtSourceException}s carrying file:line:column. A parser
 * keeps no state between parses.
 */
public final class DtsParser {
    private final List<Path> includeDirs = new ArrayList<>();
    private final List<ResourceDir> resourceDirs = new ArrayList<>();
    private final Map<String, String> predefined = new LinkedHashMap<>();

    /** Where a piece of DTS text came from; relative includes are resolved against it. */
    public sealed interface Origin {
    }

    /** A file on disk. */
    public record FileOrigin(Path path) implements Origin {
    }

    /** A classpath resource, by full resource name ({@code "org/mp15sim/soc/boards/x.dts"}). */
    public record ResourceOrigin(ClassLoader loader, String name) implements Origin {
    }

    /** Text handed in directly; it has no directory of its own. */
    public record TextOrigin() implements Origin {
    }

    /** DTS text with its display name (used in error locations) and origin. */
    public record Source(String displayName, String text, Origin origin) {
    }

    private record ResourceDir(ClassLoader loader, String dir) {
    }

    /** Adds a directory searched for includes (like {@code dtc -i} / {@code cpp -I}). */
    public DtsParser includeDirectory(Path dir) {
        includeDirs.add(dir);
        return this;
    }

    /** Adds a classpath directory searched for includes, e.g. {@code "org/mp15sim/soc/boards"}. */
    public DtsParser includeResources(ClassLoader loader, String directory) {
        String d = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        resourceDirs.add(new ResourceDir(loader, d.startsWith("/") ? d.substring(1) : d));
        return this;
    }

    /** Predefines an object-like constant, as {@code -DNAME=value} would. */
    public DtsParser define(String name, String value) {
        if (name.isEmpty() || !DtsLexer.isIdentStart(name.charAt(0))
                || !name.chars().allMatch(DtsLexer::isIdentChar)) {
            throw new IllegalArgumentException("not a macro name: '" + name + "'");
        }
        predefined.put(name, value);
        return this;
    }

    public DeviceTree parseFile(Path file) {
        return parse(new Source(file.toString(), readFile(file), new FileOrigin(file)));
    }

    /** Parses a classpath resource given by its full name (no leading slash needed). */
    public DeviceTree parseResource(ClassLoader loader, String resourceName) {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        return readResource(loader, name).map(this::parse)
                .orElseThrow(() -> new DtException("no classpath resource '" + name + "'"));
    }

    /** Parses text; {@code displayName} appears in error locations. */
    public DeviceTree parseString(String displayName, String text) {
        return parse(new Source(displayName, text, new TextOrigin()));
    }

    /** Shorthand for {@code new DtsParser().parseString(displayName, text)}. */
    public static DeviceTree parse(String displayName, String text) {
        return new DtsParser().parseString(displayName, text);
    }

    public DeviceTree parse(Source source) {
        Map<String, DtsLexer.Define> defines = new LinkedHashMap<>();
        SourceLocation cmdline = new SourceLocation("<predefined>", 1, 1);
        predefined.forEach((k, v) -> defines.put(k, new DtsLexer.Define(k, null, v, cmdline)));
        DtsLexer lexer = new DtsLexer(source, defines, new Resolver());
        return new DtsGrammar(lexer).parse();
    }

    private final class Resolver implements DtsLexer.IncludeResolver {
        @Override
        public Optional<Source> resolve(Source from, String name, boolean angled) {
            if (!angled) {
                Optional<Source> relative = relative(from.origin(), name);
                if (relative.isPresent()) {
                    return relative;
                }
            }
            for (Path dir : includeDirs) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return Optional.of(new Source(p.toString(), readFile(p), new FileOrigin(p)));
                }
            }
            for (ResourceDir rd : resourceDirs) {
                Optional<Source> s = readResource(rd.loader(), normalize(rd.dir() + "/" + name));
                if (s.isPresent()) {
                    return s;
                }
            }
            return Optional.empty();
        }

        @Override
        public String searchDescription(Source from, String name, boolean angled) {
            List<String> places = new ArrayList<>();
            if (!angled) {
                switch (from.origin()) {
                    case FileOrigin f -> places.add(dirOf(f.path()).toString());
                    case ResourceOrigin r -> places.add("classpath:" + parentOf(r.name()));
                    case TextOrigin t -> {
                    }
                }
            }
            includeDirs.forEach(d -> places.add(d.toString()));
            resourceDirs.forEach(r -> places.add("classpath:" + r.dir()));
            return places.isEmpty() ? "nowhere: no include directories are configured" : String.join(", ", places);
        }

        private Optional<Source> relative(Origin origin, String name) {
            return switch (origin) {
                case FileOrigin f -> {
                    Path p = dirOf(f.path()).resolve(name);
                    yield Files.isRegularFile(p) ? Optional.of(new Source(p.toString(), readFile(p), new FileOrigin(p)))
                            : Optional.empty();
                }
                case ResourceOrigin r -> {
                    String parent = parentOf(r.name());
                    yield readResource(r.loader(), normalize(parent.isEmpty() ? name : parent + "/" + name));
                }
                case TextOrigin t -> Optional.empty();
            };
        }
    }

    private static Path dirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static String parentOf(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        return slash < 0 ? "" : resourceName.substring(0, slash);
    }

    /** Folds "." and ".." in a resource name. */
    private static String normalize(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..") && !parts.isEmpty()) {
                parts.removeLast();
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private static Optional<Source> readResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(new Source(name, text, new ResourceOrigin(loader, name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DtException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
