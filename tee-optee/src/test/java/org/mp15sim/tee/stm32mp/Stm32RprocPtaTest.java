package org.mp15sim.tee.stm32mp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mp15sim.tee.core.TeeParamType.MEMREF_INPUT;
import static org.mp15sim.tee.core.TeeParamType.NONE;
import static org.mp15sim.tee.core.TeeParamType.VALUE_INPUT;
import static org.mp15sim.tee.core.TeeParamType.VALUE_OUTPUT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mp15sim.tee.core.TeeCore;
import org.mp15sim.tee.core.TeeIdentity;
import org.mp15sim.tee.core.TeeMemref;
import org.mp15sim.tee.core.TeeOutcome;
import org.mp15sim.tee.core.TeeParam;
import org.mp15sim.tee.core.TeeParamType;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.RprocPta;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestKeys;

/** The platform PTA called directly as the remoteproc TA would (spec §3.6, §4). */
class Stm32RprocPtaTest {
    private static final int PT_ID = TeeParamType.types(VALUE_INPUT, NONE, NONE, NONE);
    private static final int PT_CAPS = TeeParamType.types(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
    private static final int PT_LOAD = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, VALUE_INPUT, MEMREF_INPUT);
    private static final int PT_SET = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_INPUT);
    private static final int PT_DA = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT);
    private static final int PT_VERIFY = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, MEMREF_INPUT);

    private SecureWorldFixture f;
    private TeeCore core;
    private int session;

    @BeforeEach
    void open() {
        f = new SecureWorldFixture(TestKeys.rsa2048().getPublic());
        core = f.world.core();
        TeeOutcome o = core.openSession(TeeIdentity.trustedApp(TaRemoteproc.UUID), RprocPta.UUID, PT_ID, id(0));
        assertEquals(TeeResult.SUCCESS, o.result());
        session = o.session();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static TeeParam[] id(long rprocId) {
        TeeParam[] p = TeeParam.none();
        p[0].setValue(rprocId, 0);
        return p;
    }

    private TeeResult invoke(int cmd, int pt, TeeParam[] p) {
        return core.invoke(session, cmd, pt, p).result();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private TeeResult loadSegment(long rprocId, byte[] data, long da, byte[] hash) {
        TeeParam[] p = id(rprocId);
        p[1].setMemref(TeeMemref.of(data));
        p[2].setValue(da, 0);
        p[3].setMemref(TeeMemref.of(hash));
        return invoke(RprocPta.CMD_LOAD_SEGMENT_SHA256, PT_LOAD, p);
    }

    @Test
    void onlyTheRemoteprocTaMayOpenIt() {
        UUID other = UUID.fromString("11111111-2222-3333-4444-555555555555");
        assertEquals(TeeResult.ACCESS_DENIED,
                core.openSession(TeeIdentity.trustedApp(other), RprocPta.UUID, PT_ID, id(0)).result());
        assertEquals(TeeResult.ACCESS_DENIED,
                core.openSession(TeeIdentity.reeKernel(), RprocPta.UUID, PT_ID, id(0)).result());
        assertEquals(TeeResult.NOT_SUPPORTED,
                core.openSession(TeeIdentity.trustedApp(TaRemoteproc.UUID), RprocPta.UUID, PT_ID, id(1)).result());
        assertEquals(TeeResult.BAD_PARAMETERS,
                core.openSession(TeeIdentity.trustedApp(TaRemoteproc.UUID), RprocPta.UUID, PT_CAPS, id(0)).result());
    }

    @Test
    void capabilitiesAreElfWithHashTable() {
        TeeParam[] p = id(0);
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_HW_CAPABILITIES, PT_CAPS, p));
        assertEquals(RprocPta.HWCAP_FMT_ELF, p[1].a());
        assertEquals(RprocPta.HWCAP_PROT_HASH_TABLE, p[2].a());
        assertEquals(TeeResult.NOT_SUPPORTED, invoke(RprocPta.CMD_HW_CAPABILITIES, PT_CAPS, id(3)));
    }

    @Test
    void unknownAndProprietaryLoadCommandsAreNotImplemented() {
        assertEquals(TeeResult.NOT_IMPLEMENTED, invoke(RprocPta.CMD_FIRMWARE_LOAD, PT_ID, id(0)));
        assertEquals(TeeResult.NOT_IMPLEMENTED, invoke(42, PT_ID, id(0)));
    }

    @Test
    void loadSegmentCopiesAndChecksTheHashOnTheDestination() throws Exception {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(TeeResult.SUCCESS, loadSegment(0, data, 0x10001000L, sha256(data)));
        assertArrayEquals(data, f.read(0x10001000L, 8));
        assertArrayEquals(data, f.read(0x30001000L, 8), "mcuram2 and mcuram alias one SRAM");
        byte[] wrong = sha256(new byte[] {9});
        assertEquals(TeeResult.SECURITY, loadSegment(0, data, 0x10002000L, wrong));
        assertArrayEquals(new byte[8], f.read(0x10002000L, 8), "destination zeroed on mismatch");
        assertEquals(TeeResult.BAD_PARAMETERS, loadSegment(0, data, 0x10001000L, new byte[31]));
        assertEquals(TeeResult.BAD_PARAMETERS, loadSegment(1, data, 0x10001000L, sha256(data)), "unknown id");
    }

    @ParameterizedTest(name = "da 0x{0} size 0x{1} -> {2}")
    @CsvSource({
        "00000000, 10, SUCCESS, 38000000",
        "0000fff0, 10, SUCCESS, 3800fff0",
        "0000fff8, 10, ACCESS_DENIED, 0",
        "30000010, 100, SUCCESS, 30000010",
        "1003fff0, 20, ACCESS_DENIED, 0",
        "10040ff0, 20, ACCESS_DENIED, 0",
        "10048000, 8000, SUCCESS, 10048000",
        "10046000, 10, ACCESS_DENIED, 0",
        "20000000, 10, ACCESS_DENIED, 0",
        "10000000, 0, ACCESS_DENIED, 0",
        "fffffff0, 20, ACCESS_DENIED, 0",
    })
    void daToPaNeedsTheWholeRangeInsideOneRegion(String da, String size, TeeResult expected, String pa) {
        TeeParam[] p = id(0);
        p[1].setValue(Long.parseLong(da, 16), 0);
        p[2].setValue(Long.parseLong(size, 16), 0);
        assertEquals(expected, invoke(RprocPta.CMD_FIRMWARE_DA_TO_PA, PT_DA, p));
        if (expected == TeeResult.SUCCESS) {
            assertEquals(Long.parseLong(pa, 16), p[3].a());
            assertEquals(0, p[3].b());
        }
    }

    @Test
    void daToPaRefusesHighWords() {
        TeeParam[] p = id(0);
        p[1].setValue(0x10000000L, 1);
        p[2].setValue(0x10, 0);
        assertEquals(TeeResult.BAD_PARAMETERS, invoke(RprocPta.CMD_FIRMWARE_DA_TO_PA, PT_DA, p));
        p[1].setValue(0x10000000L, 0);
        p[2].setValue(0x10, 1);
        assertEquals(TeeResult.BAD_PARAMETERS, invoke(RprocPta.CMD_FIRMWARE_DA_TO_PA, PT_DA, p));
    }

    @Test
    void setMemoryFillsWithOneForAnyNonZeroValue() {
        TeeParam[] p = id(0);
        p[1].setValue(0x10003000L, 0);
        p[2].setValue(16, 0);
        p[3].setValue(0xAB, 0);
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_SET_MEMORY, PT_SET, p));
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 1);
        assertArrayEquals(ones, f.read(0x10003000L, 16), "value.a && 0xFF is a logical AND upstream");
        p[3].setValue(0, 0);
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_SET_MEMORY, PT_SET, p));
        assertArrayEquals(new byte[16], f.read(0x10003000L, 16));
    }

    @Test
    void globalOnFlagGuardsEveryMemoryCommand() throws Exception {
        assertEquals(TeeResult.BAD_STATE, invoke(RprocPta.CMD_FIRMWARE_STOP, PT_ID, id(0)), "stop needs ON");
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_FIRMWARE_START, PT_ID, id(0)));
        assertEquals(TeeResult.BAD_STATE, invoke(RprocPta.CMD_FIRMWARE_START, PT_ID, id(0)), "start needs OFF");
        byte[] data = {1, 2, 3, 4};
        assertEquals(TeeResult.BAD_STATE, loadSegment(0, data, 0x10001000L, sha256(data)));
        TeeParam[] set = id(0);
        set[1].setValue(0x10001000L, 0);
        set[2].setValue(4, 0);
        assertEquals(TeeResult.BAD_STATE, invoke(RprocPta.CMD_SET_MEMORY, PT_SET, set));
        assertEquals(TeeResult.BAD_STATE, invoke(RprocPta.CMD_RELEASE, PT_ID, id(0)));
        assertEquals(TeeResult.BAD_STATE, verify(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, new byte[32], new byte[256]));
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_FIRMWARE_STOP, PT_ID, id(0)));
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_RELEASE, PT_ID, id(0)));
    }

    private TeeResult verify(int algo, byte[] digest, byte[] signature) {
        return verify(algo, 0, digest, signature);
    }

    private TeeResult verify(int algo, int extraInfo, byte[] digest, byte[] signature) {
        byte[] keyInfo = ByteBuffer.allocate(8 + extraInfo).order(ByteOrder.LITTLE_ENDIAN).putInt(algo)
                .putInt(extraInfo).array();
        TeeParam[] p = id(0);
        p[1].setMemref(TeeMemref.of(keyInfo));
        p[2].setMemref(TeeMemref.of(digest));
        p[3].setMemref(TeeMemref.of(signature));
        return invoke(RprocPta.CMD_VERIFY_DIGEST, PT_VERIFY, p);
    }

    @Test
    void verifyDigestAcceptsOnlyRsaPkcs1Sha256WithTheBoardKey() throws Exception {
        byte[] message = "header and TLVs".getBytes();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(TestKeys.rsa2048().getPrivate());
        s.update(message);
        byte[] sig = s.sign();
        byte[] digest = sha256(message);
        assertEquals(TeeResult.SUCCESS, verify(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, digest, sig));
        assertEquals(TeeResult.SUCCESS, verify(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, 5, digest, sig),
                "key info bytes are ignored");
        assertEquals(TeeResult.NOT_SUPPORTED, verify(RprocPta.TEE_ALG_ECDSA_P256, digest, sig));
        assertEquals(TeeResult.SIGNATURE_INVALID, verify(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, sha256(new byte[1]), sig));
        assertEquals(TeeResult.SIGNATURE_INVALID,
                verify(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, digest, java.util.Arrays.copyOf(sig, 255)));
        // info_size says 4 but the memref holds 8 + 0 bytes
        byte[] lying = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256).putInt(4).array();
        TeeParam[] p = id(0);
        p[1].setMemref(TeeMemref.of(lying));
        p[2].setMemref(TeeMemref.of(digest));
        p[3].setMemref(TeeMemref.of(sig));
        assertEquals(TeeResult.BAD_PARAMETERS, invoke(RprocPta.CMD_VERIFY_DIGEST, PT_VERIFY, p));
        TeeParam[] unknown = id(5);
        unknown[1].setMemref(TeeMemref.of(lying));
        assertEquals(TeeResult.NOT_SUPPORTED, invoke(RprocPta.CMD_VERIFY_DIGEST, PT_VERIFY, unknown));
    }

    @Test
    void releaseWipesEveryRegionAndRefusesUnknownIds() {
        f.board.secureBus().fill(0x38000000L, 0x10000, (byte) 0x11);
        f.board.secureBus().fill(0x10000000L, 0x50000, (byte) 0x22);
        f.board.secureBus().fill(0x10050000L, 0x10, (byte) 0x33);
        assertEquals(TeeResult.BAD_PARAMETERS, invoke(RprocPta.CMD_RELEASE, PT_ID, id(2)));
        assertEquals(TeeResult.SUCCESS, invoke(RprocPta.CMD_RELEASE, PT_ID, id(0)));
        assertArrayEquals(new byte[0x10000], f.read(0x38000000L, 0x10000));
        assertArrayEquals(new byte[0x46000], f.read(0x10000000L, 0x46000));
        assertArrayEquals(new byte[0x8000], f.read(0x10048000L, 0x8000));
        assertEquals(0x22, f.read(0x10046000L, 1)[0], "0x10046000..0x10047fff is in no region");
        assertEquals(0x33, f.read(0x10050000L, 1)[0], "SRAM4 is in no region");
    }

    @Test
    void wrongParamTypesAreBadParameters() {
        for (int cmd : new int[] {RprocPta.CMD_HW_CAPABILITIES, RprocPta.CMD_LOAD_SEGMENT_SHA256,
                RprocPta.CMD_SET_MEMORY, RprocPta.CMD_FIRMWARE_START, RprocPta.CMD_FIRMWARE_STOP,
                RprocPta.CMD_FIRMWARE_DA_TO_PA, RprocPta.CMD_VERIFY_DIGEST, RprocPta.CMD_RELEASE}) {
            int wrong = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT) == PT_DA
                    && cmd == RprocPta.CMD_FIRMWARE_DA_TO_PA ? PT_ID : PT_DA;
            assertEquals(TeeResult.BAD_PARAMETERS, invoke(cmd, wrong, id(0)), RprocPta.commandName(cmd));
        }
    }
}
