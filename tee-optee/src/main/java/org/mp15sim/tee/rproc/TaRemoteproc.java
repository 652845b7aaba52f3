package org.mp15sim.tee.rproc;

import java.util.Set;
import java.util.UUID;
import org.mp15sim.tee.core.TaFlag;
import org.mp15sim.tee.core.TaProperties;

/** ta_remoteproc.h: the TA's UUID, flags and command ids as the Linux remoteproc_tee driver uses them. */
public final class TaRemoteproc {
    private TaRemoteproc() {}

    public static final UUID UUID = java.util.UUID.fromString("80a4c275-0a47-4905-8285-1486a9771a08");

    /** p0 value.a = rproc id, p1 memref = the whole signed image. */
    public static final int CMD_LOAD_FW = 1;
    /** p0 value.a = rproc id. */
    public static final int CMD_START_FW = 2;
    /** p0 value.a = rproc id. */
    public static final int CMD_STOP_FW = 3;
    /** p0 value.a = rproc id; out: p1 = PA (a low, b high), p2 = size (a low, b high). */
    public static final int CMD_GET_RSC_TABLE = 4;
    /** Not implemented upstream: always TEE_ERROR_NOT_IMPLEMENTED. */
    public static final int CMD_GET_COREDUMP = 5;
    /** p0 value.a = rproc id. */
    public static final int CMD_RELEASE_FW = 6;

    /** TA_FLAG_DEVICE_ENUM | TA_FLAG_SINGLE_INSTANCE | TA_FLAG_INSTANCE_KEEP_ALIVE, no MULTI_SESSION. */
    public static final TaProperties PROPERTIES = new TaProperties(UUID, "remoteproc",
            Set.of(TaFlag.DEVICE_ENUM, TaFlag.SINGLE_INSTANCE, TaFlag.INSTANCE_KEEP_ALIVE), false);

    public static String commandName(int command) {
        return switch (command) {
            case CMD_LOAD_FW -> "LOAD_FW";
            case CMD_START_FW -> "START_FW";
            case CMD_STOP_FW -> "STOP_FW";
            case CMD_GET_RSC_TABLE -> "GET_RSC_TABLE";
            case CMD_GET_COREDUMP -> "GET_COREDUMP";
            case CMD_RELEASE_FW -> "RELEASE_FW";
            default -> "cmd " + command;
        };
    }
}
