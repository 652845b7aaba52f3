package org.mp15sim.tee.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.mp15sim.tee.testing.TestKeys;

class PemKeysTest {
    private static final char[] PASSWORD = "s3cret".toCharArray();

    @Test
    void readsPkcs1Pkcs8AndBothEncryptedForms() {
        KeyPair k = TestKeys.rsa2048();
        String pkcs1 = PemKeys.writeTraditional(k.getPrivate());
        assertTrue(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1);
        assertEquals(k.getPrivate(), PemKeys.readPrivateKey(pkcs1, null));
        String pkcs8 = PemKeys.writePkcs8(k.getPrivate());
        assertTrue(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----"), pkcs8);
        assertEquals(k.getPrivate(), PemKeys.readPrivateKey(pkcs8, null));
        String enc8 = PemKeys.writeEncryptedPkcs8(k.getPrivate(), PASSWORD);
        assertTrue(enc8.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), enc8);
        assertEquals(k.getPrivate(), PemKeys.readPrivateKey(enc8, PASSWORD));
        String encLegacy = PemKeys.writeEncryptedTraditional(k.getPrivate(), PASSWORD);
        assertTrue(encLegacy.contains("Proc-Type: 4,ENCRYPTED"), encLegacy);
        assertEquals(k.getPrivate(), PemKeys.readPrivateKey(encLegacy, PASSWORD));
    }

    @Test
    void readsEcPrivateKeys() {
        var k = (java.security.interfaces.ECPrivateKey) TestKeys.p256().getPrivate();
        String sec1 = PemKeys.writeTraditional(k);
        assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1);
        var fromSec1 = (java.security.interfaces.ECPrivateKey) PemKeys.readPrivateKey(sec1, null);
        assertEquals(k.getS(), fromSec1.getS());
        assertEquals(256, fromSec1.getParams().getCurve().getField().getFieldSize());
        var fromPkcs8 = (java.security.interfaces.ECPrivateKey) PemKeys.readPrivateKey(PemKeys.writePkcs8(k), null);
        assertEquals(k.getS(), fromPkcs8.getS());
    }

    @Test
    void encryptedKeyWithoutOrWithWrongPasswordIsRefused() {
        String enc8 = PemKeys.writeEncryptedPkcs8(TestKeys.rsa2048().getPrivate(), PASSWORD);
        SigningException missing = assertThrows(SigningException.class, () -> PemKeys.readPrivateKey(enc8, null));
        assertTrue(missing.getMessage().contains("--key_pwd"), missing.getMessage());
        assertThrows(SigningException.class, () -> PemKeys.readPrivateKey(enc8, "wrong".toCharArray()));
    }

    @Test
    void publicKeyComesFromPublicOrPrivatePem() {
        KeyPair k = TestKeys.rsa2048();
        assertEquals(k.getPublic(), PemKeys.readPublicKey(PemKeys.writePublic(k.getPublic())));
        assertEquals(k.getPublic(), PemKeys.readPublicKey(PemKeys.writeTraditional(k.getPrivate())));
        assertEquals(k.getPublic(), PemKeys.readPublicKey(PemKeys.writePkcs8(k.getPrivate())));
    }

    @Test
    void shippedProjectKeyIsRsa4096WithMatchingHalves() {
        var priv = PemKeys.readPrivateKey(TestKeys.shippedPem("mp15sim-default.pem"), null);
        var pub = (RSAPublicKey) PemKeys.readPublicKey(TestKeys.shippedPem("mp15sim-default_pub.pem"));
        assertEquals(512, PemKeys.signatureLength(priv, KeyType.RSA));
        assertEquals(512, PemKeys.modulusLength(pub));
        assertEquals(pub, PemKeys.readPublicKey(TestKeys.shippedPem("mp15sim-default.pem")));
    }

    @Test
    void textWithoutPemIsRefused() {
        assertThrows(SigningException.class, () -> PemKeys.readPrivateKey("not a key", null));
    }
}
