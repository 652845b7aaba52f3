package org.mp15sim.tee.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.testing.SharedVectors;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

class TeeToolTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TeeTool().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void signThenVerifyWithTheMatchingKeySucceeds() throws Exception {
        Path elf = write("fw.elf", TestFirmware.standardElf());
        Path key = write("key.pem", PemKeys.writeEncryptedPkcs8(TestKeys.rsa2048().getPrivate(), "pw".toCharArray()));
        Path pub = write("pub.pem", PemKeys.writePublic(TestKeys.rsa2048().getPublic()));
        Path info = write("info.bin", new byte[] {1, 2, 3});
        Path out = dir.resolve("fw.sig");
        Run sign = run("sign", "--in", elf.toString(), "--out", out.toString(), "--key", key.toString(),
                "--key_pwd", "pw", "--key_info", info.toString(), "--plat-tlv", "0x10001", "0x10000000");
        assertEquals(0, sign.code(), sign.err());
        SignedImage image = SignedImage.parse(Files.readAllBytes(out));
        assertArrayEquals(new byte[] {1, 2, 3}, image.tlv(0x11).orElseThrow().value());
        assertArrayEquals(new byte[] {0, 0, 0, 0x10}, image.tlv(0x10001).orElseThrow().value());

        Run verify = run("verify", "--key", pub.toString(), out.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertEquals("TEE_SUCCESS", verify.lines().getLast());
        assertTrue(verify.out().contains("GET_RSC_TABLE: TEE_SUCCESS (0x00000000), pa 0x10000020, size 56"), verify.out());
    }

    @Test
    void verifyWithAnotherKeyFailsWithSignatureInvalid() throws Exception {
        Path elf = write("fw.elf", TestFirmware.standardElf());
        Path key = write("key.pem", PemKeys.writeTraditional(TestKeys.rsa2048().getPrivate()));
        Path other = write("other.pem", PemKeys.writePublic(TestKeys.otherRsa2048().getPublic()));
        Path out = dir.resolve("fw.sig");
        assertEquals(0, run("sign", "--in", elf.toString(), "--out", out.toString(), "--key", key.toString()).code());
        Run verify = run("verify", "--key", other.toString(), out.toString());
        assertEquals(1, verify.code());
        assertEquals("TEE_ERROR_SIGNATURE_INVALID", verify.lines().getLast());
    }

    @Test
    void eccImagesAreSignedButRefusedByTheStm32Pta() throws Exception {
        Path elf = write("fw.elf", TestFirmware.standardElf());
        Path key = write("ec.pem", PemKeys.writeTraditional(TestKeys.p256().getPrivate()));
        Path pub = write("pub.pem", PemKeys.writePublic(TestKeys.rsa2048().getPublic()));
        Path out = dir.resolve("fw.sig");
        Run sign = run("sign", "--in", elf.toString(), "--out", out.toString(), "--key", key.toString(),
                "--key_type", "ECC");
        assertEquals(0, sign.code(), sign.err());
        assertEquals(64, SignedImage.parse(Files.readAllBytes(out)).header().signLen());
        Run verify = run("verify", "--key", pub.toString(), out.toString());
        assertEquals("TEE_ERROR_NOT_SUPPORTED", verify.lines().getLast());
    }

    @Test
    void signReproducesTheUpstreamVector() throws Exception {
        Path vectors = SharedVectors.dir();
        Path out = dir.resolve("fw_m4.sig");
        Run sign = run("sign", "--in", vectors.resolve("fw_m4.elf").toString(), "--out", out.toString(),
                "--key", vectors.resolve("default.pem").toString());
        assertEquals(0, sign.code(), sign.err());
        assertArrayEquals(Files.readAllBytes(vectors.resolve("fw_m4.sig")), Files.readAllBytes(out));
        Run verify = run("verify", "--key", vectors.resolve("default_pub.pem").toString(), out.toString());
        assertEquals(0, verify.code());
    }

    @Test
    void inspectDescribesImagesAndElfs() throws Exception {
        Path elf = write("fw.elf", TestFirmware.standardElf());
        Run e = run("inspect", elf.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("resource table: da 0x10000020 size 56"), e.out());
        Path key = write("key.pem", PemKeys.writePkcs8(TestKeys.rsa2048().getPrivate()));
        Path out = dir.resolve("fw.sig");
        run("sign", "--in", elf.toString(), "--in", elf.toString(), "--out", out.toString(), "--key", key.toString());
        Run s = run("inspect", out.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("NUM_IMG[1] 02"), s.out());
        assertTrue(s.out().contains("segment hashes: all match"), s.out());
        byte[] tampered = Files.readAllBytes(out);
        tampered[tampered.length - 200] ^= 1;
        Run t = run("inspect", write("bad.sig", tampered).toString());
        assertTrue(t.out().contains("MISMATCH") || t.out().contains("not a readable"), t.out());
        Run garbage = run("inspect", write("garbage.bin", new byte[] {1, 2, 3, 4, 5}).toString());
        assertEquals(1, garbage.code());
    }

    @Test
    void usageErrorsExitWithTwoAndExplain() {
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
        Run missing = run("sign", "--in", "x.elf");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--in, --out and --key are required"), missing.err());
        assertEquals(2, run("sign", "--key_type").code());
        assertEquals(2, run("verify", "image.sig").code());
        assertEquals(2, run("inspect").code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void unreadableInputsFailWithOne() throws Exception {
        Path key = write("key.pem", PemKeys.writePkcs8(TestKeys.rsa2048().getPrivate()));
        Run r = run("sign", "--in", dir.resolve("missing.elf").toString(), "--out", dir.resolve("o").toString(),
                "--key", key.toString());
        assertEquals(1, r.code());
        Path notElf = write("not.elf", new byte[100]);
        Run r2 = run("sign", "--in", notElf.toString(), "--out", dir.resolve("o").toString(), "--key", key.toString());
        assertEquals(1, r2.code());
        assertTrue(r2.err().contains("bad magic"), r2.err());
    }
}
