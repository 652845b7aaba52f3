package org.mp15sim.tee.rproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/**
 * Hostile images: whatever is truncated, flipped or set near 2^32 — in the header, the (re-signed) TLV
 * area or the ELF — LOAD_FW answers with a TEE result, never an exception, and never writes outside the
 * declared rproc regions.
 */
class LoadFwMutationProperties {
    private static final byte[] BASE;
    private static final byte[] BASE_TWO_IMAGES;
    /** SRAM windows that belong to no region of the DK2 map (canaries). */
    private static final long[][] OUTSIDE = {{0x10046000L, 0x2000}, {0x10050000L, 0x10000}};

    static {
        BASE = ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf()).build();
        BASE_TWO_IMAGES = ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf(),
                TestFirmware.single(0x10030000L, new byte[] {1, 2, 3, 4, 5}, 64)).build();
    }

    /** Loads {@code image}; asserts a defined result and untouched canaries. */
    private static TeeResult loadChecked(byte[] image) {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            byte[] canary = new byte[0x10000];
            Arrays.fill(canary, (byte) 0xC3);
            for (long[] w : OUTSIDE) {
                f.board.secureBus().writeBytes(w[0], canary, 0, (int) w[1]);
            }
            TeeResult r = f.load(image);
            assertNotNull(r);
            Statistics.collect(r);
            for (long[] w : OUTSIDE) {
                assertArrayEquals(Arrays.copyOf(canary, (int) w[1]), f.read(w[0], (int) w[1]),
                        String.format("write outside the rproc regions at 0x%x (result %s)", w[0], r));
            }
            return r;
        }
    }

    /** Signs header||TLV again so that a mutation of the authenticated part reaches the later checks. */
    private static byte[] resign(byte[] image) {
        if (image.length < 20) {
            return image;
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        long tlvLen = Integer.toUnsignedLong(b.getInt(8));
        long signLen = Integer.toUnsignedLong(b.getInt(12));
        long signedEnd = 20 + ((tlvLen + 7) & ~7L);
        if (signLen != 256 || signedEnd + 256 > image.length) {
            return image;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(TestKeys.rsa2048().getPrivate());
            s.update(image, 0, (int) signedEnd);
            byte[] sig = s.sign();
            byte[] out = image.clone();
            System.arraycopy(sig, 0, out, (int) signedEnd, sig.length);
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base(boolean two) {
        return (two ? BASE_TWO_IMAGES : BASE).clone();
    }

    @Property(tries = 100)
    void truncatedImagesGiveADefinedResult(@ForAll @IntRange(min = 0, max = 4000) int length,
                                           @ForAll boolean two) {
        byte[] b = base(two);
        loadChecked(Arrays.copyOf(b, Math.min(length, b.length)));
    }

    @Property(tries = 250)
    void bitFlipsGiveADefinedResult(@ForAll @IntRange(min = 0, max = 1 << 20) int bit1,
                                    @ForAll @IntRange(min = 0, max = 1 << 20) int bit2,
                                    @ForAll boolean resign, @ForAll boolean two) {
        byte[] b = base(two);
        int bits = b.length * 8;
        b[(bit1 % bits) / 8] ^= (byte) (1 << (bit1 % 8));
        b[(bit2 % bits) / 8] ^= (byte) (1 << (bit2 % 8));
        loadChecked(resign ? resign(b) : b);
    }

    @Property(tries = 250)
    void wordsNearTwoPow32GiveADefinedResult(@ForAll @IntRange(min = 0, max = 100_000) int where,
                                             @ForAll @IntRange(min = 0, max = 72) int below,
                                             @ForAll boolean resign, @ForAll boolean two) {
        byte[] b = base(two);
        int at = (where % (b.length / 4)) * 4;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) (0x1_0000_0000L - below));
        loadChecked(resign ? resign(b) : b);
    }

    @Property(tries = 100)
    void hugeLengthsInTheHeaderGiveADefinedResult(@ForAll @IntRange(min = 2, max = 4) int field,
                                                  @ForAll @IntRange(min = 0, max = 16) int below) {
        byte[] b = base(false);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * field, (int) (0x1_0000_0000L - below));
        TeeResult r = loadChecked(resign(b));
        if (!List.of(TeeResult.BAD_PARAMETERS, TeeResult.SIGNATURE_INVALID).contains(r)) {
            throw new AssertionError("a header length near 2^32 gave " + r);
        }
    }
}
