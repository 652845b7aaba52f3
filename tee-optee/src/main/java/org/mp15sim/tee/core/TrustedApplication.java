package org.mp15sim.tee.core;

/**
 * The entry points of a TA or pseudo TA (TA_CreateEntryPoint, TA_OpenSessionEntryPoint, ...). The core
 * calls them with the parameter-types word and four parameters; output values are written in place.
 */
public interface TrustedApplication {
    /** TA_CreateEntryPoint: a new instance starts. */
    default TeeResult create(TaEnvironment env) {
        return TeeResult.SUCCESS;
    }

    /** TA_OpenSessionEntryPoint. {@code session.client()} is the caller's identity. */
    TeeResult openSession(TaSession session, int paramTypes, TeeParam[] params);

    /** TA_InvokeCommandEntryPoint. */
    TeeResult invokeCommand(TaSession session, int command, int paramTypes, TeeParam[] params);

    /** TA_CloseSessionEntryPoint. */
    default void closeSession(TaSession session) {}

    /** TA_DestroyEntryPoint: the instance goes away (not called for keep-alive instances). */
    default void destroy() {}
}
