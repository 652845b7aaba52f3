package org.mp15sim.scenario.loadpath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.Dmesg;
import org.mp15sim.scenario.board.BoardException;
import org.mp15sim.scenario.board.BoardFactory;
import org.mp15sim.scenario.board.BoardSpec;
import org.mp15sim.scenario.lang.ScenarioParser;
import org.mp15sim.scenario.lang.ScenarioSyntaxException;
import org.mp15sim.scenario.lang.SourceLine;
import org.mp15sim.scenario.run.BoardSession;
import org.mp15sim.scenario.run.RunOptions;
import org.mp15sim.scenario.run.StepResult;
import org.mp15sim.scenario.run.Timeline;
import org.mp15sim.tee.sign.PemKeys;

/**
 * The load-path benchmark: boots the same firmware (rpmsg_echo.elf grown by {@link PaddedFirmware}) through the
 * native ELF path and the OP-TEE signed path on a fresh DK2 each time, and splits the simulated latency from
 * {@code echo start > state} to the firmware's first rpmsg announcement into phases, read from what the board
 * shows (dmesg timestamps) and from the secure world's cost spans in the trace:
 * <ul>
 *   <li>request_firmware: "powering up" to "Booting fw image" (reading /lib/firmware),
 *   <li>authenticate (TEE): the TA's and PTA's hash, signature and header copies,
 *   <li>copy (TEE): the PTA's segment copies into M4 memory,
 *   <li>load: the rest of "Booting fw image" to "is now up" (ELF parse and copy on the native path, TEE calls,
 *       resource table, virtio set-up, start),
 *   <li>announce: "is now up" to "creating channel" (the M4 boots and announces its rpmsg channel).
 * </ul>
 * Host time is the wall-clock time of the same interval, for information only.
 */
public final class LoadPathBench {
    public enum LoadPath { NATIVE, TEE }

    /**
     * One boot: the path, the padding added to rpmsg_echo.elf, the signing key (TEE), and whether the padding goes
     * to MCU SRAM/RETRAM or to a DDR carve-out (a custom device tree adds it).
     */
    public record Case(LoadPath path, long padding, String key, boolean ddr) {
        public Case(LoadPath path, long padding, String key) { this(path, padding, key, false); }

        public String label() { return (path == LoadPath.NATIVE ? "native" : "tee " + key) + (ddr ? " ddr" : ""); }
    }

    /** The DDR carve-out of the custom device tree: 16 MiB at 0xD0000000, identity-mapped for the M4. */
    static final long DDR_CARVEOUT = 0xD000_0000L;
    static final long DDR_CARVEOUT_SIZE = 0x100_0000L;
    public static final List<Long> DDR_SIZES_KIB = List.of(1024L, 2048L, 4096L);

    /**
     * What one boot measured (ps). {@code outcome} is "ok" or why it stopped (a rejected image).
     *
     * @param fileBytes size of the file in /lib/firmware
     * @param loadBytes bytes in PT_LOAD segments
     */
    public record Result(Case c, long fileBytes, long loadBytes, String outcome, long requestFirmware, long authenticate,
            long copy, long load, long announce, long total, long hostNanos) {}

    /** Trace spans (track "optee") that belong to authentication. */
    static final Set<String> AUTH_SPANS = Set.of("sha256 header+TLV", "sha256 segment", "rsa verify",
            "copy header+TLV+signature to secure memory", "copy hash table");
    static final String COPY_SPAN = "copy segment";

    public static final List<Long> SIZES_KIB = List.of(16L, 32L, 64L, 128L, 192L, 256L, 304L);
    public static final List<String> KEYS = List.of("rsa2048", "rsa3072", "rsa4096", "ecdsa-p256");

    private final BoardFactory factory;
    private final RunOptions options;
    private final byte[] baseElf;
    private final Path work;

    public LoadPathBench(BoardFactory factory, RunOptions options, Path work) throws IOException {
        this.factory = factory;
        this.options = options;
        this.baseElf = Files.readAllBytes(options.root().resolve("firmware/rpmsg_echo/rpmsg_echo.elf"));
        this.work = work;
        Files.createDirectories(work);
    }

    /** The sweep: both paths over the SRAM sizes (RSA-4096), every key at 64 KiB, both paths over the DDR sizes. */
    public static List<Case> standardCases(List<Long> sizesKib, List<Long> ddrKib) {
        List<Case> out = new ArrayList<>();
        for (long k : sizesKib) {
            out.add(new Case(LoadPath.NATIVE, Math.min(k * 1024, PaddedFirmware.MAX_PADDING), "-"));
            out.add(new Case(LoadPath.TEE, Math.min(k * 1024, PaddedFirmware.MAX_PADDING), "rsa4096"));
        }
        for (String key : KEYS) if (!key.equals("rsa4096")) out.add(new Case(LoadPath.TEE, 64 * 1024, key));
        for (long k : ddrKib) {
            out.add(new Case(LoadPath.NATIVE, k * 1024, "-", true));
            out.add(new Case(LoadPath.TEE, k * 1024, "rsa4096", true));
        }
        return out;
    }

    public Result run(Case c) throws BoardException, IOException {
        byte[] elf = c.ddr() ? PaddedFirmware.padAt(baseElf, DDR_CARVEOUT, c.padding()) : PaddedFirmware.pad(baseElf, c.padding());
        byte[] fw = elf;
        BoardSpec spec = c.ddr() ? BoardSpec.dk2().withDeviceTree(BoardSpec.DeviceTree.DTS, ddrTree(c.path())) : BoardSpec.dk2();
        byte[] privatePem = null;
        if (c.path() == LoadPath.TEE) {
            if (!c.ddr()) spec = BoardSpec.dk2Tee();
            if (!c.key().equals("rsa4096")) {
                var pair = switch (c.key()) {
                    case "rsa2048" -> PemKeys.generateRsa(2048, seeded(c.key()));
                    case "rsa3072" -> PemKeys.generateRsa(3072, seeded(c.key()));
                    case "ecdsa-p256" -> PemKeys.generateP256(seeded(c.key()));
                    default -> throw new IllegalArgumentException("unknown key " + c.key() + " (" + KEYS + ")");
                };
                privatePem = PemKeys.writePkcs8(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
                // The STM32MP PTA embeds an RSA key only: with an ECDSA image the board keeps its default key,
                // and the TA's answer to the ECDSA signature type is what is measured.
                if (c.key().startsWith("rsa")) {
                    Path pub = work.resolve(c.key() + "_pub.pem");
                    Files.writeString(pub, PemKeys.writePublic(pair.getPublic()));
                    spec = spec.withVerificationKey(pub);
                }
            }
        }
        try (BoardSession s = BoardSession.open(factory, spec, options, null, null, "load-path " + c.label())) {
            if (c.path() == LoadPath.TEE) fw = s.board().sign(fw, privatePem);
            s.board().linux().firmware().install("fw", fw);
            step(s, "echo fw > firmware");
            long host0 = System.nanoTime();
            long t0 = s.board().scheduler().now();
            StepResult start = s.execute(parse("echo start > state"));
            String outcome = "ok";
            if (start.status() != StepResult.Status.PASSED) {
                outcome = "rejected: " + start.message();
            } else {
                StepResult w = s.execute(parse("wait dmesg \"creating channel\" within 1s"));
                if (w.status() != StepResult.Status.PASSED) outcome = "no announcement: " + w.message();
            }
            long hostNanos = System.nanoTime() - host0;
            List<Dmesg.Line> lines = s.board().linux().dmesg().lines();
            long power = time(lines, "powering up", t0);
            long booting = time(lines, "Booting fw image", t0);
            long up = time(lines, "is now up", -1);
            long ann = time(lines, "creating channel", -1);
            long auth = 0;
            long copy = 0;
            Timeline tl = s.timeline();
            for (Timeline.Span sp : tl.spans()) {
                if (!sp.track().equals("optee") || sp.start() < t0) continue;
                if (AUTH_SPANS.contains(sp.name())) auth += sp.end() - sp.start();
                else if (sp.name().equals(COPY_SPAN)) copy += sp.end() - sp.start();
            }
            long end = ann >= 0 ? ann : start.end();
            long loadEnd = up >= 0 ? up : start.end();
            return new Result(c, fw.length, PaddedFirmware.loadBytes(elf),
                    outcome, booting - power, auth, copy, loadEnd - booting - auth - copy, ann >= 0 && up >= 0 ? ann - up : -1, end - t0, hostNanos);
        }
    }

    /** The bundled DK2 (native or TEE) plus a 16 MiB DDR carve-out in the M4's memory-region and the mlahb dma-ranges. */
    private Path ddrTree(LoadPath path) throws IOException {
        Path f = work.resolve("dk2-ddr-" + path.name().toLowerCase(Locale.ROOT) + ".dts");
        Files.writeString(f, String.format(Locale.ROOT, """
                /* load-path benchmark: the DK2 with a DDR carve-out for large M4 images */
                /dts-v1/;
                #include "%s"

                / {
                	reserved-memory {
                		m4_ddr: m4-ddr@%x {
                			compatible = "shared-dma-pool";
                			reg = <0x%x 0x%x>;
                			no-map;
                		};
                	};
                };

                &mlahb {
                	dma-ranges = <0x00000000 0x38000000 0x10000>,
                		     <0x10000000 0x10000000 0x60000>,
                		     <0x30000000 0x30000000 0x60000>,
                		     <0x%x 0x%x 0x%x>;
                };

                &m4_rproc {
                	memory-region = <&retram>, <&mcuram>, <&mcuram2>, <&vdev0vring0>,
                			<&vdev0vring1>, <&vdev0buffer>, <&m4_ddr>;
                };
                """, path == LoadPath.TEE ? "stm32mp157c-dk2-tee.dts" : "stm32mp157c-dk2.dts",
                DDR_CARVEOUT, DDR_CARVEOUT, DDR_CARVEOUT_SIZE, DDR_CARVEOUT, DDR_CARVEOUT, DDR_CARVEOUT_SIZE));
        return f;
    }

    private static long time(List<Dmesg.Line> lines, String needle, long fallback) {
        for (Dmesg.Line l : lines) if (l.text().contains(needle)) return l.time();
        return fallback;
    }

    private static SecureRandom seeded(String key) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(("mp15sim load-path " + key).getBytes(StandardCharsets.US_ASCII));
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void step(BoardSession s, String statement) {
        StepResult r = s.execute(parse(statement));
        if (r.status() != StepResult.Status.PASSED) throw new IllegalStateException(statement + ": " + r.message());
    }

    private static org.mp15sim.scenario.lang.Step parse(String statement) {
        try {
            return ScenarioParser.parseStep(new SourceLine(null, 0, statement));
        } catch (ScenarioSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the cases, writes load-path.md, load-path.csv and load-path.png into {@code out}; returns the results. */
    public List<Result> runAll(List<Case> cases, Path out, java.io.PrintWriter progress) throws BoardException, IOException {
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            Result r = run(c);
            results.add(r);
            progress.printf(Locale.ROOT, "%-16s %7d bytes  total %-12s %s%n", c.label(), r.loadBytes(), fmt(r.total()), r.outcome());
            progress.flush();
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("load-path.md"), markdown(results));
        Files.writeString(out.resolve("load-path.csv"), csv(results));
        LatencyChart.write(results, out.resolve("load-path.png"), false);
        LatencyChart.write(results, out.resolve("load-path-ddr.png"), true);
        return results;
    }

    // ------------------------------------------------------------------ output

    static String us(long ps) { return ps < 0 ? "—" : String.format(Locale.ROOT, "%.1f", ps / 1e6); }

    public static String markdown(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| path | key | region | load bytes | file bytes | request_firmware µs | authenticate µs | copy µs | load µs | announce µs | total µs | host ms | outcome |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %.1f | %s |%n",
                    r.c().path().name().toLowerCase(Locale.ROOT), r.c().key(), r.c().ddr() ? "ddr" : "sram", r.loadBytes(), r.fileBytes(), us(r.requestFirmware()),
                    r.c().path() == LoadPath.TEE ? us(r.authenticate()) : "—", r.c().path() == LoadPath.TEE ? us(r.copy()) : "—",
                    us(r.load()), us(r.announce()), us(r.total()), r.hostNanos() / 1e6, r.outcome().replace('|', '/')));
        }
        return sb.toString();
    }

    public static String csv(List<Result> results) {
        StringBuilder sb = new StringBuilder("path,key,region,load_bytes,file_bytes,request_firmware_ps,authenticate_ps,copy_ps,load_ps,announce_ps,total_ps,host_ns,outcome\n");
        for (Result r : results) {
            sb.append(String.join(",", r.c().path().name().toLowerCase(Locale.ROOT), r.c().key(), r.c().ddr() ? "ddr" : "sram", Long.toString(r.loadBytes()), Long.toString(r.fileBytes()),
                    Long.toString(r.requestFirmware()), Long.toString(r.authenticate()), Long.toString(r.copy()), Long.toString(r.load()),
                    Long.toString(r.announce()), Long.toString(r.total()), Long.toString(r.hostNanos()), "\"" + r.outcome().replace("\"", "'") + "\"")).append('\n');
        }
        return sb.toString();
    }

    /** Pretty simulated time for a console summary. */
    static String fmt(long ps) { return ps < 0 ? "—" : SimTime.format(ps); }
}
