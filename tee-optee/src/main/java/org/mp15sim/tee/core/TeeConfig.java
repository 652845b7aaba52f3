package org.mp15sim.tee.core;

import org.mp15sim.core.time.SimTime;

/**
 * Timing parameters and policies of the secure world. Every cost is named, with its default and where
 * the default comes from; scenarios and benchmarks override them per run.
 *
 * @param worldSwitch   one normal-world call into OP-TEE and back (SMC, entry, thread allocation, return)
 *                      for open/invoke/close. Default 10 µs on a 650 MHz Cortex-A7: an estimate
 *                      (order of magnitude of published OP-TEE null-invoke round trips), unconfirmed
 * @param taCall        a TA's TEE_InvokeTACommand/TEE_OpenTASession into a pseudo TA (syscall, param
 *                      copy). Default 2 µs, estimate
 * @param sha256Rate    SHA-256 bytes per second in the secure world. Default 20 MB/s (libtomcrypt
 *                      software SHA-256 at 650 MHz, about 30 cycles/byte)
 * @param rsa4096Verify one RSA-4096 PKCS#1 v1.5 verification with e = 65537. Default 7.5 ms (libtomcrypt
 *                      at 650 MHz); other modulus sizes scale with the square of the size
 * @param copyRate      secure-world memcpy/memset bytes per second between non-secure DDR, TA heap and the
 *                      M4 SRAMs. Default 400 MB/s, the figure the Linux model uses for the same path
 * @param taHeapSize    CFG_REMOTEPROC_TA_HEAP_SIZE: the remoteproc TA heap in bytes. Default 4096 (upstream)
 * @param isolation     access of the normal world to the M4 memories, see {@link IsolationPolicy}.
 *                      Default NONE (upstream)
 */
public record TeeConfig(long worldSwitch, long taCall, long sha256Rate, long rsa4096Verify, long copyRate,
        long taHeapSize, IsolationPolicy isolation) {

    public TeeConfig {
        if (worldSwitch < 0 || taCall < 0 || rsa4096Verify < 0) {
            throw new IllegalArgumentException("TEE timing parameters must not be negative");
        }
        if (sha256Rate <= 0 || copyRate <= 0) {
            throw new IllegalArgumentException("TEE rates must be positive (bytes per second)");
        }
        if (taHeapSize <= 0) {
            throw new IllegalArgumentException("TA heap size must be positive");
        }
    }

    public static TeeConfig defaults() {
        return new TeeConfig(SimTime.us(10), SimTime.us(2), 20_000_000L, SimTime.us(7_500), 400_000_000L, 4096,
                IsolationPolicy.NONE);
    }

    public TeeConfig withWorldSwitch(long v) { return new TeeConfig(v, taCall, sha256Rate, rsa4096Verify, copyRate, taHeapSize, isolation); }
    public TeeConfig withTaCall(long v) { return new TeeConfig(worldSwitch, v, sha256Rate, rsa4096Verify, copyRate, taHeapSize, isolation); }
    public TeeConfig withSha256Rate(long v) { return new TeeConfig(worldSwitch, taCall, v, rsa4096Verify, copyRate, taHeapSize, isolation); }
    public TeeConfig withRsa4096Verify(long v) { return new TeeConfig(worldSwitch, taCall, sha256Rate, v, copyRate, taHeapSize, isolation); }
    public TeeConfig withCopyRate(long v) { return new TeeConfig(worldSwitch, taCall, sha256Rate, rsa4096Verify, v, taHeapSize, isolation); }
    public TeeConfig withTaHeapSize(long v) { return new TeeConfig(worldSwitch, taCall, sha256Rate, rsa4096Verify, copyRate, v, isolation); }
    public TeeConfig withIsolation(IsolationPolicy v) { return new TeeConfig(worldSwitch, taCall, sha256Rate, rsa4096Verify, copyRate, taHeapSize, v); }

    /** Time to hash {@code bytes} bytes. */
    public long sha256Time(long bytes) {
        return SimTime.transferTime(bytes, sha256Rate);
    }

    /** Time to copy or fill {@code bytes} bytes. */
    public long copyTime(long bytes) {
        return SimTime.transferTime(bytes, copyRate);
    }

    /** Time of one RSA verification with a modulus of {@code modulusBits} bits (quadratic in the size). */
    public long rsaVerifyTime(int modulusBits) {
        return Math.round(rsa4096Verify * ((double) modulusBits / 4096) * ((double) modulusBits / 4096));
    }
}
