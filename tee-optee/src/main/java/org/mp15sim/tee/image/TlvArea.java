package org.mp15sim.tee.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Encoding and strict decoding of the TLV area. */
public final class TlvArea {
    private TlvArea() {}

    /** Concatenates the records, each value zero-padded to a multiple of 8. */
    public static byte[] encode(List<Tlv> tlvs) {
        long size = 0;
        for (Tlv t : tlvs) {
            size += t.encodedSize();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("TLV area of " + size + " bytes is too large");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        for (Tlv t : tlvs) {
            int start = b.position();
            b.putInt((int) t.type()).putInt(t.length()).put(t.value());
            b.position(start + (int) t.encodedSize());
        }
        return b.array();
    }

    /**
     * Decodes every record of an area of {@code length} bytes starting at {@code offset} in
     * {@code bytes}. Unlike the TA's lookup (which silently stops), a record that runs past the area
     * is an error here, so tools can show where the area is broken.
     */
    public static List<Tlv> decode(byte[] bytes, int offset, long length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new SignedImageFormatException(offset, String.format(
                    "TLV area: 0x%x bytes at offset 0x%x lie outside the file (0x%x bytes)",
                    length, offset, bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Tlv> list = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            if (end - pos < 8) {
                throw new SignedImageFormatException(pos, String.format(
                        "TLV area: %d trailing bytes at offset 0x%x are too short for a type/length pair",
                        end - pos, pos));
            }
            long type = Integer.toUnsignedLong(b.getInt((int) pos));
            long len = Integer.toUnsignedLong(b.getInt((int) pos + 4));
            if (len > end - pos - 8) {
                throw new SignedImageFormatException(pos, String.format(
                        "TLV area: record %s at offset 0x%x declares %d value bytes but only %d remain",
                        SignedImageFormat.tlvName(type), pos, len, end - pos - 8));
            }
            byte[] value = new byte[(int) len];
            b.get((int) pos + 8, value);
            list.add(new Tlv(type, value));
            pos += 8 + SignedImageFormat.r8(len);
        }
        return list;
    }
}
