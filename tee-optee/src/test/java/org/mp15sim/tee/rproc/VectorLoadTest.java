package org.mp15sim.tee.rproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.PublicKey;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.SharedVectors;

/** The reference vectors' expected LOAD_FW results (vectors/optee/README.md) on the DK2 map with OP-TEE's default key. */
class VectorLoadTest {

    private static PublicKey upstreamKey() {
        return PemKeys.readPublicKey(SharedVectors.readString("default_pub.pem"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "fw_m4.sig, SUCCESS",
        "fw_multi.sig, SUCCESS",
        "fw_m4_ecc.sig, NOT_SUPPORTED",
        "fw_m4_rsa2048.sig, SIGNATURE_INVALID",
        "fw_oor.sig, ACCESS_DENIED",
        "mut_bad_magic.sig, BAD_PARAMETERS",
        "mut_extra_bytes.sig, BAD_PARAMETERS",
        "mut_sig_flip.sig, SIGNATURE_INVALID",
        "mut_segment_data.sig, SECURITY",
    })
    void loadFwGivesTheExpectedResult(String vector, TeeResult expected) {
        byte[] image = SharedVectors.read(vector);
        try (SecureWorldFixture f = new SecureWorldFixture(upstreamKey())) {
            assertEquals(expected, f.load(image), f.logText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fw_m4.sig", "fw_multi.sig"})
    void resourceTableIsReportedAtItsPhysicalAddress(String vector) {
        try (SecureWorldFixture f = new SecureWorldFixture(upstreamKey())) {
            assertEquals(TeeResult.SUCCESS, f.load(SharedVectors.read(vector)), f.logText());
            assertArrayEquals(new long[] {0x10000020L, 56}, f.rscTable());
        }
    }

    @Test
    void fwM4SegmentsLandInRetramAndSramWithBssZeroed() {
        byte[] elf = SharedVectors.read("fw_m4.elf");
        try (SecureWorldFixture f = new SecureWorldFixture(upstreamKey())) {
            f.board.secureBus().fill(0x10000000L, 0x200, (byte) 0xA5);
            assertEquals(TeeResult.SUCCESS, f.load(SharedVectors.read("fw_m4.sig")), f.logText());
            assertArrayEquals(Arrays.copyOfRange(elf, 0x74, 0x7C), f.read(0x38000000L, 8));
            assertArrayEquals(Arrays.copyOfRange(elf, 0x80, 0xDC), f.read(0x10000000L, 0x5C));
            assertArrayEquals(new byte[0x100], f.read(0x1000005CL, 0x100));
            // Past memsz the SRAM is untouched.
            assertEquals((byte) 0xA5, f.read(0x1000015CL, 1)[0]);
        }
    }

    @Test
    void tamperedSegmentIsZeroedWhileTheEarlierSegmentStays() {
        byte[] elf = SharedVectors.read("fw_m4.elf");
        try (SecureWorldFixture f = new SecureWorldFixture(upstreamKey())) {
            f.board.secureBus().fill(0x10000000L, 0x5C, (byte) 0xA5);
            assertEquals(TeeResult.SECURITY, f.load(SharedVectors.read("mut_segment_data.sig")));
            assertArrayEquals(Arrays.copyOfRange(elf, 0x74, 0x7C), f.read(0x38000000L, 8));
            assertArrayEquals(new byte[0x5C], f.read(0x10000000L, 0x5C));
            assertEquals(TeeResult.BAD_STATE, f.getRscTableResult());
        }
    }
}
