package org.mp15sim.tee.stm32mp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mp15sim.core.mem.AccessRule;
import org.mp15sim.core.mem.AddressSpace;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.PhysicalMemory;
import org.mp15sim.tee.core.IsolationPolicy;
import org.mp15sim.tee.core.TeeResult;

/**
 * The stm32 remoteproc driver of OP-TEE (stm32_remoteproc.c) on the A7 secure bus: region table and
 * DA→PA, the M4's hold-boot and reset through RCC, the memory wipe, and the opt-in isolation policy.
 */
public final class Stm32Rproc {
    /** RCC_TZCR: TZEN (bit 0) = RCC secured, MCKPROT (bit 1) = M4 clock/reset only from secure. */
    public static final long RCC_TZCR = 0x000;
    /** RCC_MP_GCR: BOOT_MCU (bit 0), 0 = hold boot. */
    public static final long RCC_MP_GCR = 0x10C;
    /** RCC_MP_GRSTCSETR: MCURST (bit 1) asserts the M4 subsystem reset; hardware clears it. */
    public static final long RCC_MP_GRSTCSETR = 0x404;
    public static final int TZCR_TZEN = 1;
    public static final int TZCR_MCKPROT = 1 << 1;
    public static final int GCR_BOOT_MCU = 1;
    public static final int GRSTCSETR_MCURST = 1 << 1;

    private record Window(PhysicalMemory memory, long offset, long size) {
        boolean overlaps(long off, long len) {
            return off < offset + size && offset < off + len;
        }

        boolean covers(long off, long len) {
            return off >= offset && off + len <= offset + size;
        }
    }

    /** Not final only for {@link #replaceVerificationKey}: everything but the key stays as built. */
    private Stm32RprocPlatform platform;
    private final AddressSpace bus;
    private final IsolationPolicy policy;
    private final Consumer<String> log;
    private final List<Window> isolated = new ArrayList<>();
    private final List<Window> open = new ArrayList<>();
    private final Map<PhysicalMemory, AccessRule> rules = new LinkedHashMap<>();
    private boolean probed;

    public Stm32Rproc(Stm32RprocPlatform platform, AddressSpace secureBus, IsolationPolicy policy, Consumer<String> log) {
        this.platform = platform;
        this.bus = secureBus;
        this.policy = policy;
        this.log = log;
    }

    public Stm32RprocPlatform platform() {
        return platform;
    }

    /**
     * Fault injection: the board now embeds {@code key} as its firmware verification key, as if an OP-TEE
     * built with another RPROC_SIGN_KEY had been flashed under the running system. The regions, the RCC
     * state and the PTA/TA state are untouched; the next VERIFY_DIGEST checks against {@code key}.
     *
     * @throws IllegalArgumentException if {@code key} is not an RSA key with an exponent of at most 32 bits
     *                                  (what the PTA can embed)
     */
    public void replaceVerificationKey(java.security.PublicKey key) {
        platform = platform.withKey(key);
    }

    /**
     * stm32_rproc_probe: validates the regions, forces the M4 into hold boot + reset, checks RCC
     * TZEN and sets MCKPROT. Returns false (and the rproc stays unregistered) on failure.
     */
    public boolean probe() {
        for (RprocMemoryRegion r : platform.regions()) {
            if (r.pa() == 0 || r.size() == 0) {
                log.accept("stm32-rproc: probe failed: region " + r.name() + " has address or size 0");
                return false;
            }
        }
        if (!stopSequence().isSuccess()) {
            log.accept("stm32-rproc: probe failed: cannot hold the M4");
            return false;
        }
        try {
            long tzcr = bus.read(platform.rccBase() + RCC_TZCR, 4);
            if ((tzcr & TZCR_TZEN) == 0) {
                // Upstream panics unless CFG_INSECURE; the model behaves as CFG_INSECURE=y.
                log.accept("stm32-rproc: WARNING: insecure rproc isolation, RCC is not secure");
            } else {
                bus.write(platform.rccBase() + RCC_TZCR, 4, tzcr | TZCR_MCKPROT);
            }
        } catch (BusErrorException e) {
            log.accept("stm32-rproc: probe failed: " + e.getMessage());
            return false;
        }
        log.accept("stm32-rproc: Warning: the remoteproc memories are not protected by firewall"
                + (policy == IsolationPolicy.ISOLATE ? " (model: isolate policy active)" : ""));
        probed = true;
        return true;
    }

    /** stm32_rproc_get: whether this id names a probed remote processor. */
    public boolean exists(long rprocId) {
        return probed && rprocId == platform.rprocId();
    }

    /** stm32_rproc_da_to_pa: the PA of [da, da+size) when it lies inside one region, else -1. */
    public long daToPa(long da, long size) {
        for (RprocMemoryRegion r : platform.regions()) {
            if (r.containsDa(da, size)) {
                return r.pa() + (da - r.da());
            }
        }
        return -1;
    }

    /** stm32_rproc_map: a writable view of [pa, pa+size) through the secure bus. */
    public MemorySegment map(long pa, long size) {
        return bus.slice(pa, size, true);
    }

    /** stm32_rproc_start: release hold boot then re-assert it so a later M4 reset does not reboot it. */
    public TeeResult start() {
        try {
            long gcr = platform.rccBase() + RCC_MP_GCR;
            bus.write(gcr, 4, bus.read(gcr, 4) | GCR_BOOT_MCU);
            bus.write(gcr, 4, bus.read(gcr, 4) & ~GCR_BOOT_MCU & 0xFFFF_FFFFL);
            return TeeResult.SUCCESS;
        } catch (BusErrorException e) {
            log.accept("stm32-rproc: start: " + e.getMessage());
            return TeeResult.GENERIC;
        }
    }

    /** stm32_rproc_stop: assert hold boot, then the MCU reset (no polling). */
    public TeeResult stop() {
        return stopSequence();
    }

    private TeeResult stopSequence() {
        try {
            long gcr = platform.rccBase() + RCC_MP_GCR;
            bus.write(gcr, 4, bus.read(gcr, 4) & ~GCR_BOOT_MCU & 0xFFFF_FFFFL);
            bus.write(platform.rccBase() + RCC_MP_GRSTCSETR, 4, GRSTCSETR_MCURST);
            return TeeResult.SUCCESS;
        } catch (BusErrorException e) {
            log.accept("stm32-rproc: stop: " + e.getMessage());
            return TeeResult.GENERIC;
        }
    }

    /** stm32_rproc_clean_up_memories: zero every region in DT order; returns the bytes wiped. */
    public long cleanUpMemories() {
        long total = 0;
        for (RprocMemoryRegion r : platform.regions()) {
            map(r.pa(), r.size()).fill((byte) 0);
            total += r.size();
        }
        return total;
    }

    // ------------------------------------------------------------------ isolation (opt-in model)

    /** Closes the firmware regions to non-secure masters other than the remote processor (ISOLATE only). */
    public void isolate() {
        if (policy != IsolationPolicy.ISOLATE || !isolated.isEmpty()) {
            return;
        }
        for (RprocMemoryRegion r : platform.regions()) {
            if (r.shared()) {
                continue;
            }
            Window w = window(r.pa(), r.size());
            if (w == null) {
                log.accept("stm32-rproc: isolate: region " + r.name() + " is not RAM on the secure bus, left open");
                continue;
            }
            isolated.add(w);
            rules.computeIfAbsent(w.memory(), m -> {
                AccessRule rule = (master, offset, length, write) -> isolationDenial(m, master, offset, length);
                m.addRule(rule);
                return rule;
            });
        }
        log.accept("stm32-rproc: isolate: firmware regions closed to the normal world");
    }

    /** Leaves [pa, pa+size) open to the normal world while isolated (the resource table Linux must read). */
    public void keepOpen(long pa, long size) {
        if (policy != IsolationPolicy.ISOLATE) {
            return;
        }
        Window w = window(pa, size);
        if (w != null) {
            open.add(w);
        }
    }

    /** Lifts the isolation (RELEASE). */
    public void lift() {
        rules.forEach(PhysicalMemory::removeRule);
        if (!isolated.isEmpty()) {
            log.accept("stm32-rproc: isolate: firmware regions reopened");
        }
        rules.clear();
        isolated.clear();
        open.clear();
    }

    public boolean isIsolated() {
        return !isolated.isEmpty();
    }

    private String isolationDenial(PhysicalMemory memory, BusMaster master, long offset, long length) {
        if (master.secure() || platform.remoteMaster().test(master)) {
            return null;
        }
        for (Window w : isolated) {
            if (w.memory() != memory || !w.overlaps(offset, length)) {
                continue;
            }
            for (Window o : open) {
                if (o.memory() == w.memory() && o.covers(offset, length)) {
                    return null;
                }
            }
            return "M4 firmware memory isolated by the OP-TEE remoteproc PTA from LOAD until RELEASE";
        }
        return null;
    }

    private Window window(long pa, long size) {
        AddressSpace.Region region = bus.find(pa);
        if (region == null || !region.isMemory() || !region.contains(pa, size)) {
            return null;
        }
        return new Window(region.memory(), region.memOffset() + (pa - region.base()), size);
    }
}
