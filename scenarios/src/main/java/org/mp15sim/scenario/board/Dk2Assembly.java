package org.mp15sim.scenario.board;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mp15sim.core.cpu.ArmV7mConfig;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.DtException;
import org.mp15sim.core.dt.Node;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.linux.board.LinuxSystem;
import org.mp15sim.linux.board.UBootRemoteproc;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.Stm32mp15Config;
import org.mp15sim.soc.dt.BoardDts;
import org.mp15sim.soc.dt.Stm32RprocBinding;
import org.mp15sim.soc.m4.CortexM4;
import org.mp15sim.tee.core.IsolationPolicy;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.stm32mp.Stm32RprocDt;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/**
 * The composition root: builds an STM32MP157C-DK2 from a {@link BoardSpec} — the SoC with its Cortex-M4, OP-TEE when the device
 * tree names the remoteproc TA, the bootloader's early M4 boot if asked, then Linux, run until its probes are
 * done. Timing parameters ({@code set timing.NAME VALUE}) are listed in {@link #TIMING}.
 */
public final class Dk2Assembly implements BoardFactory {
    /** How long Linux may take to probe before the build is declared stuck (simulated). */
    static final long PROBE_LIMIT = SimTime.seconds(5);

    /** {@code set timing.NAME} parameters and what they set (defaults are documented on each model's config). */
    public static final Map<String, String> TIMING = Map.of(
            "tee.world-switch", "OP-TEE SMC round trip (TeeConfig.worldSwitch, default 10us)",
            "tee.ta-call", "TA to PTA call (TeeConfig.taCall, default 2us)",
            "tee.sha256-rate", "secure-world SHA-256 bytes/s (TeeConfig.sha256Rate, default 20MB/s)",
            "tee.rsa4096-verify", "one RSA-4096 verification (TeeConfig.rsa4096Verify, default 7.5ms; scales with the square of the size)",
            "tee.copy-rate", "secure-world memcpy bytes/s (TeeConfig.copyRate, default 400MB/s)",
            "m4.hz", "Cortex-M4 clock in Hz (Stm32mp15Config.m4Hz, default 209000000)",
            "m4.quantum", "instructions the M4 runs per slice (ArmV7mConfig.quantumInstructions, default 20000)");

    @Override
    public Board build(BoardSpec spec, Trace trace) throws BoardException {
        DeviceTree dt = deviceTree(spec);
        Stm32mp15Config socConfig = Stm32mp15Config.dk2().withUnmappedPolicy(spec.unknownAccess());
        ArmV7mConfig m4Config = CortexM4.config();
        TeeConfig teeConfig = TeeConfig.defaults().withIsolation(spec.isolation() ? IsolationPolicy.ISOLATE : IsolationPolicy.NONE);
        for (Map.Entry<String, String> t : spec.timing().entrySet()) {
            String v = t.getValue();
            try {
                switch (t.getKey()) {
                    case "tee.world-switch" -> teeConfig = teeConfig.withWorldSwitch(SimTime.parse(v));
                    case "tee.ta-call" -> teeConfig = teeConfig.withTaCall(SimTime.parse(v));
                    case "tee.sha256-rate" -> teeConfig = teeConfig.withSha256Rate(Settings.rate(v));
                    case "tee.rsa4096-verify" -> teeConfig = teeConfig.withRsa4096Verify(SimTime.parse(v));
                    case "tee.copy-rate" -> teeConfig = teeConfig.withCopyRate(Settings.rate(v));
                    case "m4.hz" -> socConfig = socConfig.withM4Hz(Long.parseLong(v));
                    case "m4.quantum" -> m4Config = m4Config.withQuantum(Integer.parseInt(v));
                    default -> throw new BoardException("timing." + t.getKey(), "unknown timing parameter 'timing." + t.getKey()
                            + "': known are " + String.join(", ", TIMING.keySet().stream().sorted().map(k -> "timing." + k).toList()), null);
                }
            } catch (IllegalArgumentException e) {
                throw new BoardException("timing." + t.getKey(), "bad value '" + v + "' for timing." + t.getKey() + ": " + e.getMessage(), e);
            }
        }
        Scheduler s = new Scheduler();
        s.setTrace(trace);
        Stm32mp15 soc = null;
        try {
            soc = new Stm32mp15(s, socConfig);
            CortexM4 m4 = soc.createM4Core(m4Config);
            Stm32mpSecureWorld secure = null;
            if (!dt.compatible(Stm32RprocBinding.TEE_RPROC_UUID).isEmpty()) {
                // OP-TEE reads the M4's memories from the same device tree (stm32_rproc_parse_mems).
                Stm32RprocPlatform platform = Stm32RprocDt.platform(dt);
                if (spec.verificationKey() != null) platform = platform.withKey(PemKeys.readPublicKey(text(spec.verificationKey(), "verificationKey")));
                secure = Stm32mpSecureWorld.create(platform, teeConfig, soc.a7Secure(), s);
            }
            if (spec.earlyBoot() != null) UBootRemoteproc.loadAndStart(soc.a7(), dmaRanges(dt), bytes(spec.earlyBoot(), "earlyBoot"));
            LinuxSystem linux = LinuxSystem.boot(s, soc, dt, secure, spec.kernel());
            if (spec.firmwareDir() != null) linux.kernel().firmware().setHostDir(spec.firmwareDir());
            if (!s.runUntil(linux::isUp, s.now() + PROBE_LIMIT)) {
                throw new BoardException(null, "Linux did not finish probing within " + SimTime.format(PROBE_LIMIT) + " of simulated time", null);
            }
            return new Dk2Board(spec, s, soc, m4, secure, linux, dt);
        } catch (BoardException e) {
            close(s, soc);
            throw e;
        } catch (RuntimeException e) {
            close(s, soc);
            throw new BoardException(null, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static void close(Scheduler s, Stm32mp15 soc) {
        s.close();
        if (soc != null) soc.close(); // and its M4 core
    }

    static DeviceTree deviceTree(BoardSpec spec) throws BoardException {
        try {
            return switch (spec.deviceTree()) {
                case DK2 -> BoardDts.bundled("dk2");
                case DK2_TEE -> BoardDts.bundled("dk2-tee");
                case DTS, DTB -> BoardDts.fromPath(spec.deviceTreeFile());
            };
        } catch (DtException e) {
            throw new BoardException("deviceTree", e.getMessage(), e);
        }
    }

    private static List<Range> dmaRanges(DeviceTree dt) throws BoardException {
        List<Node> m4 = dt.compatible(Stm32RprocBinding.COMPATIBLE);
        Node parent = m4.isEmpty() ? null : m4.getFirst().parent().orElse(null);
        if (parent == null || !parent.hasProperty("dma-ranges")) {
            throw new BoardException("earlyBoot", "early boot needs an st,stm32mp1-m4 node under a bus with dma-ranges", null);
        }
        return parent.dmaRanges();
    }

    private static byte[] bytes(Path p, String what) throws BoardException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BoardException(what, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path p, String what) throws BoardException { return new String(bytes(p, what), StandardCharsets.UTF_8); }

    /** The project's default private key (its public half is what {@link Stm32RprocPlatform#dk2()} embeds). */
    static String defaultPrivateKey() {
        try (InputStream in = Stm32RprocPlatform.class.getResourceAsStream("/org/mp15sim/tee/keys/mp15sim-default.pem")) {
            if (in == null) throw new IllegalStateException("the tee-optee module lost its default key resource");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default key resource", e);
        }
    }
}
