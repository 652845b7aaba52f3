package org.mp15sim.tee.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A signed image split into its parts, for tools (inspect, verify listings, tests). Parsing is strict
 * about structure (exact size, TLV records inside the area) and says where it broke; it does not judge
 * the content (signature, hashes, ELF) — the trusted application does that in upstream order.
 */
public final class SignedImage {
    private final byte[] bytes;
    private final SignedImageHeader header;
    private final List<Tlv> tlvs;

    private SignedImage(byte[] bytes, SignedImageHeader header, List<Tlv> tlvs) {
        this.bytes = bytes;
        this.header = header;
        this.tlvs = tlvs;
    }

    /**
     * Splits a signed image. Checks magic, version, that the file size equals
     * 20 + R8(tlv_len) + R8(sign_len) + R8(img_len) and that every TLV record lies inside the area.
     */
    public static SignedImage parse(byte[] bytes) {
        SignedImageHeader h = SignedImageHeader.read(bytes);
        if (h.magic() != SignedImageFormat.MAGIC) {
            throw new SignedImageFormatException(0, String.format(
                    "signed image: magic 0x%08x at offset 0 is not 0x%08x", h.magic(), SignedImageFormat.MAGIC));
        }
        if (h.version() != SignedImageFormat.VERSION) {
            throw new SignedImageFormatException(4, String.format(
                    "signed image: version %d at offset 4 is not %d", h.version(), SignedImageFormat.VERSION));
        }
        if (h.totalSize() != bytes.length) {
            throw new SignedImageFormatException(0, String.format(
                    "signed image: file is %d bytes but the header (tlv_len %d, sign_len %d, img_len %d) "
                            + "gives 20 + R8(tlv_len) + R8(sign_len) + R8(img_len) = %d",
                    bytes.length, h.tlvLen(), h.signLen(), h.imgLen(), h.totalSize()));
        }
        List<Tlv> tlvs = TlvArea.decode(bytes, SignedImageFormat.HEADER_SIZE, h.tlvLen());
        return new SignedImage(bytes, h, List.copyOf(tlvs));
    }

    /** Writes header, TLV area, signature and images, each part zero-padded to 8 bytes. */
    public static byte[] assemble(SignedImageHeader header, byte[] tlvArea, byte[] signature, List<byte[]> images) {
        long total = header.totalSize();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("signed image of " + total + " bytes is too large");
        }
        if (tlvArea.length != header.tlvLen() || signature.length != header.signLen()) {
            throw new IllegalArgumentException("header lengths do not match the TLV area / signature given");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.toBytes());
        b.put(tlvArea);
        b.position((int) header.signatureOffset());
        b.put(signature);
        b.position((int) header.imageOffset());
        for (byte[] image : images) {
            int start = b.position();
            b.put(image);
            b.position(start + (int) SignedImageFormat.r8(image.length));
        }
        return b.array();
    }

    public SignedImageHeader header() {
        return header;
    }

    public List<Tlv> tlvs() {
        return tlvs;
    }

    /** The first TLV of this type (as the TA's lookup finds it). */
    public Optional<Tlv> tlv(long type) {
        return tlvs.stream().filter(t -> t.type() == type).findFirst();
    }

    /** Header and R8(tlv_len) TLV bytes: the message whose SHA-256 is signed. */
    public byte[] signedMessage() {
        return Arrays.copyOfRange(bytes, 0, (int) header.signatureOffset());
    }

    public byte[] signature() {
        int from = (int) header.signatureOffset();
        return Arrays.copyOfRange(bytes, from, from + (int) header.signLen());
    }

    /** The img_len bytes of the image area. */
    public byte[] imageArea() {
        int from = (int) header.imageOffset();
        return Arrays.copyOfRange(bytes, from, from + (int) header.imgLen());
    }

    /** The whole file (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The HASHTABLE entries; empty when the TLV is missing. */
    public List<HashTableEntry> hashTable() {
        return tlv(SignedImageFormat.TLV_HASHTABLE).map(t -> HashTableEntry.decodeAll(t.value())).orElse(List.of());
    }

    /**
     * The images of the image area, cut by the IMGSIZE values (image i starts at the sum of the previous
     * sizes, as in the TA).
     */
    public List<byte[]> images() {
        Tlv num = tlv(SignedImageFormat.TLV_NUM_IMG).orElseThrow(
                () -> new SignedImageFormatException(20, "signed image: no NUM_IMG TLV"));
        if (num.length() != 1) {
            throw new SignedImageFormatException(20, "signed image: NUM_IMG length " + num.length() + " is not 1");
        }
        int n = Byte.toUnsignedInt(num.value()[0]);
        Tlv sizes = tlv(SignedImageFormat.TLV_IMGSIZE).orElseThrow(
                () -> new SignedImageFormatException(20, "signed image: no IMGSIZE TLV"));
        if (sizes.length() != 4 * n) {
            throw new SignedImageFormatException(20, String.format(
                    "signed image: IMGSIZE length %d is not 4 x NUM_IMG (%d)", sizes.length(), n));
        }
        ByteBuffer b = ByteBuffer.wrap(sizes.value()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] area = imageArea();
        List<byte[]> images = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            long size = Integer.toUnsignedLong(b.getInt());
            if (offset + size > area.length) {
                throw new SignedImageFormatException(header.imageOffset() + offset, String.format(
                        "signed image: image %d (IMGSIZE %d at area offset 0x%x) runs past the image area (%d bytes)",
                        i, size, offset, area.length));
            }
            images.add(Arrays.copyOfRange(area, (int) offset, (int) (offset + size)));
            offset += size;
        }
        return images;
    }
}
