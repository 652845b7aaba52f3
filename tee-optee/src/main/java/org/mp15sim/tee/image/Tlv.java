package org.mp15sim.tee.image;

import java.util.Arrays;
import java.util.HexFormat;

/** One TLV record: u32 type, u32 length, value (padded with zeros to 8 bytes in the area). */
public final class Tlv {
    private final long type;
    private final byte[] value;

    public Tlv(long type, byte[] value) {
        if (type < 0 || type > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("TLV type " + type + " does not fit a u32");
        }
        this.type = type;
        this.value = value.clone();
    }

    public static Tlv ofByte(long type, int value) {
        return new Tlv(type, new byte[] {(byte) value});
    }

    public long type() {
        return type;
    }

    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Bytes this record occupies in the area: 8 + R8(length). */
    public long encodedSize() {
        return 8 + SignedImageFormat.r8(value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(type) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(value, 0, Math.min(value.length, 16));
        return SignedImageFormat.tlvName(type) + "[" + value.length + "] " + hex + (value.length > 16 ? "…" : "");
    }
}
