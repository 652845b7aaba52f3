package org.mp15sim.tee.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct remoteproc_fw_hdr: five little-endian u32 (held as unsigned {@code long}s).
 *
 * @param tlvLen  length of the TLV area (unpadded; the area occupies R8(tlvLen) bytes)
 * @param signLen signature length in bytes (raw, the signature occupies R8(signLen) bytes)
 * @param imgLen  length of the image area (sum of every image rounded up to 8)
 */
public record SignedImageHeader(long magic, long version, long tlvLen, long signLen, long imgLen) {

    /** A header with the upstream magic and version. */
    public static SignedImageHeader of(long tlvLen, long signLen, long imgLen) {
        return new SignedImageHeader(SignedImageFormat.MAGIC, SignedImageFormat.VERSION, tlvLen, signLen, imgLen);
    }

    /** Reads the header from the first 20 bytes. */
    public static SignedImageHeader read(byte[] bytes) {
        if (bytes.length < SignedImageFormat.HEADER_SIZE) {
            throw new SignedImageFormatException(0, String.format(
                    "signed image: %d bytes, shorter than the %d-byte header", bytes.length,
                    SignedImageFormat.HEADER_SIZE));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new SignedImageHeader(u32(b, 0), u32(b, 4), u32(b, 8), u32(b, 12), u32(b, 16));
    }

    /** The 20 stored bytes. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SignedImageFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) magic).putInt((int) version).putInt((int) tlvLen).putInt((int) signLen).putInt((int) imgLen);
        return b.array();
    }

    /** 20 + R8(tlv_len) + R8(sign_len) + R8(img_len), computed without wrap-around. */
    public long totalSize() {
        return SignedImageFormat.HEADER_SIZE + SignedImageFormat.r8(tlvLen) + SignedImageFormat.r8(signLen)
                + SignedImageFormat.r8(imgLen);
    }

    public long tlvOffset() {
        return SignedImageFormat.HEADER_SIZE;
    }

    public long signatureOffset() {
        return tlvOffset() + SignedImageFormat.r8(tlvLen);
    }

    public long imageOffset() {
        return signatureOffset() + SignedImageFormat.r8(signLen);
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }
}
