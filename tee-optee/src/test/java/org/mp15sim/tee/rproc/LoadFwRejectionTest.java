package org.mp15sim.tee.rproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_HASHTABLE;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_IMGSIZE;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_IMGTYPE;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_NUM_IMG;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_SIGNTYPE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.image.HashTableEntry;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.Patch;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/**
 * One row per rejection rule of the spec (optee-remoteproc.md §3.5 and §5 "Rejected"): a crafted image
 * and the TEE result LOAD_FW must give. Images are signed with a test key the PTA is configured with.
 */
class LoadFwRejectionTest {
    /** Offsets inside the standard test ELF. */
    private static final int E_PHOFF = 28;
    private static final int E_SHOFF = 32;
    private static final int E_PHENTSIZE = 42;
    private static final int E_PHNUM = 44;
    private static final int E_SHENTSIZE = 46;
    private static final int PH1 = TestFirmware.PHDR1;

    private static PrivateKey key() {
        return TestKeys.rsa2048().getPrivate();
    }

    private static byte[] elf() {
        return TestFirmware.standardElf();
    }

    private static byte[] signed() {
        return ImageForge.of(key(), elf()).build();
    }

    private static ImageForge forge() {
        return ImageForge.of(key(), elf());
    }

    /** A rule, the TA/PTA log text that names it (so a row cannot pass for another reason), the result. */
    private static Arguments row(String rule, String why, TeeResult expected, Supplier<byte[]> image) {
        return Arguments.of(rule, expected, why, image);
    }

    /** The standard ELF's hash table with entry {@code i} word {@code w} replaced. */
    private static byte[] hashTableWith(int i, int w, long value) {
        List<HashTableEntry> entries = ImageForge.hashEntries(elf());
        byte[] t = ImageForge.encode(entries);
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(i * 64 + 4 * w, (int) value);
        return t;
    }

    /** Offset of a section header's field in the standard ELF. */
    private static int shdr(Elf32Builder.Built b, int index, int field) {
        return b.shoff() + index * Elf32.SHDR_SIZE + field;
    }

    private static byte[] rsc(int ver, int num, int res0, int res1, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ver).putInt(num).putInt(res0).putInt(res1);
        return b.array();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // --- buffer and header (§3.5 steps 2, 4, 5)
                row("bad magic", "bad magic 0x3543a469", TeeResult.BAD_PARAMETERS, () -> Patch.flip(signed(), 0)),
                row("version 2", "unsupported header version 2", TeeResult.BAD_PARAMETERS, () -> forge().header(null, 2L, null, null, null).build()),
                row("tlv_len 0", "tlv_len 0,", TeeResult.BAD_PARAMETERS, () -> forge().header(null, null, 0L, null, null).build()),
                row("sign_len 0", "sign_len 0:", TeeResult.BAD_PARAMETERS, () -> forge().header(null, null, null, 0L, null).build()),
                row("size not above header+TLV+signature", "need tlv_len > 0, sign_len > 0 and a size above", TeeResult.BAD_PARAMETERS,
                        () -> Patch.truncate(signed(), Patch.image0(signed()))),
                row("size one byte short of the total", "LOAD_FW: buffer is", TeeResult.BAD_PARAMETERS,
                        () -> Patch.truncate(signed(), signed().length - 1)),
                row("size with 8 extra bytes", "LOAD_FW: buffer is", TeeResult.BAD_PARAMETERS, () -> Patch.append(signed(), 8)),
                row("tlv_len near 2^32 rounds to 0", "LOAD_FW: buffer is", TeeResult.BAD_PARAMETERS,
                        () -> forge().header(null, null, 0xFFFF_FFF9L, null, null).build()),
                row("sign_len near 2^32 rounds to 0", "LOAD_FW: buffer is", TeeResult.BAD_PARAMETERS,
                        () -> forge().header(null, null, null, 0xFFFF_FFFFL, null).build()),
                row("img_len near 2^32 rounds to 0", "LOAD_FW: buffer is", TeeResult.BAD_PARAMETERS,
                        () -> forge().header(null, null, null, null, 0xFFFF_FFFAL).build()),
                row("tlv_len + sign_len overflow 32 bits", "overflows 32 bits", TeeResult.BAD_PARAMETERS,
                        () -> forge().header(null, null, 0x8000_0000L, 0x8000_0000L, null).build()),
                // --- signature (§3.5 steps 6-8)
                row("SIGNTYPE missing", "SIGNTYPE TLV missing", TeeResult.BAD_PARAMETERS, () -> forge().remove(TLV_SIGNTYPE).build()),
                row("SIGNTYPE 2 bytes long", "SIGNTYPE TLV missing", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_SIGNTYPE, new byte[] {1, 0}).build()),
                row("SIGNTYPE empty", "SIGNTYPE TLV missing", TeeResult.BAD_PARAMETERS, () -> forge().set(TLV_SIGNTYPE, new byte[0]).build()),
                row("SIGNTYPE 3", "unsupported signature type 3", TeeResult.NOT_SUPPORTED, () -> forge().set(TLV_SIGNTYPE, new byte[] {3}).build()),
                row("SIGNTYPE ECDSA refused by the STM32 PTA", "algorithm 0x70003042 not supported", TeeResult.NOT_SUPPORTED,
                        () -> forge().set(TLV_SIGNTYPE, new byte[] {2}).build()),
                row("ECDSA-signed image", "algorithm 0x70003042 not supported", TeeResult.NOT_SUPPORTED, () -> new FirmwareSigner(
                        TestKeys.p256().getPrivate(), KeyType.ECC).addImage("fw", elf()).sign()),
                row("TLV byte changed after signing", "signature does not match", TeeResult.SIGNATURE_INVALID,
                        () -> Patch.flip(signed(), 20 + 16 * 4 + 8)),
                row("header img_len changed after signing", "signature does not match", TeeResult.SIGNATURE_INVALID,
                        () -> Patch.append(Patch.u32(signed(), 16, SignedImage.parse(signed()).header().imgLen() + 8), 8)),
                row("signature byte flipped", "signature does not match", TeeResult.SIGNATURE_INVALID,
                        () -> Patch.flip(signed(), Patch.image0(signed()) - 1)),
                row("wrong key", "signature does not match", TeeResult.SIGNATURE_INVALID,
                        () -> forge().key(TestKeys.otherRsa2048().getPrivate()).build()),
                row("signature length differs from the modulus", "signature of 512 bytes, key modulus is 256 bytes", TeeResult.SIGNATURE_INVALID,
                        () -> forge().key(PemKeys.readPrivateKey(TestKeys.shippedPem("mp15sim-default.pem"), null)).build()),
                // --- first image's ELF header (§3.5 step 10)
                row("ELF64 class", "is not an ELF32 file", TeeResult.BAD_FORMAT, () -> Patch.elfU8(signed(), Elf32.EI_CLASS, 2)),
                row("bad ELF magic", "is not an ELF32 file", TeeResult.BAD_FORMAT, () -> Patch.elfU8(signed(), 1, 'X')),
                row("EI_VERSION 0", "is not an ELF32 file", TeeResult.BAD_FORMAT, () -> Patch.elfU8(signed(), Elf32.EI_VERSION, 0)),
                row("e_phentsize 56", "is not an ELF32 file", TeeResult.BAD_FORMAT, () -> Patch.elfU16(signed(), E_PHENTSIZE, 56)),
                row("e_shentsize 64", "is not an ELF32 file", TeeResult.BAD_FORMAT, () -> Patch.elfU16(signed(), E_SHENTSIZE, 64)),
                row("e_phnum 0", "(e_phnum 0)", TeeResult.BAD_FORMAT, () -> Patch.elfU16(signed(), E_PHNUM, 0)),
                row("e_shoff + 40 beyond the image area", "shorter than an ELF header or e_shoff + 40", TeeResult.BAD_FORMAT,
                        () -> Patch.elfU32(signed(), E_SHOFF, 0xFFFF_FF00L)),
                row("image area shorter than an ELF header", "shorter than an ELF header or e_shoff + 40", TeeResult.BAD_FORMAT, () -> {
                    ImageForge f = forge();
                    f.images().set(0, new byte[48]);
                    return f.build();
                }),
                // --- TLVs of the load (§3.5 steps 11-13a)
                row("HASHTABLE missing", "no HASHTABLE TLV", TeeResult.NO_DATA, () -> forge().remove(TLV_HASHTABLE).build()),
                row("HASHTABLE length not a multiple of 64", "HASHTABLE length 100 is not a multiple of 64", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_HASHTABLE, new byte[100]).build()),
                row("NUM_IMG missing", "no NUM_IMG TLV", TeeResult.NO_DATA, () -> forge().remove(TLV_NUM_IMG).build()),
                row("NUM_IMG 0", "NUM_IMG is 0", TeeResult.NO_DATA, () -> forge().set(TLV_NUM_IMG, new byte[] {0}).build()),
                row("NUM_IMG 2 bytes long", "NUM_IMG length 2 is not 1", TeeResult.BAD_FORMAT,
                        () -> forge().set(TLV_NUM_IMG, new byte[] {1, 0}).build()),
                row("IMGTYPE missing", "no IMGTYPE TLV", TeeResult.NO_DATA, () -> forge().remove(TLV_IMGTYPE).build()),
                row("IMGTYPE length differs from NUM_IMG", "IMGTYPE length 2 is not NUM_IMG 1", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_IMGTYPE, new byte[] {1, 1}).build()),
                row("IMGTYPE not ELF", "has type 2, not ELF", TeeResult.BAD_FORMAT, () -> forge().set(TLV_IMGTYPE, new byte[] {2}).build()),
                row("IMGSIZE missing", "no IMGSIZE TLV", TeeResult.NO_DATA, () -> forge().remove(TLV_IMGSIZE).build()),
                row("IMGSIZE length differs from 4 x NUM_IMG", "IMGSIZE length 8 is not 4 x NUM_IMG", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_IMGSIZE, new byte[8]).build()),
                row("IMGSIZE 0", "has IMGSIZE 0", TeeResult.BAD_PARAMETERS, () -> forge().set(TLV_IMGSIZE, new byte[4]).build()),
                // --- segment walk (§3.5 step 13b)
                row("program-header table outside the image", "program-header table outside the image", TeeResult.BAD_FORMAT,
                        () -> Patch.elfU32(signed(), E_PHOFF, 0x7FFF_FFF0L)),
                row("program-header table not 4-byte aligned", "program-header table outside the image or not 4-byte aligned", TeeResult.BAD_FORMAT,
                        () -> Patch.elfU32(signed(), E_PHOFF, 54)),
                row("segment data outside the image", "segment 1 data (offset 0xff0000", TeeResult.BAD_FORMAT,
                        () -> Patch.elfU32(signed(), PH1 + 4, 0x00FF_0000L)),
                row("segment data ending exactly at the image end", "segment 1 data (offset", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    int end = b.segmentOffsets()[1] + 0x100;
                    return forge().set(TLV_IMGSIZE, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(end).array()).build();
                }),
                row("PT_LOAD whose p_paddr has no hash entry", "no hash-table entry for segment da 0x10001000", TeeResult.NO_DATA,
                        () -> Patch.elfU32(signed(), PH1 + 12, 0x10001000L)),
                row("hash entry is not PT_LOAD", "hash entry for da 0x10000000 is not PT_LOAD", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_HASHTABLE, hashTableWith(1, 0, Elf32.PT_NOTE)).build()),
                row("hash entry p_filesz differs", "differ from its hash entry 0x104/0x200", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_HASHTABLE, hashTableWith(1, 4, 0x104)).build()),
                row("hash entry p_memsz differs", "differ from its hash entry 0x100/0x204", TeeResult.BAD_PARAMETERS,
                        () -> forge().set(TLV_HASHTABLE, hashTableWith(1, 5, 0x204)).build()),
                row("segment data modified", "SHA-256 mismatch, destination zeroed", TeeResult.SECURITY,
                        () -> Patch.flip(signed(), Patch.image0(signed()) + TestFirmware.standard(0x100).segmentOffsets()[1] + 3)),
                row("segment outside every region", "da 0x20000000 size 0x10 is not inside one rproc memory region", TeeResult.ACCESS_DENIED,
                        () -> ImageForge.of(key(), TestFirmware.single(0x2000_0000L, new byte[16], 16)).build()),
                row("segment straddling mcuram2 and vdev0vring0", "da 0x1003fff0 size 0x20 is not inside one rproc memory region", TeeResult.ACCESS_DENIED,
                        () -> ImageForge.of(key(), TestFirmware.single(0x1003_FFF0L, new byte[0x20], 0x20)).build()),
                row("segment running past RETRAM", "da 0x0000fff8 size 0x10 is not inside one rproc memory region", TeeResult.ACCESS_DENIED,
                        () -> ImageForge.of(key(), TestFirmware.single(0xFFF8L, new byte[16], 16)).build()),
                row(".bss tail outside one region", "failed to clear 0x1f0 bytes at da 0x1003ff10", TeeResult.ACCESS_DENIED,
                        () -> ImageForge.of(key(), TestFirmware.single(0x1003_FF00L, new byte[16], 0x200)).build()),
                // --- resource table (§3.5 step 13c)
                row("resource table outside the regions", "resource table da 0x20000000 size 56 is outside the rproc memories", TeeResult.ACCESS_DENIED, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    return Patch.elfU32(ImageForge.of(key(), b.bytes()).build(), shdr(b, 1, 12), 0x2000_0000L);
                }),
                row("resource table in two images", "image 1: more than one resource table", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder b = new Elf32Builder();
                    int seg = b.load(0x10030000L, TestFirmware.resourceTable(0x20), 0x20);
                    b.sectionInSegment(".resource_table", 0x10030000L, seg, 0, 0x20);
                    return ImageForge.of(key(), elf(), b.build().bytes()).build();
                }),
                row("resource table version 2", "resource table version 2 is not 1", TeeResult.BAD_FORMAT,
                        () -> ImageForge.of(key(), TestFirmware.withResourceTable(rsc(2, 0, 0, 0, 16), 16).bytes()).build()),
                row("resource table reserved word set", "resource table reserved words not 0", TeeResult.BAD_FORMAT,
                        () -> ImageForge.of(key(), TestFirmware.withResourceTable(rsc(1, 0, 0, 7, 16), 16).bytes()).build()),
                row("resource table with more offsets than bytes", "resource table incomplete (3 offsets in 24 bytes)", TeeResult.BAD_FORMAT,
                        () -> ImageForge.of(key(), TestFirmware.withResourceTable(rsc(1, 3, 0, 0, 16), 24).bytes()).build()),
                row("resource table smaller than its header", "resource table has no header", TeeResult.BAD_FORMAT,
                        () -> ImageForge.of(key(), TestFirmware.withResourceTable(rsc(1, 0, 0, 0, 16), 8).bytes()).build()),
                row("resource table truncated by the image end", "resource table truncated", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    return Patch.elfU32(ImageForge.of(key(), b.bytes()).build(), shdr(b, 1, 20), 0x10_0000L);
                }),
                row("resource table not 4-byte aligned", "resource table not 4-byte aligned", TeeResult.CORRUPT_OBJECT, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    return Patch.elfU32(ImageForge.of(key(), b.bytes()).build(), shdr(b, 1, 16),
                            b.sectionOffsets()[0] + 2);
                }),
                row("image without section headers", "section headers (e_shoff 0x0, e_shnum 0", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder b = new Elf32Builder().noSectionHeaders();
                    b.load(0x10000000L, new byte[64], 64);
                    return ImageForge.of(key(), b.build().bytes()).build();
                }),
                row("section name outside the name table", "name offset 0x1000 is outside the name table", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    return Patch.elfU32(ImageForge.of(key(), b.bytes()).build(), shdr(b, 1, 0), 0x1000);
                }),
                row("section-name table outside the image", "section-name table outside the image", TeeResult.BAD_FORMAT, () -> {
                    Elf32Builder.Built b = TestFirmware.standard(0x100);
                    return Patch.elfU32(ImageForge.of(key(), b.bytes()).build(), shdr(b, 2, 16), 0x10_0000L);
                }),
                row("e_shstrndx not below e_shnum", "e_shstrndx 3) are outside", TeeResult.BAD_FORMAT,
                        () -> Patch.elfU16(signed(), 50, 3)),
                // --- TA heap (§5)
                row("30 program headers exhaust the 4 KiB TA heap", "TA heap cannot hold the", TeeResult.OUT_OF_MEMORY, () -> {
                    Elf32Builder b = new Elf32Builder();
                    for (int i = 0; i < 30; i++) {
                        b.load(0x10000000L + 0x100L * i, new byte[] {(byte) i}, 1);
                    }
                    return ImageForge.of(key(), b.build().bytes()).build();
                }));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rules")
    void loadFwRejects(String rule, TeeResult expected, String why, Supplier<byte[]> image) {
        byte[] bytes = image.get();
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(expected, f.load(bytes), rule + "\n" + f.logText());
            assertTrue(f.logText().contains(why), rule + ": expected the log to say '" + why + "'\n" + f.logText());
            assertEquals(RemoteprocTa.State.OFF, f.world.ta().state(0), "a failed load leaves the state OFF");
        }
    }
}
