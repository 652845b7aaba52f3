package org.mp15sim.scenario.board;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.mp15sim.core.mem.UnmappedPolicy;
import org.mp15sim.linux.kernel.KernelConfig;

/**
 * Everything that describes a board before it is built. {@link #dk2()} and {@link #dk2Tee()} are complete
 * defaults, so the simplest scenario needs one line; every other field is a {@code with...} away.
 *
 * @param deviceTree     which device tree: the bundled DK2 native or DK2 TEE one, or a user file
 * @param deviceTreeFile the user DTS/DTB for {@link DeviceTree#DTS}/{@link DeviceTree#DTB}, else {@code null}
 * @param seed           seed of every pseudo-random choice in the run (default 1)
 * @param unknownAccess  what an access to an unmodelled peripheral or offset does (default: read zero, log once)
 * @param verificationKey public key (PEM file) the secure world embeds; {@code null} = the project test key
 * @param isolation      the secure world firewalls the M4 memories from non-secure masters while it owns them
 *                       (an opt-in model of ST's downstream; upstream OP-TEE does not, so the default is off)
 * @param kernel         Linux build options and timing
 * @param firmwareDir    host folder seen as /lib/firmware after installed files; {@code null} = none
 * @param earlyBoot      ELF the bootloader loads and starts before Linux (M4 in CRUN); {@code null} = none
 * @param timing         named timing parameters of the SoC, secure world and M4 (overrides of their defaults)
 */
public record BoardSpec(DeviceTree deviceTree, Path deviceTreeFile, long seed, UnmappedPolicy unknownAccess,
        Path verificationKey, boolean isolation, KernelConfig kernel, Path firmwareDir, Path earlyBoot,
        Map<String, String> timing) {

    public enum DeviceTree {
        /** STM32MP157C-DK2, upstream stm32mp15xx-dkx: Linux loads the ELF. */
        DK2,
        /** The DK2 with the v22 {@code st,rproc-tee} node: OP-TEE loads a signed image. */
        DK2_TEE,
        DTS,
        DTB
    }

    public BoardSpec {
        timing = Map.copyOf(new TreeMap<>(timing));
    }

    public static BoardSpec dk2() {
        return new BoardSpec(DeviceTree.DK2, null, 1, UnmappedPolicy.WARN_READ_ZERO, null, false, KernelConfig.defaults(), null, null, Map.of());
    }

    public static BoardSpec dk2Tee() { return dk2().withDeviceTree(DeviceTree.DK2_TEE, null); }

    public BoardSpec withDeviceTree(DeviceTree dt, Path file) { return new BoardSpec(dt, file, seed, unknownAccess, verificationKey, isolation, kernel, firmwareDir, earlyBoot, timing); }
    public BoardSpec withSeed(long v) { return new BoardSpec(deviceTree, deviceTreeFile, v, unknownAccess, verificationKey, isolation, kernel, firmwareDir, earlyBoot, timing); }
    public BoardSpec withUnknownAccess(UnmappedPolicy v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, v, verificationKey, isolation, kernel, firmwareDir, earlyBoot, timing); }
    public BoardSpec withVerificationKey(Path v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, v, isolation, kernel, firmwareDir, earlyBoot, timing); }
    public BoardSpec withIsolation(boolean v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, verificationKey, v, kernel, firmwareDir, earlyBoot, timing); }
    public BoardSpec withKernel(KernelConfig v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, verificationKey, isolation, v, firmwareDir, earlyBoot, timing); }
    public BoardSpec withFirmwareDir(Path v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, verificationKey, isolation, kernel, v, earlyBoot, timing); }
    public BoardSpec withEarlyBoot(Path v) { return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, verificationKey, isolation, kernel, firmwareDir, v, timing); }

    public BoardSpec withTiming(String name, String value) {
        Map<String, String> t = new TreeMap<>(timing);
        t.put(name, value);
        return new BoardSpec(deviceTree, deviceTreeFile, seed, unknownAccess, verificationKey, isolation, kernel, firmwareDir, earlyBoot, t);
    }
}
