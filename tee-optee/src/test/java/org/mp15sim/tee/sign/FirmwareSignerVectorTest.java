package org.mp15sim.tee.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp15sim.tee.image.HashTableEntry;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.testing.SharedVectors;

/** The upstream signer's outputs, reproduced byte for byte from OP-TEE's default test key. */
class FirmwareSignerVectorTest {

    private static PrivateKey defaultKey() {
        return PemKeys.readPrivateKey(SharedVectors.readString("default.pem"), null);
    }

    @Test
    void reproducesFwM4SigByteForByte() {
        byte[] expected = SharedVectors.read("fw_m4.sig");
        byte[] signed = new FirmwareSigner(defaultKey(), KeyType.RSA)
                .addImage("fw_m4.elf", SharedVectors.read("fw_m4.elf"))
                .sign();
        assertEquals(1308, signed.length);
        assertArrayEquals(expected, signed);
    }

    @Test
    void reproducesFwMultiSigByteForByte() {
        byte[] expected = SharedVectors.read("fw_multi.sig");
        byte[] signed = new FirmwareSigner(defaultKey(), KeyType.RSA)
                .addImage("fw_m4.elf", SharedVectors.read("fw_m4.elf"))
                .addImage("fw2_m4.elf", SharedVectors.read("fw2_m4.elf"))
                .sign();
        assertArrayEquals(expected, signed);
    }

    @Test
    void parsesTheUpstreamLayoutOfFwM4Sig() {
        SignedImage image = SignedImage.parse(SharedVectors.read("fw_m4.sig"));
        assertEquals(216, image.header().tlvLen());
        assertEquals(512, image.header().signLen());
        assertEquals(560, image.header().imgLen());
        List<HashTableEntry> table = image.hashTable();
        assertEquals(2, table.size());
        assertEquals(0x10000000L, table.get(1).paddr());
        assertEquals(0x15C, table.get(1).memsz());
        assertEquals(1, image.images().size());
        assertEquals(560, image.images().getFirst().length);
    }
}
