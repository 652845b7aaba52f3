package org.mp15sim.tee.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mp15sim.tee.testing.ImageForge;
import org.mp15sim.tee.testing.TestFirmware;
import org.mp15sim.tee.testing.TestKeys;

/** {@code inspect} on damaged images: exit 0 or 1 with a message, never an exception. */
class InspectMutationProperties {
    private static final byte[] BASE = ImageForge.of(TestKeys.rsa2048().getPrivate(), TestFirmware.standardElf(),
            TestFirmware.single(0x10030000L, new byte[] {1, 2, 3}, 8)).build();

    private static void inspect(byte[] bytes) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink);
        int code = new InspectCommand().inspect("mutated.sig", bytes, p, p);
        if (code != 0 && code != 1) {
            throw new AssertionError("inspect exited with " + code + ":\n" + sink);
        }
    }

    @Property(tries = 150)
    void truncation(@ForAll @IntRange(min = 0, max = 2000) int length) throws Exception {
        inspect(Arrays.copyOf(BASE, Math.min(length, BASE.length)));
    }

    @Property(tries = 200)
    void wordsNearTwoPow32(@ForAll @IntRange(min = 0, max = 100_000) int where,
                           @ForAll @IntRange(min = 0, max = 72) int below) throws Exception {
        byte[] b = BASE.clone();
        int at = (where % (b.length / 4)) * 4;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) (0x1_0000_0000L - below));
        inspect(b);
    }

    @Property(tries = 200)
    void bitFlips(@ForAll @IntRange(min = 0, max = 1 << 20) int bit) throws Exception {
        byte[] b = BASE.clone();
        int bits = b.length * 8;
        b[(bit % bits) / 8] ^= (byte) (1 << (bit % 8));
        inspect(b);
    }
}
