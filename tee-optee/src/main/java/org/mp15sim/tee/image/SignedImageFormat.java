package org.mp15sim.tee.image;

/** Constants of the signed-image format, named after remoteproc_core.c. */
public final class SignedImageFormat {
    private SignedImageFormat() {}

    /** RPROC_HDR_MAGIC, stored little-endian: bytes 68 A4 43 35. */
    public static final long MAGIC = 0x3543A468L;
    /** HEADER_VERSION: the only accepted version. */
    public static final long VERSION = 1;
    /** sizeof(struct remoteproc_fw_hdr): magic, version, tlv_len, sign_len, img_len. */
    public static final int HEADER_SIZE = 20;
    /** sizeof(struct remoteproc_segment): an Elf32_Phdr followed by its SHA-256. */
    public static final int HASH_ENTRY_SIZE = 64;
    public static final int SHA256_SIZE = 32;

    public static final long TLV_SIGNTYPE = 0x01;
    public static final long TLV_HASHTYPE = 0x02;
    public static final long TLV_NUM_IMG = 0x03;
    public static final long TLV_IMGTYPE = 0x04;
    public static final long TLV_IMGSIZE = 0x05;
    public static final long TLV_HASHTABLE = 0x10;
    public static final long TLV_PKEYINFO = 0x11;
    /** Platform TLV ids are in [PLAT_TLV_TYPE_MIN, PLAT_TLV_TYPE_MAX). */
    public static final long PLAT_TLV_TYPE_MIN = 0x10000;
    public static final long PLAT_TLV_TYPE_MAX = 0x20000;

    /** SIGNTYPE values. */
    public static final int SIGN_RSA_PKCS1_V1_5_SHA256 = 1;
    public static final int SIGN_ECDSA_SHA256 = 2;
    /** HASHTYPE value. */
    public static final int HASH_SHA256 = 1;
    /** IMGTYPE value. */
    public static final int IMG_ELF = 1;

    /** ROUNDUP_64 as the signer and a 64-bit host compute it (no wrap). */
    public static long r8(long length) {
        return (length + 7) & ~7L;
    }

    /** ROUNDUP_64 as the 32-bit STM32MP15 TA computes it: values >= 0xFFFFFFF9 wrap to 0. */
    public static long r8u32(long length) {
        return ((length + 7) & ~7L) & 0xFFFF_FFFFL;
    }

    /** Name of a TLV type for listings ("HASHTABLE", "platform 0x10001", "unknown 0x7"). */
    public static String tlvName(long type) {
        if (type == TLV_SIGNTYPE) return "SIGNTYPE";
        if (type == TLV_HASHTYPE) return "HASHTYPE";
        if (type == TLV_NUM_IMG) return "NUM_IMG";
        if (type == TLV_IMGTYPE) return "IMGTYPE";
        if (type == TLV_IMGSIZE) return "IMGSIZE";
        if (type == TLV_HASHTABLE) return "HASHTABLE";
        if (type == TLV_PKEYINFO) return "PKEYINFO";
        if (type >= PLAT_TLV_TYPE_MIN && type < PLAT_TLV_TYPE_MAX) return String.format("platform 0x%x", type);
        return String.format("unknown 0x%x", type);
    }
}
