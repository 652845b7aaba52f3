package org.mp15sim.tee.stm32mp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.function.Predicate;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.tee.sign.PemKeys;

/**
 * What the secure world knows of a board: the remote processor's id and memory regions (from the DT
 * node "st,stm32mp1-m4-tee"), the RCC base, the public key the PTA verifies firmware with (compiled into
 * OP-TEE from RPROC_SIGN_KEY upstream; configurable per board here), and which bus master is the remote
 * processor itself (exempt from the isolation policy).
 */
public record Stm32RprocPlatform(long rprocId, List<RprocMemoryRegion> regions, RSAPublicKey verificationKey,
        long rccBase, Predicate<BusMaster> remoteMaster) {

    /** STM32_M4_RPROC_ID. */
    public static final long STM32_M4_RPROC_ID = 0;
    public static final long RCC_BASE = 0x5000_0000L;
    /** Resource name of the project's default public key (see org/mp15sim/tee/keys/README.md). */
    public static final String DEFAULT_KEY_RESOURCE = "/org/mp15sim/tee/keys/mp15sim-default_pub.pem";

    public Stm32RprocPlatform {
        regions = List.copyOf(regions);
    }

    /**
     * The STM32MP157C-DK2 map (stm32mp151.dtsi mlahb dma-ranges + stm32mp15xx-dkx.dtsi, spec §4.1), in DT
     * order, with the project's default key; the M4 master is recognised by the name "m4" or "cm4".
     */
    public static Stm32RprocPlatform dk2() {
        return new Stm32RprocPlatform(STM32_M4_RPROC_ID, dk2Regions(), projectDefaultKey(), RCC_BASE,
                m -> m.name().equalsIgnoreCase("m4") || m.name().equalsIgnoreCase("cm4"));
    }

    public static List<RprocMemoryRegion> dk2Regions() {
        return List.of(
                new RprocMemoryRegion("retram", 0x3800_0000L, 0x0000_0000L, 0x1_0000L, false),
                new RprocMemoryRegion("mcuram", 0x3000_0000L, 0x3000_0000L, 0x4_0000L, false),
                new RprocMemoryRegion("mcuram2", 0x1000_0000L, 0x1000_0000L, 0x4_0000L, false),
                new RprocMemoryRegion("vdev0vring0", 0x1004_0000L, 0x1004_0000L, 0x1000L, true),
                new RprocMemoryRegion("vdev0vring1", 0x1004_1000L, 0x1004_1000L, 0x1000L, true),
                new RprocMemoryRegion("vdev0buffer", 0x1004_2000L, 0x1004_2000L, 0x4000L, true),
                new RprocMemoryRegion("ipc_shmem", 0x1004_8000L, 0x1004_8000L, 0x8000L, true));
    }

    /** The project's own RSA-4096 public key, shipped as a resource of this module. */
    public static RSAPublicKey projectDefaultKey() {
        return DefaultKey.KEY;
    }

    /** Read once, on first use. */
    private static final class DefaultKey {
        static final RSAPublicKey KEY = load();
    }

    private static RSAPublicKey load() {
        try (InputStream in = Stm32RprocPlatform.class.getResourceAsStream(DEFAULT_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_KEY_RESOURCE + " is missing from tee-optee");
            }
            return rsa(PemKeys.readPublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Stm32RprocPlatform withKey(PublicKey key) {
        return new Stm32RprocPlatform(rprocId, regions, rsa(key), rccBase, remoteMaster);
    }

    public Stm32RprocPlatform withRegions(List<RprocMemoryRegion> newRegions) {
        return new Stm32RprocPlatform(rprocId, newRegions, verificationKey, rccBase, remoteMaster);
    }

    public Stm32RprocPlatform withRemoteMaster(Predicate<BusMaster> master) {
        return new Stm32RprocPlatform(rprocId, regions, verificationKey, rccBase, master);
    }

    private static RSAPublicKey rsa(PublicKey key) {
        if (!(key instanceof RSAPublicKey r)) {
            throw new IllegalArgumentException("the STM32MP PTA verifies with an RSA public key, got "
                    + key.getAlgorithm());
        }
        if (r.getPublicExponent().bitLength() > 32) {
            // scripts/pem_to_pub_c.py stores the exponent in a uint32_t.
            throw new IllegalArgumentException("the RSA public exponent must fit in 32 bits");
        }
        return r;
    }
}
