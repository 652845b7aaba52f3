package org.mp15sim.linux.board;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mp15sim.core.elf.Elf32Builder;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.stm32mp.Stm32RprocPlatform;

/**
 * Firmware images for the rproc-linux tests: a synthetic ELF built here, the project's rpmsg_echo builds, ST's
 * examples from the shared folder (the test is skipped without them), and signing with the project's default key.
 */
public final class TestFirmware {
    /** Where the synthetic firmware puts its resource table and trace buffer (M4 address = A7 address). */
    public static final long RSC_DA = 0x1002_0000L, TRACE_DA = 0x1002_1000L;

    private TestFirmware() {}

    /** The synthetic firmware's resource table: vdev (rpmsg, 2 vrings of 16, da ANY) and trace "cm4_log". */
    public static byte[] resourceTable() {
        ByteBuffer b = ByteBuffer.allocate(0x400).order(ByteOrder.LITTLE_ENDIAN);
        int vdevOff = 16 + 8, traceOff = vdevOff + 4 + 24 + 40;
        b.putInt(1).putInt(2).putInt(0).putInt(0).putInt(vdevOff).putInt(traceOff);
        b.position(vdevOff);
        b.putInt(3).putInt(7).putInt(0).putInt(1).putInt(0).putInt(0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 0);
        for (int i = 0; i < 2; i++) b.putInt(-1).putInt(16).putInt(16).putInt(i).putInt(0);
        b.position(traceOff);
        b.putInt(2).putInt((int) TRACE_DA).putInt(0x800).putInt(0);
        b.put(name32("cm4_log"));
        return b.array();
    }

    /** A 32-byte, zero-padded resource name. */
    public static byte[] name32(String n) { return Arrays.copyOf(n.getBytes(StandardCharsets.ISO_8859_1), 32); }

    /**
     * A firmware ELF that does nothing: vectors at 0 (RETRAM), 0xA5 code at 0x10000000, {@code table} + trace + .bss at
     * {@link #RSC_DA}. Its 1 KiB table window is what attach needs.
     */
    public static byte[] firmware(byte[] table) {
        Elf32Builder e = new Elf32Builder().entry(0x10000101L);
        byte[] vectors = new byte[0x298];
        ByteBuffer.wrap(vectors).order(ByteOrder.LITTLE_ENDIAN).putInt(0x10040000).putInt(0x10000101);
        e.load(0x0, vectors, vectors.length);
        byte[] code = new byte[0x200];
        Arrays.fill(code, (byte) 0xA5);
        e.load(0x1000_0000L, code, 0x200);
        int seg = e.load(RSC_DA, table, 0x1000 + 0x800 + 0x100);
        e.sectionInSegment(".resource_table", RSC_DA, seg, 0, table.length);
        return e.build().bytes();
    }

    /** {@link #firmware(byte[])} with {@link #resourceTable()}. */
    public static byte[] firmware() { return firmware(resourceTable()); }

    /** {@code <checkout>/firmware/rpmsg_echo/<name>} (property mp15sim.firmware overrides the firmware folder). */
    public static Path rpmsgEchoPath(String name) {
        String dir = System.getProperty("mp15sim.firmware");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.dir")).resolveSibling("firmware");
        return base.resolve("rpmsg_echo").resolve(name);
    }

    /** The bytes of {@link #rpmsgEchoPath}. */
    public static byte[] rpmsgEcho(String name) { return read(rpmsgEchoPath(name)); }

    /** ST's example {@code <mp15sim.shared>/firmware/st/<name>}; skips the test when the shared folder lacks it. */
    public static byte[] st(String name) {
        String shared = System.getProperty("mp15sim.shared");
        Path p = shared == null ? null : Path.of(shared, "firmware", "st", name);
        assumeTrue(p != null && Files.isRegularFile(p), "ST's " + name + " not found under mp15sim.shared (" + shared + "): skipped");
        return read(p);
    }

    /** {@code elf} signed for the remoteproc TA with the project's default RSA key (what Stm32RprocPlatform.dk2() trusts). */
    public static byte[] signed(byte[] elf) {
        try (InputStream in = Stm32RprocPlatform.class.getResourceAsStream("/org/mp15sim/tee/keys/mp15sim-default.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return new FirmwareSigner(PemKeys.readPrivateKey(pem, null), KeyType.RSA).addImage("m4", elf).sign();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
