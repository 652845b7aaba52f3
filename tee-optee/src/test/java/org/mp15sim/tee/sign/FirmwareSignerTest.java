package org.mp15sim.tee.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.image.SignedImageFormat;
import org.mp15sim.tee.image.Tlv;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

class FirmwareSignerTest {

    @Test
    void rsaOutputIsDeterministic() {
        KeyPair k = TestKeys.rsa2048();
        byte[] a = new FirmwareSigner(k.getPrivate(), KeyType.RSA).addImage("a", TestFirmware.standardElf()).sign();
        byte[] b = new FirmwareSigner(k.getPrivate(), KeyType.RSA).addImage("a", TestFirmware.standardElf()).sign();
        assertArrayEquals(a, b);
    }

    @Test
    void rsaSignatureCoversHeaderAndTlvArea() throws Exception {
        KeyPair k = TestKeys.rsa2048();
        SignedImage image = SignedImage.parse(
                new FirmwareSigner(k.getPrivate(), KeyType.RSA).addImage("a", TestFirmware.standardElf()).sign());
        assertEquals(256, image.header().signLen());
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(k.getPublic());
        v.update(image.signedMessage());
        assertTrue(v.verify(image.signature()));
    }

    @Test
    void eccSignatureIsRawRAndSOf64Bytes() throws Exception {
        KeyPair k = TestKeys.p256();
        SignedImage image = SignedImage.parse(
                new FirmwareSigner(k.getPrivate(), KeyType.ECC).addImage("a", TestFirmware.standardElf()).sign());
        assertEquals(64, image.header().signLen());
        assertArrayEquals(new byte[] {SignedImageFormat.SIGN_ECDSA_SHA256},
                image.tlv(SignedImageFormat.TLV_SIGNTYPE).orElseThrow().value());
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(k.getPublic());
        v.update(image.signedMessage());
        assertTrue(v.verify(image.signature()));
    }

    @Test
    void tlvOrderAndSizesFollowTheUpstreamSigner() {
        KeyPair k = TestKeys.rsa2048();
        byte[] elf1 = TestFirmware.standardElf();
        Elf32Builder b = new Elf32Builder();
        b.load(0x10030000L, new byte[] {1, 2, 3}, 3);
        b.segment(Elf32.PT_ARM_EXIDX, 0x10030004L, 0x10030004L, new byte[0], 0, Elf32.PF_R, 4);
        byte[] elf2 = b.build().bytes();
        SignedImage image = SignedImage.parse(new FirmwareSigner(k.getPrivate(), KeyType.RSA)
                .addImage("one", elf1).addImage("two", elf2)
                .keyInfo("key-id".getBytes(StandardCharsets.US_ASCII))
                .platformTlv(0x10001, FirmwareSigner.parsePlatformTlvValue("0x10000000"))
                .platformTlv(0x10002, FirmwareSigner.parsePlatformTlvValue("secure"))
                .platformTlv(0x10001, FirmwareSigner.parsePlatformTlvValue("0x20000000"))
                .sign());
        List<Long> types = image.tlvs().stream().map(Tlv::type).toList();
        assertEquals(List.of(1L, 3L, 4L, 5L, 2L, 0x10L, 0x11L, 0x10001L, 0x10002L), types);
        // n = 2, k = 4 program headers: 16+16+16+16+16+(8+256) + (8+8) + (8+8) + (8+8)
        assertEquals(16 + 16 + 16 + 16 + 16 + 8 + 4 * 64 + 16 + 16 + 16, image.header().tlvLen());
        assertEquals(SignedImageFormat.r8(elf1.length) + SignedImageFormat.r8(elf2.length), image.header().imgLen());
        assertArrayEquals(new byte[] {0, 0, 0, 0x20}, image.tlv(0x10001).orElseThrow().value());
        assertEquals(4, image.hashTable().size());
        assertEquals(Elf32.PT_ARM_EXIDX, image.hashTable().get(3).type());
        // SHA-256 of the empty string for the zero-size segment.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                java.util.HexFormat.of().formatHex(image.hashTable().get(3).sha256()));
        List<byte[]> images = image.images();
        assertEquals(2, images.size());
        assertArrayEquals(elf1, java.util.Arrays.copyOf(images.get(0), elf1.length));
    }

    @Test
    void platformTlvValueSyntaxMatchesTheScript() {
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12}, FirmwareSigner.parsePlatformTlvValue("0x12345678"));
        assertArrayEquals("12".getBytes(StandardCharsets.UTF_8), FirmwareSigner.parsePlatformTlvValue("12"));
        assertEquals(0x10001, FirmwareSigner.parsePlatformTlvId("0x10001"));
        assertEquals(65537, FirmwareSigner.parsePlatformTlvId("65537"));
        assertThrows(SigningException.class, () -> FirmwareSigner.parsePlatformTlvValue("0x123456789"));
        assertThrows(SigningException.class, () -> FirmwareSigner.parsePlatformTlvId("BOOTADDR"));
    }

    @Test
    void platformTlvIdOutsideThePlatformRangeIsRefused() {
        FirmwareSigner s = new FirmwareSigner(TestKeys.rsa2048().getPrivate(), KeyType.RSA);
        SigningException e = assertThrows(SigningException.class, () -> s.platformTlv(0x20000, new byte[1]));
        assertTrue(e.getMessage().contains("0x20000"), e.getMessage());
    }

    @Test
    void nonArmElfIsRefused() {
        byte[] elf = TestFirmware.standardElf();
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 62);
        SigningException e = assertThrows(SigningException.class, () ->
                new FirmwareSigner(TestKeys.rsa2048().getPrivate(), KeyType.RSA).addImage("x.elf", elf).sign());
        assertTrue(e.getMessage().contains("x.elf: e_machine 62"), e.getMessage());
    }

    @Test
    void programHeaderTypeUnknownToTheUpstreamSignerIsRefused() {
        Elf32Builder b = new Elf32Builder();
        b.load(0x10000000L, new byte[4], 4);
        b.segment(0x6ffffff0L, 0, 0, new byte[0], 0, 0, 4);
        SigningException e = assertThrows(SigningException.class, () ->
                new FirmwareSigner(TestKeys.rsa2048().getPrivate(), KeyType.RSA).addImage("x", b.build().bytes()).sign());
        assertTrue(e.getMessage().contains("0x6ffffff0"), e.getMessage());
    }

    @Test
    void keyTypeMustMatchTheKey() {
        assertThrows(SigningException.class, () -> new FirmwareSigner(TestKeys.p256().getPrivate(), KeyType.RSA)
                .addImage("a", TestFirmware.standardElf()).sign());
        assertThrows(SigningException.class, () -> new FirmwareSigner(TestKeys.rsa2048().getPrivate(), KeyType.ECC)
                .addImage("a", TestFirmware.standardElf()).sign());
    }
}
