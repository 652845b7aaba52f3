package org.mp15sim.tee.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.tee.image.HashTableEntry;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.image.SignedImageFormat;
import org.mp15sim.tee.image.SignedImageHeader;
import org.mp15sim.tee.image.Tlv;
import org.mp15sim.tee.image.TlvArea;

/**
 * Crafts signed images below the signer's level: the TLV list can be edited before signing (the result
 * is still validly signed), and the header can be forced to any values.
 */
public final class ImageForge {
    private final List<byte[]> images = new ArrayList<>();
    private final List<Tlv> tlvs = new ArrayList<>();
    private PrivateKey key;
    private Long tlvLen;
    private Long signLen;
    private Long imgLen;
    private Long magic;
    private Long version;

    private ImageForge() {}

    /** The TLVs the upstream signer would write for these ELFs, signed RSA with {@code key}. */
    public static ImageForge of(PrivateKey key, byte[]... elfs) {
        ImageForge f = new ImageForge();
        f.key = key;
        List<HashTableEntry> entries = new ArrayList<>();
        byte[] types = new byte[elfs.length];
        ByteBuffer sizes = ByteBuffer.allocate(4 * elfs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < elfs.length; i++) {
            f.images.add(elfs[i].clone());
            entries.addAll(hashEntries(elfs[i]));
            types[i] = 1;
            sizes.putInt((int) SignedImageFormat.r8(elfs[i].length));
        }
        f.tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_SIGNTYPE, 1));
        f.tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_NUM_IMG, elfs.length));
        f.tlvs.add(new Tlv(SignedImageFormat.TLV_IMGTYPE, types));
        f.tlvs.add(new Tlv(SignedImageFormat.TLV_IMGSIZE, sizes.array()));
        f.tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_HASHTYPE, 1));
        f.tlvs.add(new Tlv(SignedImageFormat.TLV_HASHTABLE, encode(entries)));
        return f;
    }

    public static List<HashTableEntry> hashEntries(byte[] elf) {
        try {
            Elf32File file = Elf32File.parse(elf);
            List<HashTableEntry> list = new ArrayList<>();
            for (Elf32ProgramHeader p : file.programHeaders()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(file.segmentBytes(p).asByteBuffer());
                list.add(HashTableEntry.of(p, sha.digest()));
            }
            return list;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] encode(List<HashTableEntry> entries) {
        ByteBuffer b = ByteBuffer.allocate(entries.size() * 64);
        entries.forEach(e -> e.writeTo(b));
        return b.array();
    }

    /** Edits the TLV list (before signing). */
    public ImageForge tlvs(Consumer<List<Tlv>> edit) {
        edit.accept(tlvs);
        return this;
    }

    /** Replaces the value of the first TLV of {@code type}. */
    public ImageForge set(long type, byte[] value) {
        for (int i = 0; i < tlvs.size(); i++) {
            if (tlvs.get(i).type() == type) {
                tlvs.set(i, new Tlv(type, value));
                return this;
            }
        }
        tlvs.add(new Tlv(type, value));
        return this;
    }

    public ImageForge remove(long type) {
        tlvs.removeIf(t -> t.type() == type);
        return this;
    }

    public ImageForge key(PrivateKey key) {
        this.key = key;
        return this;
    }

    /** Forces header fields (they are signed as forced, so the signature stays valid). */
    public ImageForge header(Long magic, Long version, Long tlvLen, Long signLen, Long imgLen) {
        this.magic = magic;
        this.version = version;
        this.tlvLen = tlvLen;
        this.signLen = signLen;
        this.imgLen = imgLen;
        return this;
    }

    public List<byte[]> images() {
        return images;
    }

    /** Assembles and signs: header || TLV area signed with SHA256withRSA. */
    public byte[] build() {
        try {
            byte[] area = TlvArea.encode(tlvs);
            long totalImg = 0;
            for (byte[] img : images) {
                totalImg += SignedImageFormat.r8(img.length);
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            int realSignLen = (((java.security.interfaces.RSAPrivateCrtKey) key).getModulus().bitLength() + 7) / 8;
            SignedImageHeader h = new SignedImageHeader(magic == null ? SignedImageFormat.MAGIC : magic,
                    version == null ? 1 : version, tlvLen == null ? area.length : tlvLen,
                    signLen == null ? realSignLen : signLen, imgLen == null ? totalImg : imgLen);
            s.update(h.toBytes());
            s.update(area);
            byte[] sig = s.sign();
            ByteBuffer b = ByteBuffer.allocate(20 + area.length + (int) SignedImageFormat.r8(sig.length)
                    + (int) totalImg).order(ByteOrder.LITTLE_ENDIAN);
            b.put(h.toBytes()).put(area).put(sig);
            b.position(20 + area.length + (int) SignedImageFormat.r8(sig.length));
            for (byte[] img : images) {
                int start = b.position();
                b.put(img);
                b.position(start + (int) SignedImageFormat.r8(img.length));
            }
            return b.array();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offset of image {@code i} in a file built from a well-formed header. */
    public static int imageOffset(byte[] signed, int i) {
        SignedImage s = SignedImage.parse(signed);
        return (int) s.header().imageOffset();
    }
}
