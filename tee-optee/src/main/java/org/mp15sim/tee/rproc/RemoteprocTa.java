package org.mp15sim.tee.rproc;

import static org.mp15sim.tee.core.TeeParamType.MEMREF_INPUT;
import static org.mp15sim.tee.core.TeeParamType.NONE;
import static org.mp15sim.tee.core.TeeParamType.VALUE_INPUT;
import static org.mp15sim.tee.core.TeeParamType.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mp15sim.tee.core.TaEnvironment;
import org.mp15sim.tee.core.TaSession;
import org.mp15sim.tee.core.TeeMemref;
import org.mp15sim.tee.core.TeeOutcome;
import org.mp15sim.tee.core.TeeParam;
import org.mp15sim.tee.core.TeeParamType;
import org.mp15sim.tee.core.TeeResult;
import org.mp15sim.tee.core.TrustedApplication;
import org.mp15sim.tee.image.SignedImageFormat;

/**
 * The remoteproc TA (optee_os ta/remoteproc/src/remoteproc_core.c and elf_parser.c): authenticates a
 * signed image, loads its ELF segments through the platform PTA and drives the remote processor's
 * state machine. Every check runs in upstream order with the upstream error code.
 *
 * <p>Memory model. The header, TLVs and signature are copied into the TA heap first and everything that
 * decides authenticity is read from that copy; the ELF images are then read directly from the
 * normal-world buffer (it can change meanwhile: the per-segment hash, checked by the PTA on the copied
 * destination, is what protects them). Arithmetic follows the 32-bit STM32MP15 TA where the spec
 * documents it (ROUNDUP_64 of the header lengths wraps at 2^32, sums are overflow-checked in u32);
 * address arithmetic (buffer + offset) is done without wrap-around, and a read that would leave the
 * normal-world buffer — undefined behaviour upstream — is reported as TEE_ERROR_BAD_FORMAT.
 */
public final class RemoteprocTa implements TrustedApplication {
    /** Firmware state per rproc id (enum remoteproc_state). */
    public enum State { OFF, LOADED, STARTED }

    private static final int PT_ID = TeeParamType.types(VALUE_INPUT, NONE, NONE, NONE);
    private static final int PT_LOAD_FW = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
    private static final int PT_RSC_TABLE = TeeParamType.types(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
    private static final int PT_PTA_CAPS = TeeParamType.types(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
    private static final int PT_PTA_VERIFY = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, MEMREF_INPUT);
    private static final int PT_PTA_LOAD_SEGMENT = TeeParamType.types(VALUE_INPUT, MEMREF_INPUT, VALUE_INPUT, MEMREF_INPUT);
    private static final int PT_PTA_SET_MEMORY = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_INPUT);
    private static final int PT_PTA_DA_TO_PA = TeeParamType.types(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT);

    private static final int HDR = SignedImageFormat.HEADER_SIZE;
    private static final int EHDR_SIZE = 52;
    private static final int PHDR_SIZE = 32;
    private static final int SHDR_SIZE = 40;
    private static final long PT_LOAD = 1;
    /** sizeof(struct remoteproc_context) on the 32-bit TA. */
    private static final int CONTEXT_SIZE = 60;
    private static final byte[] RSC_TABLE_NAME = ".resource_table\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A check failed: the result to return (and already logged why). */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient TeeResult result;

        Abort(TeeResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /** struct remoteproc_context. */
    private static final class Context {
        final long rprocId;
        State state = State.OFF;
        long rscPa;
        long rscSize;
        // Valid during one LOAD_FW only.
        byte[] secCpy;
        long secCpyHeap;
        long tlvLen;
        MemorySegment fw;
        long fwAddress;
        long fwImgOffset;
        long fwImgSize;
        byte[] hashTable;
        int nbSegment;

        Context(long rprocId) {
            this.rprocId = rprocId;
        }
    }

    private final Map<Long, Context> firmwares = new LinkedHashMap<>();
    private final MessageDigest sha256;
    private TaEnvironment env;
    private int sessionRefcount;
    private int ptaSession;

    public RemoteprocTa() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state of an rproc id, or {@code null} when no LOAD_FW ever created its context. */
    public State state(long rprocId) {
        Context ctx = firmwares.get(rprocId);
        return ctx == null ? null : ctx.state;
    }

    @Override
    public TeeResult create(TaEnvironment env) {
        this.env = env;
        return TeeResult.SUCCESS;
    }

    // TA_OpenSessionEntryPoint
    @Override
    public TeeResult openSession(TaSession session, int pt, TeeParam[] params) {
        if (pt != PT_ID) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (sessionRefcount == 0) {
            TeeOutcome o = env.openTaSession(RprocPta.UUID, pt, params);
            if (!o.isSuccess()) {
                return o.result();
            }
            ptaSession = o.session();
        }
        sessionRefcount++;
        return TeeResult.SUCCESS;
    }

    // TA_CloseSessionEntryPoint
    @Override
    public void closeSession(TaSession session) {
        sessionRefcount--;
        if (sessionRefcount == 0) {
            env.closeTaSession(ptaSession);
        }
    }

    // TA_InvokeCommandEntryPoint
    @Override
    public TeeResult invokeCommand(TaSession session, int command, int pt, TeeParam[] params) {
        return switch (command) {
            case TaRemoteproc.CMD_LOAD_FW -> loadFw(pt, params);
            case TaRemoteproc.CMD_START_FW -> startFw(pt, params);
            case TaRemoteproc.CMD_STOP_FW -> stopFw(pt, params);
            case TaRemoteproc.CMD_GET_RSC_TABLE -> getRscTable(pt, params);
            case TaRemoteproc.CMD_GET_COREDUMP -> TeeResult.NOT_IMPLEMENTED;
            case TaRemoteproc.CMD_RELEASE_FW -> releaseFw(pt, params);
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    // ------------------------------------------------------------------ state machine commands

    // remoteproc_start_fw: LOADED -> STARTED through the PTA; already started is success, OFF is BAD_STATE
    private TeeResult startFw(int pt, TeeParam[] params) {
        return move(pt, params, State.LOADED, State.STARTED, RprocPta.CMD_FIRMWARE_START);
    }

    // remoteproc_stop_fw: STARTED -> OFF through the PTA; already off is success, LOADED is BAD_STATE
    private TeeResult stopFw(int pt, TeeParam[] params) {
        return move(pt, params, State.STARTED, State.OFF, RprocPta.CMD_FIRMWARE_STOP);
    }

    private TeeResult move(int pt, TeeParam[] params, State from, State to, int ptaCommand) {
        Context ctx = context(pt, PT_ID, params);
        if (ctx == null) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (ctx.state == to) {
            return TeeResult.SUCCESS;
        }
        if (ctx.state != from) {
            return TeeResult.BAD_STATE;
        }
        TeeResult r = env.invokeTaCommand(ptaSession, ptaCommand, pt, params);
        if (r.isSuccess()) {
            ctx.state = to;
        }
        return r;
    }

    // remoteproc_get_rsc_table
    private TeeResult getRscTable(int pt, TeeParam[] params) {
        Context ctx = context(pt, PT_RSC_TABLE, params);
        if (ctx == null) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (ctx.state == State.OFF) {
            return TeeResult.BAD_STATE;
        }
        params[1].setValue(ctx.rscPa, ctx.rscPa >>> 32);
        params[2].setValue(ctx.rscSize, ctx.rscSize >>> 32);
        return TeeResult.SUCCESS;
    }

    // remoteproc_release_fw
    private TeeResult releaseFw(int pt, TeeParam[] params) {
        Context ctx = context(pt, PT_ID, params);
        if (ctx == null) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (ctx.state == State.STARTED) {
            return TeeResult.BAD_STATE;
        }
        TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_RELEASE, pt, params);
        if (r.isSuccess()) {
            ctx.state = State.OFF;
        }
        return r;
    }

    // remoteproc_find_firmware, after the commands' param-type check: null (BAD_PARAMETERS) for a wrong type or an
    // rproc id that LOAD_FW never saw
    private Context context(int pt, int expectedPt, TeeParam[] params) {
        return pt == expectedPt ? firmwares.get(params[0].a()) : null;
    }

    // ------------------------------------------------------------------ LOAD_FW

    // remoteproc_load_fw
    private TeeResult loadFw(int pt, TeeParam[] params) {
        if (pt != PT_LOAD_FW) {
            return TeeResult.BAD_PARAMETERS;
        }
        long rprocId = params[0].a();
        Context ctx = firmwares.get(rprocId);
        if (ctx == null) {
            if (env.heap().malloc(CONTEXT_SIZE) == 0) {
                return TeeResult.OUT_OF_MEMORY;
            }
            ctx = new Context(rprocId);
            firmwares.put(rprocId, ctx);
        }
        if (ctx.state == State.LOADED) {
            env.log("LOAD_FW: firmware already loaded, buffer ignored");
            return TeeResult.SUCCESS;
        }
        if (ctx.state != State.OFF) {
            return TeeResult.BAD_STATE;
        }
        TeeMemref image = params[1].memref();
        if (image == null || image.size() == 0) {
            return fail(TeeResult.BAD_PARAMETERS, "LOAD_FW: no firmware buffer");
        }
        TeeResult r;
        try {
            verifyFirmware(ctx, image);
            loadElf(ctx);
            ctx.state = State.LOADED;
            if (env.tracing()) {
                env.log(String.format("LOAD_FW: loaded; resource table pa 0x%x size %d", ctx.rscPa, ctx.rscSize));
            }
            r = TeeResult.SUCCESS;
        } catch (Abort a) {
            r = a.result;
        } finally {
            ctx.fw = null;
            ctx.fwImgSize = 0;
            ctx.nbSegment = 0;
            ctx.secCpy = null;
            env.heap().free(ctx.secCpyHeap);
            ctx.secCpyHeap = 0;
        }
        return r;
    }

    // remoteproc_verify_firmware
    private void verifyFirmware(Context ctx, TeeMemref image) {
        TeeParam[] p = TeeParam.none();
        p[0].setValue(ctx.rprocId, 0);
        TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_HW_CAPABILITIES, PT_PTA_CAPS, p);
        if (!r.isSuccess()) {
            throw abort(r, "LOAD_FW: PTA HW_CAPABILITIES failed");
        }
        long hwFmt = p[1].a();
        long hwProt = p[2].a();
        if ((hwProt & RprocPta.HWCAP_PROT_HASH_TABLE) == 0 || hwFmt != RprocPta.HWCAP_FMT_ELF) {
            throw abort(TeeResult.NOT_IMPLEMENTED, "LOAD_FW: the PTA offers no ELF + hash-table loading");
        }
        saveHeaderAndTlvs(ctx, image);
        verifyHeader(ctx, image.size());
        ctx.tlvLen = u32(ctx.secCpy, 8);
        verifySignature(ctx);
        long signLen = u32(ctx.secCpy, 12);
        ctx.fw = image.buffer();
        ctx.fwAddress = image.address();
        ctx.fwImgOffset = HDR + SignedImageFormat.r8u32(ctx.tlvLen) + SignedImageFormat.r8u32(signLen);
        ctx.fwImgSize = u32(ctx.secCpy, 16);
    }

    // remoteproc_save_fw_header_and_tlvs
    private void saveHeaderAndTlvs(Context ctx, TeeMemref image) {
        if ((image.address() & 3) != 0) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format(
                    "LOAD_FW: buffer address 0x%x is not 4-byte aligned", image.address()));
        }
        long size = image.size();
        if (size < HDR) {
            // The header fields would be read past the buffer; whatever they hold, size <= length below.
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: buffer of " + size + " bytes holds no 20-byte header");
        }
        long tlvLen = u32(image.buffer(), 8);
        long signLen = u32(image.buffer(), 12);
        long length = HDR + SignedImageFormat.r8u32(tlvLen);
        if (length > 0xFFFF_FFFFL || (length += SignedImageFormat.r8u32(signLen)) > 0xFFFF_FFFFL) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: 20 + R8(tlv_len) + R8(sign_len) overflows 32 bits");
        }
        if (size <= length || signLen == 0 || tlvLen == 0) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format(
                    "LOAD_FW: buffer of %d bytes, tlv_len %d, sign_len %d: need tlv_len > 0, sign_len > 0 and a size "
                            + "above 20 + R8(tlv_len) + R8(sign_len) = %d", size, tlvLen, signLen, length));
        }
        long heap = env.heap().malloc(length);
        if (heap == 0) {
            throw abort(TeeResult.OUT_OF_MEMORY, "LOAD_FW: TA heap cannot hold the " + length
                    + "-byte header/TLV/signature copy");
        }
        ctx.secCpyHeap = heap;
        ctx.secCpy = image.buffer().asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        env.spend("copy header+TLV+signature to secure memory", env.config().copyTime(length));
    }

    // remoteproc_verify_header (on the secure copy)
    private void verifyHeader(Context ctx, long fwSize) {
        byte[] h = ctx.secCpy;
        if (u32(h, 0) != SignedImageFormat.MAGIC) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format("LOAD_FW: bad magic 0x%08x", u32(h, 0)));
        }
        if (u32(h, 4) != SignedImageFormat.VERSION) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: unsupported header version " + u32(h, 4));
        }
        long size = HDR + SignedImageFormat.r8u32(u32(h, 12));
        boolean overflow = size > 0xFFFF_FFFFL;
        size += SignedImageFormat.r8u32(u32(h, 16));
        overflow |= size > 0xFFFF_FFFFL;
        size += SignedImageFormat.r8u32(u32(h, 8));
        overflow |= size > 0xFFFF_FFFFL;
        if (overflow || fwSize != size) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format(
                    "LOAD_FW: buffer is %d bytes but 20 + R8(sign_len) + R8(img_len) + R8(tlv_len) = %s", fwSize,
                    overflow ? "overflow" : Long.toString(size)));
        }
        if (env.tracing()) {
            env.log(String.format("LOAD_FW: header ok (tlv_len %d, sign_len %d, img_len %d)", u32(h, 8), u32(h, 12),
                    u32(h, 16)));
        }
    }

    // remoteproc_verify_signature + remoteproc_pta_verify
    private void verifySignature(Context ctx) {
        long[] at = findTlv(ctx, SignedImageFormat.TLV_SIGNTYPE);
        if (at == null || at[1] != 1) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: SIGNTYPE TLV missing or not 1 byte long");
        }
        int signType = Byte.toUnsignedInt(ctx.secCpy[(int) at[0]]);
        int algo;
        if (signType == SignedImageFormat.SIGN_RSA_PKCS1_V1_5_SHA256) {
            algo = RprocPta.TEE_ALG_RSASSA_PKCS1_V1_5_SHA256;
        } else if (signType == SignedImageFormat.SIGN_ECDSA_SHA256) {
            algo = RprocPta.TEE_ALG_ECDSA_P256;
        } else {
            throw abort(TeeResult.NOT_SUPPORTED, "LOAD_FW: unsupported signature type " + signType);
        }
        long hashHeap = env.heap().malloc(SignedImageFormat.SHA256_SIZE);
        if (hashHeap == 0) {
            throw abort(TeeResult.OUT_OF_MEMORY, "LOAD_FW: TA heap exhausted (digest)");
        }
        long keyInfoHeap = 0;
        try {
            int signed = HDR + (int) SignedImageFormat.r8u32(ctx.tlvLen);
            sha256.update(ctx.secCpy, 0, signed);
            byte[] digest = sha256.digest();
            env.spend("sha256 header+TLV", env.config().sha256Time(signed));
            if (env.tracing()) {
                env.log("LOAD_FW: header+TLV sha256 " + HexFormat.of().formatHex(digest));
            }

            long[] ki = findTlv(ctx, SignedImageFormat.TLV_PKEYINFO);
            int infoLen = ki == null ? 0 : (int) ki[1];
            keyInfoHeap = env.heap().malloc(RprocPta.KEY_INFO_HEADER + (long) infoLen);
            if (keyInfoHeap == 0) {
                throw abort(TeeResult.OUT_OF_MEMORY, "LOAD_FW: TA heap exhausted (key info)");
            }
            byte[] keyInfo = new byte[RprocPta.KEY_INFO_HEADER + infoLen];
            ByteBuffer.wrap(keyInfo).order(ByteOrder.LITTLE_ENDIAN).putInt(algo).putInt(infoLen);
            if (ki != null) {
                System.arraycopy(ctx.secCpy, (int) ki[0], keyInfo, RprocPta.KEY_INFO_HEADER, infoLen);
            }
            long signLen = u32(ctx.secCpy, 12);
            long signOffset = HDR + SignedImageFormat.r8u32(ctx.tlvLen);
            if (signOffset + signLen > ctx.secCpy.length) {
                // sign_len >= 0xFFFFFFF9 rounded to 0: the signature memref would run past the secure copy,
                // which the core's memref check of the TA's own memory refuses.
                throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: signature of sign_len " + signLen
                        + " bytes lies outside the secure copy");
            }
            TeeParam[] p = TeeParam.none();
            p[0].setValue(ctx.rprocId, 0);
            p[1].setMemref(TeeMemref.of(keyInfo));
            p[2].setMemref(TeeMemref.of(digest));
            p[3].setMemref(new TeeMemref(MemorySegment.ofArray(ctx.secCpy).asSlice(signOffset, signLen), 0));
            TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_VERIFY_DIGEST, PT_PTA_VERIFY, p);
            if (!r.isSuccess()) {
                throw abort(r, "LOAD_FW: failed to verify signature");
            }
            env.log("LOAD_FW: signature verified");
        } finally {
            env.heap().free(keyInfoHeap);
            env.heap().free(hashHeap);
        }
    }

    /**
     * remoteproc_get_tlv over the secure copy: {offset in secCpy, length} of the first record of this
     * type whose value lies inside the area, or {@code null} (TEE_ERROR_NO_DATA, also for length 0).
     */
    private static long[] findTlv(Context ctx, long type) {
        // tlv_len >= 0xFFFFFFF9: the 32-bit end pointer wraps below the start, the scan finds nothing.
        if (SignedImageFormat.r8u32(ctx.tlvLen) < ctx.tlvLen) {
            return null;
        }
        long p = HDR;
        long end = HDR + ctx.tlvLen;
        // The type argument of remoteproc_get_tlv() is a uint16_t.
        long wanted = type & 0xFFFF;
        while (p + 8 <= end) {
            long t = u32(ctx.secCpy, (int) p);
            long len = u32(ctx.secCpy, (int) p + 4);
            p += 8;
            if (p + len <= end && t == wanted) {
                return len == 0 ? null : new long[] {p, len};
            }
            p += SignedImageFormat.r8(len);
        }
        return null;
    }

    // remoteproc_load_elf
    private void loadElf(Context ctx) {
        parseEhdr(ctx);
        long[] ht = findTlv(ctx, SignedImageFormat.TLV_HASHTABLE);
        if (ht == null) {
            throw abort(TeeResult.NO_DATA, "LOAD_FW: no HASHTABLE TLV");
        }
        if (ht[1] % SignedImageFormat.HASH_ENTRY_SIZE != 0) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: HASHTABLE length " + ht[1] + " is not a multiple of 64");
        }
        long htHeap = env.heap().malloc(ht[1]);
        if (htHeap == 0) {
            throw abort(TeeResult.OUT_OF_MEMORY, "LOAD_FW: TA heap cannot hold the " + ht[1] + "-byte hash table");
        }
        try {
            ctx.hashTable = java.util.Arrays.copyOfRange(ctx.secCpy, (int) ht[0], (int) (ht[0] + ht[1]));
            ctx.nbSegment = (int) (ht[1] / SignedImageFormat.HASH_ENTRY_SIZE);
            env.spend("copy hash table", env.config().copyTime(ht[1]));
            long[] num = findTlv(ctx, SignedImageFormat.TLV_NUM_IMG);
            if (num == null) {
                throw abort(TeeResult.NO_DATA, "LOAD_FW: no NUM_IMG TLV");
            }
            if (num[1] != 1) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: NUM_IMG length " + num[1] + " is not 1");
            }
            int numImg = Byte.toUnsignedInt(ctx.secCpy[(int) num[0]]);
            if (numImg == 0) {
                throw abort(TeeResult.NO_DATA, "LOAD_FW: NUM_IMG is 0");
            }
            ctx.rscPa = 0;
            ctx.rscSize = 0;
            int offset = 0; // int32_t offset upstream
            for (int i = 0; i < numImg; i++) {
                long[] types = findTlv(ctx, SignedImageFormat.TLV_IMGTYPE);
                if (types == null) {
                    throw abort(TeeResult.NO_DATA, "LOAD_FW: no IMGTYPE TLV");
                }
                if (types[1] != numImg) {
                    throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: IMGTYPE length " + types[1] + " is not NUM_IMG " + numImg);
                }
                int imgType = Byte.toUnsignedInt(ctx.secCpy[(int) types[0] + i]);
                if (imgType != SignedImageFormat.IMG_ELF) {
                    throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + i + " has type " + imgType + ", not ELF (1)");
                }
                long[] sizes = findTlv(ctx, SignedImageFormat.TLV_IMGSIZE);
                if (sizes == null) {
                    throw abort(TeeResult.NO_DATA, "LOAD_FW: no IMGSIZE TLV");
                }
                if (sizes[1] != 4L * numImg) {
                    throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: IMGSIZE length " + sizes[1] + " is not 4 x NUM_IMG");
                }
                long imgSize = u32(ctx.secCpy, (int) sizes[0] + 4 * i);
                long base = ctx.fwImgOffset + offset;
                loadElfImage(ctx, i, base, imgSize);
                long[] rsc = findRscTable(ctx, i, base, imgSize);
                if (rsc != null) {
                    long pa = daToPa(ctx, rsc[0], rsc[1]);
                    if (pa == 0) {
                        throw abort(TeeResult.ACCESS_DENIED, String.format(
                                "LOAD_FW: image %d: resource table da 0x%x size %d is outside the rproc memories", i,
                                rsc[0], rsc[1]));
                    }
                    if (ctx.rscPa != 0 || ctx.rscSize != 0) {
                        throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + i + ": more than one resource table");
                    }
                    ctx.rscPa = pa;
                    ctx.rscSize = rsc[1];
                    if (env.tracing()) {
                        env.log(String.format("LOAD_FW: image %d: resource table da 0x%x size %d -> pa 0x%x", i,
                                rsc[0], rsc[1], pa));
                    }
                }
                offset = (int) (offset + imgSize);
            }
        } finally {
            env.heap().free(htHeap);
            ctx.hashTable = null;
        }
    }

    // e32_parse_ehdr on the first image, with the whole image-area size
    private void parseEhdr(Context ctx) {
        long base = ctx.fwImgOffset;
        long size = ctx.fwImgSize;
        if (((ctx.fwAddress + base) & 3) != 0) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: image area is not 4-byte aligned");
        }
        if (size < EHDR_SIZE || size < fwWord(ctx, base + 32) + SHDR_SIZE) {
            throw abort(TeeResult.BAD_FORMAT, String.format(
                    "LOAD_FW: image area of %d bytes is shorter than an ELF header or e_shoff + 40", size));
        }
        boolean magic = fwByte(ctx, base) == 0x7f && fwByte(ctx, base + 1) == 'E' && fwByte(ctx, base + 2) == 'L'
                && fwByte(ctx, base + 3) == 'F';
        if (!magic || fwByte(ctx, base + 6) != 1 || fwByte(ctx, base + 4) != 1 || fwHalf(ctx, base + 42) != PHDR_SIZE
                || fwHalf(ctx, base + 46) != SHDR_SIZE) {
            throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: first image is not an ELF32 file with 32-byte program "
                    + "and 40-byte section headers");
        }
        if (fwHalf(ctx, base + 44) == 0) {
            throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: first image has no program header (e_phnum 0)");
        }
    }

    // e32_parser_load_elf_image
    private void loadElfImage(Context ctx, int image, long fw, long fwSize) {
        if (fwSize == 0) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: image " + image + " has IMGSIZE 0");
        }
        long fwEnd = fw + fwSize;
        long phdr = fw + fwWord(ctx, fw + 28);
        if (((ctx.fwAddress + phdr) & 3) != 0 || phdr < fw || phdr >= fwEnd) {
            throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": program-header table outside the image "
                    + "or not 4-byte aligned");
        }
        int phnum = fwHalf(ctx, fw + 44);
        for (int i = 0; i < phnum; i++, phdr += PHDR_SIZE) {
            long type = fwWord(ctx, phdr);
            if (type != PT_LOAD) {
                continue;
            }
            if (phdr + PHDR_SIZE - 1 >= fwEnd) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": program header " + i
                        + " runs past the image");
            }
            long src = fw + fwWord(ctx, phdr + 4);
            long filesz = fwWord(ctx, phdr + 16);
            // Both ends are checked with "inside [fw, fw + size)", so data ending exactly at the image
            // end is refused, as upstream's va_in_fwm_image_range() does.
            if (src < fw || src >= fwEnd || src + filesz < fw || src + filesz >= fwEnd) {
                throw abort(TeeResult.BAD_FORMAT, String.format(
                        "LOAD_FW: image %d: segment %d data (offset 0x%x, 0x%x bytes) is outside the image", image, i,
                        src - fw, filesz));
            }
            loadSegment(ctx, src, filesz, fwWord(ctx, phdr + 12), fwWord(ctx, phdr + 20));
        }
    }

    // remoteproc_load_segment + get_segment_hash
    private void loadSegment(Context ctx, long src, long size, long da, long memSize) {
        int entry = -1;
        for (int i = 0; i < ctx.nbSegment; i++) {
            if (u32(ctx.hashTable, i * 64 + 12) == da) {
                entry = i;
                break;
            }
        }
        if (entry < 0) {
            throw abort(TeeResult.NO_DATA, String.format("LOAD_FW: no hash-table entry for segment da 0x%08x", da));
        }
        int e = entry * 64;
        if (u32(ctx.hashTable, e) != PT_LOAD) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format("LOAD_FW: hash entry for da 0x%08x is not PT_LOAD", da));
        }
        if (u32(ctx.hashTable, e + 16) != size || u32(ctx.hashTable, e + 20) != memSize) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format(
                    "LOAD_FW: segment da 0x%08x filesz/memsz 0x%x/0x%x differ from its hash entry 0x%x/0x%x", da, size,
                    memSize, u32(ctx.hashTable, e + 16), u32(ctx.hashTable, e + 20)));
        }
        long areaEnd = ctx.fwImgOffset + ctx.fwImgSize;
        if (src < ctx.fwImgOffset || src > areaEnd || src + size > areaEnd) {
            throw abort(TeeResult.BAD_PARAMETERS, String.format(
                    "LOAD_FW: segment da 0x%08x data lies outside the image area", da));
        }
        if (size > 0) {
            if (src + size > ctx.fw.byteSize()) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: segment data lies outside the shared buffer");
            }
            TeeParam[] p = TeeParam.none();
            p[0].setValue(ctx.rprocId, 0);
            p[1].setMemref(new TeeMemref(ctx.fw.asSlice(src, size), ctx.fwAddress + src));
            p[2].setValue(da, 0);
            p[3].setMemref(new TeeMemref(MemorySegment.ofArray(ctx.hashTable).asSlice(e + 32, 32), 0));
            TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_LOAD_SEGMENT_SHA256, PT_PTA_LOAD_SEGMENT, p);
            if (!r.isSuccess()) {
                throw abort(r, String.format("LOAD_FW: failed to load segment da 0x%08x (0x%x bytes)", da, size));
            }
        }
        if (size < memSize) {
            TeeParam[] p = TeeParam.none();
            p[0].setValue(ctx.rprocId, 0);
            p[1].setValue(da + size, 0);
            p[2].setValue(memSize - size, 0);
            p[3].setValue(0, 0);
            TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_SET_MEMORY, PT_PTA_SET_MEMORY, p);
            if (!r.isSuccess()) {
                throw abort(r, String.format("LOAD_FW: failed to clear 0x%x bytes at da 0x%08x", memSize - size,
                        (da + size) & 0xFFFF_FFFFL));
            }
        }
        if (env.tracing()) {
            env.log(String.format("LOAD_FW: segment da 0x%08x filesz 0x%x memsz 0x%x loaded", da, size, memSize));
        }
    }

    /**
     * e32_parser_find_rsc_table with the stricter section-header checks of optee_os >= 4.10: {da, size}
     * of the first ".resource_table", or {@code null} when there is none (TEE_ERROR_NO_DATA).
     */
    private long[] findRscTable(Context ctx, int image, long fw, long fwSize) {
        if (fwSize == 0) {
            throw abort(TeeResult.BAD_PARAMETERS, "LOAD_FW: image " + image + " has IMGSIZE 0");
        }
        long fwEnd = fw + fwSize;
        long shoff = fwWord(ctx, fw + 32);
        int shnum = fwHalf(ctx, fw + 48);
        int shstrndx = fwHalf(ctx, fw + 50);
        long shdr = fw + shoff;
        if (((ctx.fwAddress + shdr) & 3) != 0 || shdr + (long) shnum * SHDR_SIZE > fwEnd || shstrndx >= shnum) {
            throw abort(TeeResult.BAD_FORMAT, String.format("LOAD_FW: image %d: section headers (e_shoff 0x%x, "
                    + "e_shnum %d, e_shstrndx %d) are outside the image, misaligned or inconsistent", image, shoff,
                    shnum, shstrndx));
        }
        long strtab = fw + fwWord(ctx, shdr + (long) shstrndx * SHDR_SIZE + 16);
        long strtabSize = fwWord(ctx, shdr + (long) shstrndx * SHDR_SIZE + 20);
        if (strtab >= fwEnd || strtab + strtabSize > fwEnd) {
            throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": section-name table outside the image");
        }
        for (int i = 0; i < shnum; i++) {
            long sh = shdr + (long) i * SHDR_SIZE;
            long name = fwWord(ctx, sh);
            if (name >= strtabSize) {
                throw abort(TeeResult.BAD_FORMAT, String.format(
                        "LOAD_FW: image %d: section %d name offset 0x%x is outside the name table", image, i, name));
            }
            if (!nameIs(ctx, strtab + name, strtab + strtabSize, RSC_TABLE_NAME)) {
                continue;
            }
            long size = fwWord(ctx, sh + 20);
            long offset = fwWord(ctx, sh + 16);
            if (size == 0) {
                return null;
            }
            if (offset + size > fwSize) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": resource table truncated");
            }
            if (size < 16) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": resource table has no header");
            }
            long table = fw + offset;
            if (((ctx.fwAddress + table) & 3) != 0) {
                throw abort(TeeResult.CORRUPT_OBJECT, "LOAD_FW: image " + image + ": resource table not 4-byte aligned");
            }
            if (fwWord(ctx, table) != 1) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": resource table version "
                        + fwWord(ctx, table) + " is not 1");
            }
            if (fwWord(ctx, table + 8) != 0 || fwWord(ctx, table + 12) != 0) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": resource table reserved words not 0");
            }
            if (16 + 4 * fwWord(ctx, table + 4) > size) {
                throw abort(TeeResult.BAD_FORMAT, "LOAD_FW: image " + image + ": resource table incomplete ("
                        + fwWord(ctx, table + 4) + " offsets in " + size + " bytes)");
            }
            return new long[] {fwWord(ctx, sh + 12), size};
        }
        return null;
    }

    /** strcmp(name_table + sh_name, ".resource_table") == 0, never reading past the name table. */
    private boolean nameIs(Context ctx, long at, long end, byte[] wanted) {
        for (int k = 0; k < wanted.length; k++) {
            if (at + k >= end || fwByte(ctx, at + k) != Byte.toUnsignedInt(wanted[k])) {
                return false;
            }
        }
        return true;
    }

    // remoteproc_da_to_pa: 0 when the PTA refuses the translation
    private long daToPa(Context ctx, long da, long size) {
        TeeParam[] p = TeeParam.none();
        p[0].setValue(ctx.rprocId, 0);
        p[1].setValue(da, 0);
        p[2].setValue(size, 0);
        TeeResult r = env.invokeTaCommand(ptaSession, RprocPta.CMD_FIRMWARE_DA_TO_PA, PT_PTA_DA_TO_PA, p);
        if (!r.isSuccess()) {
            env.log(String.format("LOAD_FW: failed to translate device address 0x%x", da));
            return 0;
        }
        return p[3].b() << 32 | p[3].a();
    }

    // ------------------------------------------------------------------ helpers

    private TeeResult fail(TeeResult r, String why) {
        env.log(why + ": " + r.teeName());
        return r;
    }

    private Abort abort(TeeResult r, String why) {
        env.log(why + ": " + r.teeName());
        return new Abort(r);
    }

    private static long u32(byte[] b, int offset) {
        return Integer.toUnsignedLong((b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24);
    }

    private static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(LE_INT, offset));
    }

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A read of the normal-world buffer; leaving the buffer is undefined upstream and BAD_FORMAT here. */
    private void checkFw(Context ctx, long offset, int length) {
        if (offset < 0 || offset + length > ctx.fw.byteSize()) {
            throw abort(TeeResult.BAD_FORMAT, String.format(
                    "LOAD_FW: read of %d bytes at buffer offset 0x%x lies outside the %d-byte firmware buffer", length,
                    offset, ctx.fw.byteSize()));
        }
    }

    private long fwWord(Context ctx, long offset) {
        checkFw(ctx, offset, 4);
        return Integer.toUnsignedLong(ctx.fw.get(LE_INT, offset));
    }

    private int fwHalf(Context ctx, long offset) {
        checkFw(ctx, offset, 2);
        return Short.toUnsignedInt(ctx.fw.get(LE_SHORT, offset));
    }

    private int fwByte(Context ctx, long offset) {
        checkFw(ctx, offset, 1);
        return Byte.toUnsignedInt(ctx.fw.get(ValueLayout.JAVA_BYTE, offset));
    }
}
