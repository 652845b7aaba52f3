package org.mp15sim.tee.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mp15sim.tee.image.SignedImage;

/** Edits of a signed image after signing (the unauthenticated parts, or deliberate tampering). */
public final class Patch {
    private Patch() {}

    public static byte[] u32(byte[] b, int offset, long value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
        return c;
    }

    public static byte[] u16(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return c;
    }

    public static byte[] u8(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        c[offset] = (byte) value;
        return c;
    }

    public static byte[] flip(byte[] b, int offset) {
        byte[] c = b.clone();
        c[offset] ^= 1;
        return c;
    }

    /** File offset of the first image (after header, TLV area and signature). */
    public static int image0(byte[] signed) {
        return (int) SignedImage.parse(signed).header().imageOffset();
    }

    /** Writes a u32 at {@code elfOffset} inside the first image. */
    public static byte[] elfU32(byte[] signed, int elfOffset, long value) {
        return u32(signed, image0(signed) + elfOffset, value);
    }

    public static byte[] elfU16(byte[] signed, int elfOffset, int value) {
        return u16(signed, image0(signed) + elfOffset, value);
    }

    public static byte[] elfU8(byte[] signed, int elfOffset, int value) {
        return u8(signed, image0(signed) + elfOffset, value);
    }

    public static byte[] truncate(byte[] b, int length) {
        return java.util.Arrays.copyOf(b, length);
    }

    public static byte[] append(byte[] b, int extra) {
        return java.util.Arrays.copyOf(b, b.length + extra);
    }
}
