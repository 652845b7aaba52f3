package org.mp15sim.tee.bench;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Locale;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.tee.client.TeeClientParam;
import org.mp15sim.tee.client.TeeClientResult;
import org.mp15sim.tee.client.TeeContext;
import org.mp15sim.tee.client.TeeShm;
import org.mp15sim.tee.core.SecureClock;
import org.mp15sim.tee.core.TeeConfig;
import org.mp15sim.tee.core.TeeLogin;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;
import org.mp15sim.tee.tools.OfflineDk2;

/**
 * Host throughput of LOAD_FW (header copy, signature check, per-segment copy + SHA-256 + compare, .bss
 * fill, resource-table scan) against the raw JDK SHA-256 of the same image bytes, measured in the same
 * run. Prints MB/s of both and their ratio per image size and key size. Not a unit test: run it with
 * <pre>
 *   ./mvnw -o -q -B -pl tee-optee -am test-compile
 *   java -cp "tee-optee/target/test-classes:tee-optee/target/classes:sim-core/target/test-classes:sim-core/target/classes:$(cat cp.txt)" \
 *       org.mp15sim.tee.bench.LoadFwBenchmark [seconds-per-case]
 * </pre>
 * (see tee-optee/README.md for the class path).
 */
public final class LoadFwBenchmark {
    /** Largest segment: mcuram/mcuram2 are 256 KiB windows of the same SRAM. */
    private static final int MAX_SEGMENT = 0x3F000;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        KeyPair rsa4096 = new KeyPair(
                PemKeys.readPublicKey(TestKeys.shippedPem("mp15sim-default_pub.pem")),
                PemKeys.readPrivateKey(TestKeys.shippedPem("mp15sim-default.pem"), null));
        int[] sizes = {64 << 10, 384 << 10, 4 << 20};
        System.out.printf(Locale.ROOT, "%-8s %-9s %12s %12s %8s %14s%n", "size", "key", "LOAD_FW MB/s",
                "SHA-256 MB/s", "ratio", "simulated");
        for (KeyPair key : new KeyPair[] {TestKeys.rsa2048(), rsa4096}) {
            double[][] t = new double[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                t[i] = run(sizes[i], key, seconds);
            }
            // Per-byte cost between the two largest images: the hash/copy path without the fixed
            // per-image work (signature verification, header copy, session round trip).
            double marginal = (t[2][1] - t[1][1]) / (t[2][0] - t[1][0]);
            System.out.printf(Locale.ROOT, "%-8s %-9s marginal ratio (per byte, 384KiB..4MiB) %.2f%n", "", keyName(key),
                    marginal);
        }
    }

    private static String keyName(KeyPair key) {
        return "RSA-" + ((java.security.interfaces.RSAPublicKey) key.getPublic()).getModulus().bitLength();
    }

    /** An ELF whose PT_LOAD segments total {@code size} bytes, each at its own device address. */
    static byte[] elf(int size) {
        Elf32Builder b = new Elf32Builder();
        int left = size;
        for (int i = 0; left > 0; i++) {
            int n = Math.min(left, MAX_SEGMENT);
            long base = (i % 2 == 0 ? 0x1000_0000L : 0x3000_0000L) + 4L * i;
            b.load(base, TestFirmware.pattern(n, i), n + 64);
            left -= n;
        }
        b.section(".comment", 1, 0, "bench".getBytes());
        return b.build().bytes();
    }

    /** Returns {seconds per LOAD_FW, seconds per raw SHA-256} for one image size. */
    private static double[] run(int size, KeyPair key, double seconds) throws Exception {
        byte[] image = new FirmwareSigner(key.getPrivate(), KeyType.RSA).addImage("bench", elf(size)).sign();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OfflineDk2 board = new OfflineDk2()) {
            Stm32mpSecureWorld world = Stm32mpSecureWorld.create(Stm32RprocPlatform.dk2().withKey(key.getPublic()),
                    TeeConfig.defaults(), board.secureBus(), new SecureClock.Accounting(), Trace.OFF);
            TeeContext ctx = world.client().openContext();
            int session = ctx.openSession(TaRemoteproc.UUID, TeeLogin.REE_KERNEL, TeeClientParam.valueInput(0)).session();
            TeeShm shm = ctx.registerKernelBuffer(image);
            long simulated = 0;
            // Each LOAD_FW is paired with a raw SHA-256 of the same bytes right after it, so both see the
            // same machine state; medians keep a busy host's outliers out of the figures.
            java.util.List<Long> loadNs = new java.util.ArrayList<>();
            java.util.List<Long> shaNs = new java.util.ArrayList<>();
            java.util.List<Double> ratios = new java.util.ArrayList<>();
            long warmUntil = System.nanoTime() + (long) (seconds * 0.3e9);
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            while (true) {
                long t0 = System.nanoTime();
                long c0 = world.core().clock().now();
                TeeClientResult r = ctx.invokeFunc(session, TaRemoteproc.CMD_LOAD_FW, TeeClientParam.valueInput(0),
                        TeeClientParam.memrefInput(shm, 0, image.length));
                long t1 = System.nanoTime();
                if (!r.isSuccess()) {
                    throw new IllegalStateException("LOAD_FW failed: " + r);
                }
                simulated = world.core().clock().now() - c0;
                long t2 = System.nanoTime();
                sha.digest(image);
                long t3 = System.nanoTime();
                ctx.invokeFunc(session, TaRemoteproc.CMD_RELEASE_FW, TeeClientParam.valueInput(0));
                if (t0 > warmUntil) {
                    loadNs.add(t1 - t0);
                    shaNs.add(t3 - t2);
                    ratios.add((double) (t3 - t2) / (t1 - t0));
                }
                if (t3 > deadline && loadNs.size() >= 5) {
                    break;
                }
            }
            double load = median(loadNs) / 1e9;
            double hash = median(shaNs) / 1e9;
            double loadMBs = image.length / load / 1e6;
            double shaMBs = image.length / hash / 1e6;
            System.out.printf(Locale.ROOT, "%-8s %-9s %12.1f %12.1f %8.2f %14s%n", label(size), keyName(key),
                    loadMBs, shaMBs, median(ratios), org.mp15sim.core.time.SimTime.format(simulated));
            return new double[] {load, hash};
        }
    }

    private static <T extends Number & Comparable<T>> double median(java.util.List<T> values) {
        java.util.List<T> sorted = new java.util.ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2).doubleValue();
    }

    private static String label(int size) {
        return size >= 1 << 20 ? (size >> 20) + "MiB" : (size >> 10) + "KiB";
    }
}
