package org.mp15sim.tee.rproc;

import java.util.UUID;

/** remoteproc_pta.h: the platform PTA's UUID, commands, capability bits and the key-info blob. */
public final class RprocPta {
    private RprocPta() {}

    public static final UUID UUID = java.util.UUID.fromString("54af4a68-19be-40d7-bbe6-8950350a8744");

    public static final int CMD_HW_CAPABILITIES = 1;
    public static final int CMD_FIRMWARE_LOAD = 2;
    public static final int CMD_LOAD_SEGMENT_SHA256 = 3;
    public static final int CMD_SET_MEMORY = 4;
    public static final int CMD_FIRMWARE_START = 5;
    public static final int CMD_FIRMWARE_STOP = 6;
    public static final int CMD_FIRMWARE_DA_TO_PA = 7;
    public static final int CMD_VERIFY_DIGEST = 8;
    public static final int CMD_RELEASE = 9;

    /** PTA_RPROC_HWCAP_FMT_ELF. */
    public static final int HWCAP_FMT_ELF = 1;
    /** PTA_RPROC_HWCAP_PROT_HASH_TABLE. */
    public static final int HWCAP_PROT_HASH_TABLE = 1;

    /** TEE_ALG_RSASSA_PKCS1_V1_5_SHA256. */
    public static final int TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 = 0x70004830;
    /** TEE_ALG_ECDSA_P256 (= TEE_ALG_ECDSA_SHA256). */
    public static final int TEE_ALG_ECDSA_P256 = 0x70003042;

    /** sizeof(struct rproc_pta_key_info) without its info bytes: u32 algo, u32 info_size. */
    public static final int KEY_INFO_HEADER = 8;

    public static String commandName(int command) {
        return switch (command) {
            case CMD_HW_CAPABILITIES -> "HW_CAPABILITIES";
            case CMD_FIRMWARE_LOAD -> "FIRMWARE_LOAD";
            case CMD_LOAD_SEGMENT_SHA256 -> "LOAD_SEGMENT_SHA256";
            case CMD_SET_MEMORY -> "SET_MEMORY";
            case CMD_FIRMWARE_START -> "FIRMWARE_START";
            case CMD_FIRMWARE_STOP -> "FIRMWARE_STOP";
            case CMD_FIRMWARE_DA_TO_PA -> "FIRMWARE_DA_TO_PA";
            case CMD_VERIFY_DIGEST -> "VERIFY_DIGEST";
            case CMD_RELEASE -> "RELEASE";
            default -> "cmd " + command;
        };
    }
}
