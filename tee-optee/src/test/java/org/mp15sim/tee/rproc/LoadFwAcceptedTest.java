package org.mp15sim.tee.rproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_HASHTYPE;
import static org.mp15sim.tee.image.SignedImageFormat.TLV_PKEYINFO;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.image.SignedImageFormat;
import org.mp15sim.tee.image.Tlv;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.Patch;
import org.mp15sim.tee.testing.SecureWorldFixture;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/**
 * Spec §5 "Accepted although one might expect rejection": upstream loads these, so the model must too.
 */
class LoadFwAcceptedTest {
    private static PrivateKey key() {
        return TestKeys.rsa2048().getPrivate();
    }

    private static Elf32Builder.Built built() {
        return TestFirmware.standard(0x100);
    }

    private static byte[] signed() {
        return ImageForge.of(key(), built().bytes()).build();
    }

    private static Arguments row(String rule, Supplier<byte[]> image) {
        return Arguments.of(rule, image);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                row("e_entry changed after signing", () -> Patch.elfU32(signed(), 24, 0xDEADBEEFL)),
                row("e_machine changed after signing", () -> Patch.elfU16(signed(), 18, 62)),
                row("EI_DATA big-endian flag (not checked)", () -> Patch.elfU8(signed(), Elf32.EI_DATA, 2)),
                row("p_flags changed after signing", () -> Patch.elfU32(signed(), TestFirmware.PHDR1 + 24, 0)),
                row("p_vaddr changed after signing", () -> Patch.elfU32(signed(), TestFirmware.PHDR1 + 8, 0x20000000L)),
                row("section flags changed", () -> Patch.elfU32(signed(), built().shoff() + 40 + 8, 0xFF)),
                row("non-segment bytes (.shstrtab padding) changed",
                        () -> Patch.elfU8(signed(), built().shoff() - 1, 0x55)),
                row("image padding bytes changed", () -> {
                    byte[] s = signed();
                    return Patch.u8(s, s.length - 1, 0x77);
                }),
                row("PKEYINFO content ignored by the STM32 PTA",
                        () -> ImageForge.of(key(), built().bytes()).set(TLV_PKEYINFO, "any key".getBytes()).build()),
                row("platform TLVs ignored",
                        () -> ImageForge.of(key(), built().bytes()).set(0x10001, new byte[] {1, 2, 3, 4}).build()),
                row("HASHTYPE value ignored",
                        () -> ImageForge.of(key(), built().bytes()).set(TLV_HASHTYPE, new byte[] {7}).build()),
                row("TLV order does not matter",
                        () -> ImageForge.of(key(), built().bytes()).tlvs(l -> java.util.Collections.reverse(l)).build()),
                row("unknown TLV type skipped", () -> ImageForge.of(key(), built().bytes())
                        .tlvs(l -> l.addFirst(new Tlv(0x99, new byte[13]))).build()),
                row("PT_LOAD with filesz = memsz = 0", () -> {
                    Elf32Builder b = new Elf32Builder();
                    b.load(0x10000000L, new byte[] {1, 2, 3, 4}, 4);
                    b.load(0x10001000L, new byte[0], 0);
                    b.section(".comment", 1, 0, new byte[] {1});
                    return ImageForge.of(key(), b.build().bytes()).build();
                }),
                row("second image's ELF header is not checked like the first", () -> {
                    byte[] first = built().bytes();
                    byte[] second = TestFirmware.single(0x10030000L, new byte[] {9, 9, 9, 9}, 4);
                    byte[] s = ImageForge.of(key(), first, second).build();
                    int at = Patch.image0(s) + (int) SignedImageFormat.r8(first.length);
                    return Patch.u8(Patch.u8(s, at + Elf32.EI_CLASS, 2), at + Elf32.EI_VERSION, 0);
                }),
                row("identical segments of two images at the same address", () ->
                        ImageForge.of(key(), TestFirmware.single(0x10030000L, new byte[] {5, 6, 7, 8}, 8),
                                TestFirmware.single(0x10030000L, new byte[] {5, 6, 7, 8}, 8)).build()),
                row("IMGSIZE sum smaller than img_len", () -> {
                    ImageForge f = ImageForge.of(key(), built().bytes());
                    byte[] elf = f.images().getFirst();
                    f.images().set(0, java.util.Arrays.copyOf(elf, elf.length + 64));
                    long size = SignedImageFormat.r8(elf.length);
                    return f.set(SignedImageFormat.TLV_IMGSIZE,
                            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) size).array()).build();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void loadFwAccepts(String rule, Supplier<byte[]> image) {
        byte[] bytes = image.get();
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SUCCESS, f.load(bytes), rule + "\n" + f.logText());
            assertEquals(RemoteprocTa.State.LOADED, f.world.ta().state(0));
        }
    }

    @Test
    void forgedResourceTableAddressIsReportedAsIs() {
        Elf32Builder.Built b = built();
        byte[] image = Patch.elfU32(signed(), b.shoff() + 40 + 12, 0x10001000L);
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SUCCESS, f.load(image), f.logText());
            assertArrayEquals(new long[] {0x10001000L, 0x38}, f.rscTable());
        }
    }

    @Test
    void overlappingSegmentsLoadInOrderTheLaterWinning() {
        Elf32Builder b = new Elf32Builder();
        b.load(0x10000000L, new byte[] {1, 1, 1, 1, 1, 1, 1, 1}, 8);
        b.load(0x10000004L, new byte[] {2, 2, 2, 2}, 4);
        b.section(".comment", 1, 0, new byte[] {1});
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SUCCESS, f.load(ImageForge.of(key(), b.build().bytes()).build()), f.logText());
            assertArrayEquals(new byte[] {1, 1, 1, 1, 2, 2, 2, 2}, f.read(0x10000000L, 8));
            assertArrayEquals(new long[] {0, 0}, f.rscTable());
        }
    }

    @Test
    void failedLoadLeavesEarlierSegmentsInMemoryAndTheStateOff() {
        Elf32Builder.Built b = built();
        byte[] signed = signed();
        byte[] tampered = Patch.flip(signed, Patch.image0(signed) + b.segmentOffsets()[1] + 0x10);
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SECURITY, f.load(tampered));
            assertArrayEquals(new byte[] {0, 0, 4, 0x10, 0x41, 0, 0, 0x10}, f.read(0x38000000L, 8),
                    "the RETRAM segment loaded before the failure stays (upstream: 'should we clean up?')");
            assertArrayEquals(new byte[0x100], f.read(0x10000000L, 0x100), "the failing segment is zeroed");
            assertEquals(RemoteprocTa.State.OFF, f.world.ta().state(0));
        }
    }

    @Test
    void loadWhileLoadedSucceedsWithoutLookingAtTheBuffer() {
        try (SecureWorldFixture f = new SecureWorldFixture(TestKeys.rsa2048().getPublic())) {
            assertEquals(TeeResult.SUCCESS, f.load(signed()), f.logText());
            byte[] before = f.read(0x10000000L, 0x100);
            assertEquals(TeeResult.SUCCESS, f.load(new byte[] {1, 2, 3}));
            assertArrayEquals(before, f.read(0x10000000L, 0x100));
        }
    }
}
