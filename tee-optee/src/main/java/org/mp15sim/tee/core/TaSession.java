package org.mp15sim.tee.core;

/**
 * One open session: its id (what the normal world or the calling TA holds), the client's identity and
 * the environment of the TA instance serving it.
 */
public final class TaSession {
    private final int id;
    private final TeeIdentity client;
    private final TaEnvironment env;
    final TeeCore.Instance instance;

    TaSession(int id, TeeIdentity client, TeeCore.Instance instance) {
        this.id = id;
        this.client = client;
        this.instance = instance;
        this.env = instance.env;
    }

    public int id() {
        return id;
    }

    public TeeIdentity client() {
        return client;
    }

    /** Services for the TA code running in this session. */
    public TaEnvironment env() {
        return env;
    }
}
