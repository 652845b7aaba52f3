package org.mp15sim.core.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The native Unicorn library and its downcall handles, loaded once per JVM.
 *
 * <p>The library comes from the {@code unidbg-unicorn2} jar ({@code natives/linux_64/libunicorn.so},
 * Unicorn 2.0.1); we use only its C API, not the JNI classes beside it. The resource is extracted
 * once into {@code ~/.cache/mp15sim/unicorn/<sha256>/libunicorn.so} (content-addressed, so two
 * versions never overwrite each other and concurrent JVMs agree). System property
 * {@value #PATH_PROPERTY} or environment variable {@value #PATH_ENV} names another library, e.g.
 * a faster Unicorn 2.1 build; it must export the same API and register numbering.
 */
public final class UnicornLibrary {
    public static final String PATH_PROPERTY = "mp15sim.unicorn.lib";
    public static final String PATH_ENV = "MP15SIM_UNICORN_LIB";
    static final String RESOURCE = "natives/linux_64/libunicorn.so";

    private static volatile UnicornLibrary instance;

    final Path path;
    private final SymbolLookup symbols;
    final int version;
    final MethodHandle ucVersion;
    final MethodHandle ucOpen;
    final MethodHandle ucClose;
    final MethodHandle ucStrerror;
    final MethodHandle ucQuery;
    final MethodHandle ucCtl1Int;
    final MethodHandle ucCtl1Ptr;
    final MethodHandle ucCtl0;
    final MethodHandle ucCtl2Long;
    final MethodHandle ucMemMap;
    final MethodHandle ucMemMapPtr;
    final MethodHandle ucMemUnmap;
    final MethodHandle ucMmioMap;
    final MethodHandle ucMemRead;
    final MethodHandle ucMemWrite;
    final MethodHandle ucRegRead;
    final MethodHandle ucRegWrite;
    final MethodHandle ucRegReadBatch;
    final MethodHandle ucRegWriteBatch;
    final MethodHandle ucHookAdd;
    final MethodHandle ucHookDel;
    final MethodHandle ucEmuStart;
    final MethodHandle ucEmuStop;
    final MethodHandle ucContextAlloc;
    final MethodHandle ucContextSave;
    final MethodHandle ucContextRestore;
    final MethodHandle ucContextFree;

    private UnicornLibrary(Path path) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(path, Arena.global());
        this.symbols = lib;
        // Register accesses never call back into Java, so they may skip the thread-state transition.
        Linker.Option critical = Linker.Option.critical(false);
        ucVersion = down(linker, lib, "uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ucOpen = down(linker, lib, "uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        ucClose = down(linker, lib, "uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        ucStrerror = down(linker, lib, "uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        ucQuery = down(linker, lib, "uc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        // uc_ctl is variadic: uc_ctl(uc, control, ...). One layout per argument shape we use.
        ucCtl1Int = down(linker, lib, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        ucCtl1Ptr = down(linker, lib, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                Linker.Option.firstVariadicArg(2));
        ucCtl0 = down(linker, lib, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        ucCtl2Long = down(linker, lib, "uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(2));
        ucMemMap = down(linker, lib, "uc_mem_map",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        ucMemMapPtr = down(linker, lib, "uc_mem_map_ptr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        ucMemUnmap = down(linker, lib, "uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        ucMmioMap = down(linker, lib, "uc_mmio_map",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // uc_mem_read/write reach MMIO callbacks when they touch an MMIO region: not critical.
        ucMemRead = down(linker, lib, "uc_mem_read",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        ucMemWrite = down(linker, lib, "uc_mem_write",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        ucRegRead = down(linker, lib, "uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                critical);
        ucRegWrite = down(linker, lib, "uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                critical);
        ucRegReadBatch = down(linker, lib, "uc_reg_read_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        ucRegWriteBatch = down(linker, lib, "uc_reg_write_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        // uc_hook_add(uc, uc_hook *hh, int type, void *cb, void *user_data, uint64_t begin, uint64_t end, ...):
        // variadic after `end`; the hooks we add take no extra argument.
        ucHookAdd = down(linker, lib, "uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(7));
        ucHookDel = down(linker, lib, "uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        ucEmuStart = down(linker, lib, "uc_emu_start",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        ucEmuStop = down(linker, lib, "uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        ucContextAlloc = down(linker, lib, "uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ucContextSave = down(linker, lib, "uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ucContextRestore = down(linker, lib, "uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ucContextFree = down(linker, lib, "uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            version = (int) ucVersion.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("uc_version failed in " + path, t);
        }
    }

    private static MethodHandle down(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd,
            Linker.Option... options) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new IllegalStateException(
                "Unicorn library does not export " + name + ": need the Unicorn 2 C API"));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** The process-wide library, loaded on first use. */
    public static UnicornLibrary get() {
        UnicornLibrary lib = instance;
        if (lib == null) {
            synchronized (UnicornLibrary.class) {
                lib = instance;
                if (lib == null) {
                    lib = new UnicornLibrary(locate());
                    instance = lib;
                }
            }
        }
        return lib;
    }

    /** Address of an exported function (for native code that calls the library directly). */
    MemorySegment symbol(String name) {
        return symbols.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name + " in " + path));
    }

    /** Path of the shared object in use. */
    public Path path() {
        return path;
    }

    /** {@code uc_version()} combined value: major << 24 | minor << 16 | patch << 8 | extra. */
    public int versionWord() {
        return version;
    }

    /** Human-readable version, e.g. {@code 2.0.1}. */
    public String version() {
        return (version >>> 24) + "." + (version >>> 16 & 0xff) + "." + (version >>> 8 & 0xff);
    }

    /** {@code uc_strerror(err)}. */
    public String strerror(int err) {
        try {
            MemorySegment s = (MemorySegment) ucStrerror.invokeExact(err);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static Path locate() {
        String override = System.getProperty(PATH_PROPERTY);
        if (override == null || override.isBlank()) {
            override = System.getenv(PATH_ENV);
        }
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("Unicorn library " + p + " (from -D" + PATH_PROPERTY + " or $"
                        + PATH_ENV + ") does not exist");
            }
            return p;
        }
        return extractBundled();
    }

    private static Path extractBundled() {
        byte[] bytes;
        try (InputStream in = UnicornLibrary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE
                        + " not on the class path: add com.github.zhkl0228:unidbg-unicorn2 or set -D" + PATH_PROPERTY);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = cacheRoot().resolve(hash);
        Path target = dir.resolve("libunicorn.so");
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(dir);
            // Write beside and rename, so a concurrent JVM never loads a half-written file.
            Path tmp = Files.createTempFile(dir, "libunicorn", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("extracting " + RESOURCE + " to " + target, e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mp15sim").resolve("unicorn");
    }
}
