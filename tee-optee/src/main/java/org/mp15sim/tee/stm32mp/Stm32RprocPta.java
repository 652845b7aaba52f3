package org.mp15sim.tee.stm32mp;

import static org.mp15sim.tee.core.TeeParamType.MEMREF_INPUT;
import static org.mp15sim.tee.core.TeeParamType.NONE;
import static org.mp15sim.tee.core.TeeParamType.VALUE_INPUT;
import static org.mp15sim.tee.core.TeeParamType.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.mp15sim.core.mem.BusErrorException;
import org.mp15sim.tee.core.TaEnvironment;
import org.mp15sim.tee.core.TaProperties;
import org.mp15sim.tee.core.TaSession;
import org.mp15sim.tee.core.TeeMemref;
import org.mp15sim.tee.core.TeeParam;
import org.mp15sim.tee.core.TeeParamType;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.core.TrustedApplication;
import org.mp15sim.tee.rproc.RprocPta;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.sign.PemKeys;

/**
 * The STM32MP remoteproc pseudo TA (core/pta/stm32mp/remoteproc_pta.c): only the remoteproc TA may open
 * it; it reports ELF + hash-table capabilities, copies segments into the M4 memories and checks their
 * SHA-256 on the copy (zeroing it on mismatch), fills .bss, translates device addresses, verifies the
 * header signature with the board's RSA key, starts/stops the M4 through RCC and wipes the memories on
 * release. One global OFF/ON flag guards everything (a single remote processor).
 */
public final class Stm32RprocPta implements TrustedApplication {
    public static final TaProperties PROPERTIES = TaProperties.pseudoTa(RprocPta.UUID, "remoteproc.pta");

    private static final int PT_ID = TeeParamType.types(VALUE_INPUT, NONE, NONE, NONE);
    private static final int PT_CAPS = TeeParamType.types(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
    private static final int PT_LOAD_SEGMENT = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, VALUE_INPUT, MEMREF_INPUT);
    private static final int PT_SET_MEMORY = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_INPUT);
    private static final int PT_DA_TO_PA = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT);
    private static final int PT_VERIFY = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, MEMREF_INPUT);

    /** DER DigestInfo prefix of SHA-256 (PKCS#1 v1.5 EMSA encoding). */
    private static final byte[] SHA256_DIGEST_INFO = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

    private final Stm32Rproc rproc;
    private final MessageDigest sha256;
    private final Signature rsaVerifier;
    private final byte[] chunk = new byte[64 << 10];
    private TaEnvironment env;
    /** rproc_ta_state: REMOTEPROC_OFF / REMOTEPROC_ON, global for the single remote processor. */
    private boolean on;

    public Stm32RprocPta(Stm32Rproc rproc) {
        this.rproc = rproc;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.rsaVerifier = Signature.getInstance("NONEwithRSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the PTA considers the remote processor running (its global flag). */
    public boolean isOn() {
        return on;
    }

    @Override
    public TeeResult create(TaEnvironment env) {
        this.env = env;
        return TeeResult.SUCCESS;
    }

    // rproc_pta_open_session
    @Override
    public TeeResult openSession(TaSession session, int pt, TeeParam[] params) {
        if (pt != PT_ID) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (!session.client().isTrustedApp() || !TaRemoteproc.UUID.equals(session.client().uuid())) {
            env.log("open session refused: caller is not the remoteproc TA");
            return TeeResult.ACCESS_DENIED;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.NOT_SUPPORTED;
        }
        return TeeResult.SUCCESS;
    }

    // rproc_pta_invoke_command
    @Override
    public TeeResult invokeCommand(TaSession session, int command, int pt, TeeParam[] params) {
        TeeResult r = switch (command) {
            case RprocPta.CMD_HW_CAPABILITIES -> capabilities(pt, params);
            case RprocPta.CMD_LOAD_SEGMENT_SHA256 -> loadSegment(pt, params);
            case RprocPta.CMD_SET_MEMORY -> setMemory(pt, params);
            case RprocPta.CMD_FIRMWARE_START -> start(pt, params);
            case RprocPta.CMD_FIRMWARE_STOP -> stop(pt, params);
            case RprocPta.CMD_FIRMWARE_DA_TO_PA -> daToPa(pt, params);
            case RprocPta.CMD_VERIFY_DIGEST -> verifyDigest(pt, params);
            case RprocPta.CMD_RELEASE -> release(pt, params);
            default -> TeeResult.NOT_IMPLEMENTED;
        };
        return r;
    }

    private TeeResult capabilities(int pt, TeeParam[] params) {
        if (pt != PT_CAPS) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.NOT_SUPPORTED;
        }
        params[1].setValue(RprocPta.HWCAP_FMT_ELF, 0);
        params[2].setValue(RprocPta.HWCAP_PROT_HASH_TABLE, 0);
        return TeeResult.SUCCESS;
    }

    // rproc_pta_load_segment
    private TeeResult loadSegment(int pt, TeeParam[] params) {
        if (pt != PT_LOAD_SEGMENT) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeMemref hash = params[3].memref();
        if (hash == null || hash.size() != 32) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (on) {
            return TeeResult.BAD_STATE;
        }
        TeeMemref src = params[1].memref();
        long size = src == null ? 0 : src.size();
        // paddr_t is 32-bit on STM32MP15: reg_pair_to_64(b, a) keeps value.a only.
        long da = params[2].a();
        long pa = translate(params[0].a(), da, size);
        if (pa < 0) {
            return pa == -2 ? TeeResult.BAD_PARAMETERS : TeeResult.ACCESS_DENIED;
        }
        try {
            rproc.isolate();
            MemorySegment dst = rproc.map(pa, size);
            MemorySegment.copy(src.buffer(), 0, dst, 0, size);
            env.spend("copy segment", env.config().copyTime(size));
            byte[] actual = hash(dst);
            env.spend("sha256 segment", env.config().sha256Time(size));
            byte[] expected = hash.buffer().toArray(ValueLayout.JAVA_BYTE);
            if (!MessageDigest.isEqual(actual, expected)) {
                dst.fill((byte) 0);
                env.log(String.format("segment da 0x%08x (0x%x bytes): SHA-256 mismatch, destination zeroed", da, size));
                return TeeResult.SECURITY;
            }
            return TeeResult.SUCCESS;
        } catch (BusErrorException e) {
            env.log("load segment: " + e.getMessage());
            return TeeResult.GENERIC;
        }
    }

    // rproc_pta_set_memory
    private TeeResult setMemory(int pt, TeeParam[] params) {
        long da = params[1].a();
        long size = params[2].a();
        // "value.a && 0xFF": a logical AND, so any non-zero request fills with 1.
        byte value = (byte) (params[3].a() != 0 ? 1 : 0);
        if (pt != PT_SET_MEMORY) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (on) {
            return TeeResult.BAD_STATE;
        }
        long pa = translate(params[0].a(), da, size);
        if (pa < 0) {
            return pa == -2 ? TeeResult.BAD_PARAMETERS : TeeResult.ACCESS_DENIED;
        }
        try {
            rproc.isolate();
            rproc.map(pa, size).fill(value);
            env.spend("fill memory", env.config().copyTime(size));
            return TeeResult.SUCCESS;
        } catch (BusErrorException e) {
            env.log("set memory: " + e.getMessage());
            return TeeResult.GENERIC;
        }
    }

    // rproc_pta_da_to_pa
    private TeeResult daToPa(int pt, TeeParam[] params) {
        if (pt != PT_DA_TO_PA) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (params[1].b() != 0 || params[2].b() != 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        long pa = translate(params[0].a(), params[1].a(), params[2].a());
        if (pa < 0) {
            return pa == -2 ? TeeResult.BAD_PARAMETERS : TeeResult.ACCESS_DENIED;
        }
        rproc.keepOpen(pa, params[2].a());
        params[3].setValue(pa, pa >>> 32);
        return TeeResult.SUCCESS;
    }

    // rproc_pta_start
    private TeeResult start(int pt, TeeParam[] params) {
        if (pt != PT_ID) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (on) {
            return TeeResult.BAD_STATE;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.GENERIC;
        }
        TeeResult r = rproc.start();
        if (r.isSuccess()) {
            on = true;
            env.log("M4 started (RCC_MP_GCR.BOOT_MCU pulsed)");
        }
        return r;
    }

    // rproc_pta_stop
    private TeeResult stop(int pt, TeeParam[] params) {
        if (pt != PT_ID) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (!on) {
            return TeeResult.BAD_STATE;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeResult r = rproc.stop();
        if (r.isSuccess()) {
            on = false;
            env.log("M4 stopped (hold boot, RCC_MP_GRSTCSETR.MCURST)");
        }
        return r;
    }

    // rproc_pta_verify_digest + rproc_pta_verify_rsa_signature
    private TeeResult verifyDigest(int pt, TeeParam[] params) {
        if (pt != PT_VERIFY) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.NOT_SUPPORTED;
        }
        if (on) {
            return TeeResult.BAD_STATE;
        }
        TeeMemref keyInfo = params[1].memref();
        if (keyInfo == null || keyInfo.size() < RprocPta.KEY_INFO_HEADER) {
            return TeeResult.BAD_PARAMETERS;
        }
        MemorySegment ki = keyInfo.buffer();
        var le = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        long algo = Integer.toUnsignedLong(ki.get(le, 0));
        long infoSize = Integer.toUnsignedLong(ki.get(le, 4));
        if (RprocPta.KEY_INFO_HEADER + infoSize != keyInfo.size()) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (algo != Integer.toUnsignedLong(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256)) {
            env.log(String.format("verify digest: algorithm 0x%08x not supported (RSA PKCS#1 v1.5 SHA-256 only)", algo));
            return TeeResult.NOT_SUPPORTED;
        }
        TeeMemref digest = params[2].memref();
        TeeMemref signature = params[3].memref();
        if (digest == null || signature == null) {
            return TeeResult.BAD_PARAMETERS;
        }
        RSAPublicKey key = rproc.platform().verificationKey();
        if (digest.size() != 32) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (signature.size() != PemKeys.modulusLength(key)) {
            env.log(String.format("verify digest: signature of %d bytes, key modulus is %d bytes", signature.size(),
                    PemKeys.modulusLength(key)));
            return TeeResult.SIGNATURE_INVALID;
        }
        env.spend("rsa verify", env.config().rsaVerifyTime(key.getModulus().bitLength()));
        try {
            Signature v = rsaVerifier;
            v.initVerify(key);
            v.update(SHA256_DIGEST_INFO);
            v.update(digest.buffer().toArray(ValueLayout.JAVA_BYTE));
            if (!v.verify(signature.buffer().toArray(ValueLayout.JAVA_BYTE))) {
                env.log("verify digest: signature does not match");
                return TeeResult.SIGNATURE_INVALID;
            }
            return TeeResult.SUCCESS;
        } catch (GeneralSecurityException e) {
            env.log("verify digest: " + e.getMessage());
            return TeeResult.SIGNATURE_INVALID;
        }
    }

    // rproc_pta_release_resources
    private TeeResult release(int pt, TeeParam[] params) {
        if (pt != PT_ID) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (on) {
            return TeeResult.BAD_STATE;
        }
        if (!rproc.exists(params[0].a())) {
            return TeeResult.BAD_PARAMETERS;
        }
        try {
            long wiped = rproc.cleanUpMemories();
            env.spend("wipe rproc memories", env.config().copyTime(wiped));
        } catch (BusErrorException e) {
            env.log("release: " + e.getMessage());
            return TeeResult.ACCESS_DENIED;
        }
        rproc.lift();
        env.log("rproc memories wiped");
        return TeeResult.SUCCESS;
    }

    /**
     * SHA-256 of the copied destination, read back in 64 KiB chunks through one reusable array: the
     * JDK's intrinsic works on arrays, and a chunk is still in cache when it is hashed.
     */
    private byte[] hash(MemorySegment dst) {
        long size = dst.byteSize();
        for (long off = 0; off < size; off += chunk.length) {
            int n = (int) Math.min(chunk.length, size - off);
            MemorySegment.copy(dst, ValueLayout.JAVA_BYTE, off, chunk, 0, n);
            sha256.update(chunk, 0, n);
        }
        return sha256.digest();
    }

    /** stm32_rproc_da_to_pa: the PA, -2 for an unknown rproc id (BAD_PARAMETERS), -1 outside every region. */
    private long translate(long rprocId, long da, long size) {
        if (!rproc.exists(rprocId)) {
            return -2;
        }
        long pa = rproc.daToPa(da, size);
        if (pa < 0) {
            env.log(String.format("da 0x%08x size 0x%x is not inside one rproc memory region: %s",
                    da, size, TeeResult.ACCESS_DENIED.teeName()));
        }
        return pa;
    }
}
