package org.mp15sim.tee.stm32mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.rproc.TaRemoteproc;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/** {@link Stm32mpSecureWorld#replaceVerificationKey}: a new embedded key under a running TA session. */
class VerificationKeyReplacementTest {
    private final SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic());

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] signedWithA() {
        return ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf()).build();
    }

    private static byte[] signedWithB() {
        return ImageForge.of(TestKeys.otherRsa2048().getPrivate(), TestFirmware.standardElf()).build();
    }

    @Test
    void afterReplacementTheOldKeysImageIsRejectedAndTheNewKeysImageLoadsInTheSameSession() {
        assertEquals(TeeResult.SUCCESS, f.load(signedWithA()), f::logText);
        assertEquals(TeeResult.SUCCESS, f.command(TaRemoteproc.CMD_RELEASE_FW), f::logText);
        int session = f.session();

        f.world.replaceVerificationKey(TestKeys.otherRsa2048().getPublic());

        assertEquals(TestKeys.otherRsa2048().getPublic(), f.world.verificationKey());
        assertEquals(TeeResult.SIGNATURE_INVALID, f.load(signedWithA()), f::logText);
        assertEquals(TeeResult.SUCCESS, f.load(signedWithB()), f::logText);
        assertEquals(session, f.session(), "the TA session opened before the replacement is still the one used");
        assertTrue(f.logText().contains("verification key replaced (RSA-2048)"), f::logText);
    }

    @Test
    void beforeReplacementTheNewKeysImageIsRejected() {
        // The control: without the fault, key B's image fails, so the success above is the replacement's doing.
        assertEquals(TeeResult.SIGNATURE_INVALID, f.load(signedWithB()), f::logText);
    }

    @Test
    void aKeyThePtaCannotEmbedIsRefusedAndTheOldKeyStays() {
        assertThrows(IllegalArgumentException.class, () -> f.world.replaceVerificationKey(TestKeys.p256().getPublic()));
        assertEquals(TestKeys.rsa2048().getPublic(), f.world.verificationKey());
        assertEquals(TeeResult.SUCCESS, f.load(signedWithA()), f::logText);
    }
}
