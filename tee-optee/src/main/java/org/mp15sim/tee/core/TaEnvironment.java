package org.mp15sim.tee.core;

import java.util.UUID;

/**
 * The services a TA instance gets from the core (the parts of libutee the remoteproc TA uses): sessions
 * to other TAs/PTAs opened with its own identity, the heap, simulated time and the trace.
 */
public final class TaEnvironment {
    private final TeeCore core;
    private final TaProperties self;
    private final TaHeap heap;

    TaEnvironment(TeeCore core, TaProperties self, TaHeap heap) {
        this.core = core;
        this.self = self;
        this.heap = heap;
    }

    public TaProperties self() {
        return self;
    }

    public TeeConfig config() {
        return core.config();
    }

    public TaHeap heap() {
        return heap;
    }

    public long now() {
        return core.clock().now();
    }

    /** Charges {@code ps} of simulated time for {@code what}, shown as a span on the TEE trace track. */
    public void spend(String what, long ps) {
        core.spend(what, ps);
    }

    /** TEE_OpenTASession: the callee sees this TA's UUID with login TEE_LOGIN_TRUSTED_APP. */
    public TeeOutcome openTaSession(UUID uuid, int paramTypes, TeeParam[] params) {
        core.spend("TEE_OpenTASession", core.config().taCall());
        return core.openSession(TeeIdentity.trustedApp(self.uuid()), uuid, paramTypes, params);
    }

    /** TEE_InvokeTACommand on a session this TA opened. */
    public TeeResult invokeTaCommand(int session, int command, int paramTypes, TeeParam[] params) {
        core.spend("TEE_InvokeTACommand", core.config().taCall());
        return core.invoke(session, command, paramTypes, params).result();
    }

    /** TEE_CloseTASession. */
    public void closeTaSession(int session) {
        core.closeSession(session);
    }

    /** Whether log lines go anywhere (lets hot paths skip formatting them). */
    public boolean tracing() {
        return core.trace().enabled();
    }

    /** EMSG/IMSG/DMSG: a line on the TEE trace track. */
    public void log(String text) {
        core.log(self.name() + ": " + text);
    }
}
