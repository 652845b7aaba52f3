package org.mp15sim.tee.sign;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.core.elf.ElfFormatException;
import org.mp15sim.tee.image.HashTableEntry;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.image.SignedImageFormat;
import org.mp15sim.tee.image.SignedImageHeader;
import org.mp15sim.tee.image.Tlv;
import org.mp15sim.tee.image.TlvArea;

/**
 * Builds a signed remoteproc image exactly as optee_os scripts/sign_rproc_fw.py does: TLVs in the
 * order SIGNTYPE, NUM_IMG, IMGTYPE, IMGSIZE, HASHTYPE, HASHTABLE, [PKEYINFO], [platform TLVs in order
 * of first appearance, a repeated id keeping its last value]; a hash-table entry for every program
 * header of every image; the signature over header || TLV area.
 */
public final class FirmwareSigner {
    /**
     * p_type values pyelftools (0.29) knows for an ARM ELF; the upstream signer stops with a KeyError
     * on any other value, so this signer refuses them too.
     */
    private static final Set<Long> KNOWN_P_TYPES = Set.of(
            Elf32.PT_NULL, Elf32.PT_LOAD, Elf32.PT_DYNAMIC, Elf32.PT_INTERP, Elf32.PT_NOTE, Elf32.PT_SHLIB,
            Elf32.PT_PHDR, Elf32.PT_TLS, 0x60000000L, 0x6fffffffL, 0x7fffffffL, Elf32.PT_GNU_EH_FRAME,
            Elf32.PT_GNU_STACK, Elf32.PT_GNU_RELRO, Elf32.PT_GNU_PROPERTY, Elf32.PT_ARM_ARCHEXT,
            Elf32.PT_ARM_EXIDX);

    private record Input(String name, byte[] elf) {}

    private final PrivateKey key;
    private final KeyType keyType;
    private final List<Input> inputs = new ArrayList<>();
    private final Map<Long, byte[]> platformTlvs = new LinkedHashMap<>();
    private byte[] keyInfo;
    private SecureRandom random;

    public FirmwareSigner(PrivateKey key, KeyType keyType) {
        this.key = key;
        this.keyType = keyType;
    }

    /** Appends an ELF (--in); images are placed in the order given. */
    public FirmwareSigner addImage(String name, byte[] elf) {
        inputs.add(new Input(name, elf.clone()));
        return this;
    }

    /** Raw bytes for the PKEYINFO TLV (--key_info). */
    public FirmwareSigner keyInfo(byte[] info) {
        this.keyInfo = info.clone();
        return this;
    }

    /** A platform TLV (--plat-tlv); the id must be in [0x10000, 0x20000). */
    public FirmwareSigner platformTlv(long id, byte[] value) {
        if (id < SignedImageFormat.PLAT_TLV_TYPE_MIN || id >= SignedImageFormat.PLAT_TLV_TYPE_MAX) {
            throw new SigningException(String.format(
                    "--plat-tlv id 0x%x is outside the platform range [0x10000, 0x20000)", id));
        }
        // Python dict semantics: a repeated key keeps its first position and takes the last value.
        platformTlvs.put(id, value.clone());
        return this;
    }

    /** Randomness for ECDSA nonces (RSA PKCS#1 v1.5 uses none). */
    public FirmwareSigner random(SecureRandom random) {
        this.random = random;
        return this;
    }

    /** --plat-tlv ID syntax: Python int(x, 0) (decimal, 0x, 0o, 0b, underscores). */
    public static long parsePlatformTlvId(String text) {
        return parsePythonInt(text, "--plat-tlv ID");
    }

    /** --plat-tlv VALUE syntax: "0x…" is a 4-byte little-endian integer, anything else its UTF-8 bytes. */
    public static byte[] parsePlatformTlvValue(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            long v = parsePythonInt(text, "--plat-tlv VALUE");
            if (v > 0xFFFF_FFFFL) {
                throw new SigningException("--plat-tlv VALUE " + text + " does not fit in 4 bytes");
            }
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Produces the signed image. */
    public byte[] sign() {
        if (inputs.isEmpty()) {
            throw new SigningException("no input ELF (--in)");
        }
        if (inputs.size() > 255) {
            throw new SigningException("at most 255 images fit NUM_IMG, got " + inputs.size());
        }
        int signLen = PemKeys.signatureLength(key, keyType);
        int n = inputs.size();
        byte[] imgTypes = new byte[n];
        ByteBuffer imgSizes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        List<HashTableEntry> entries = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        long imgLen = 0;
        for (int i = 0; i < n; i++) {
            Input in = inputs.get(i);
            entries.addAll(hashEntries(in));
            imgTypes[i] = (byte) SignedImageFormat.IMG_ELF;
            long padded = SignedImageFormat.r8(in.elf().length);
            imgSizes.putInt((int) padded);
            imgLen += padded;
            images.add(in.elf());
        }
        ByteBuffer hashTable = ByteBuffer.allocate(entries.size() * SignedImageFormat.HASH_ENTRY_SIZE);
        for (HashTableEntry e : entries) {
            e.writeTo(hashTable);
        }
        List<Tlv> tlvs = new ArrayList<>();
        tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_SIGNTYPE, keyType.signType()));
        tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_NUM_IMG, n));
        tlvs.add(new Tlv(SignedImageFormat.TLV_IMGTYPE, imgTypes));
        tlvs.add(new Tlv(SignedImageFormat.TLV_IMGSIZE, imgSizes.array()));
        tlvs.add(Tlv.ofByte(SignedImageFormat.TLV_HASHTYPE, SignedImageFormat.HASH_SHA256));
        tlvs.add(new Tlv(SignedImageFormat.TLV_HASHTABLE, hashTable.array()));
        if (keyInfo != null) {
            tlvs.add(new Tlv(SignedImageFormat.TLV_PKEYINFO, keyInfo));
        }
        platformTlvs.forEach((id, value) -> tlvs.add(new Tlv(id, value)));
        byte[] tlvArea = TlvArea.encode(tlvs);
        if (imgLen > 0xFFFF_FFFFL) {
            throw new SigningException("images total " + imgLen + " bytes, more than img_len (u32) can hold");
        }
        SignedImageHeader header = SignedImageHeader.of(tlvArea.length, signLen, imgLen);
        byte[] message = concat(header.toBytes(), tlvArea);
        byte[] signature = signMessage(message);
        if (signature.length != signLen) {
            throw new SigningException("signature is " + signature.length + " bytes, expected " + signLen);
        }
        return SignedImage.assemble(header, tlvArea, signature, images);
    }

    private static List<HashTableEntry> hashEntries(Input in) {
        try {
            Elf32File elf = Elf32File.parse(in.elf());
            if (elf.header().machine() != Elf32.EM_ARM) {
                throw new SigningException(String.format("%s: e_machine %d is not EM_ARM (40)",
                        in.name(), elf.header().machine()));
            }
            MessageDigest sha = sha256();
            List<HashTableEntry> list = new ArrayList<>();
            for (Elf32ProgramHeader p : elf.programHeaders()) {
                if (!KNOWN_P_TYPES.contains(p.type())) {
                    throw new SigningException(String.format("%s: program header %d has p_type %s unknown to the "
                            + "upstream signer (pyelftools ARM table)", in.name(), p.index(),
                            Elf32.programTypeName(p.type())));
                }
                sha.update(elf.segmentBytes(p).asByteBuffer());
                list.add(HashTableEntry.of(p, sha.digest()));
            }
            return list;
        } catch (ElfFormatException e) {
            throw new SigningException(in.name() + ": " + e.getMessage(), e);
        }
    }

    private byte[] signMessage(byte[] message) {
        try {
            Signature s = switch (keyType) {
                case RSA -> Signature.getInstance("SHA256withRSA");
                case ECC -> Signature.getInstance("SHA256withECDSAinP1363Format");
            };
            if (random != null) {
                s.initSign(key, random);
            } else {
                s.initSign(key);
            }
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("signing failed: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static long parsePythonInt(String text, String what) {
        String t = text.strip().replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            t = t.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0") && !t.chars().allMatch(c -> c == '0')) {
            throw new SigningException(what + " '" + text + "' is not an integer (Python int(x, 0) rejects "
                    + "leading zeros)");
        }
        try {
            long v = Long.parseLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new SigningException(what + " '" + text + "' is not an integer", e);
        }
    }
}
