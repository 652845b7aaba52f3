package org.mp15sim.tee.core;

/** TA_FLAG_* of a TA's properties that the core acts on. */
public enum TaFlag {
    /** One instance serves every session (TA_FLAG_SINGLE_INSTANCE). */
    SINGLE_INSTANCE,
    /** With SINGLE_INSTANCE: several sessions may be open at once; without it a second gets BUSY. */
    MULTI_SESSION,
    /** With SINGLE_INSTANCE: the instance (and its state) survives the close of its last session. */
    INSTANCE_KEEP_ALIVE,
    /** The TA is listed on the Linux TEE bus (TA_FLAG_DEVICE_ENUM). */
    DEVICE_ENUM
}
