package org.mp15sim.tee.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.mp15sim.core.trace.Trace;

/**
 * The OP-TEE core's session management (tee_ta_manager.c in spirit): finds TAs by UUID, creates or
 * reuses instances according to their flags, routes invocations and keeps the caller's identity for
 * every session. Calls are synchronous on the caller's context; their costs go to the {@link SecureClock}.
 */
public final class TeeCore {
    private record Registration(TaProperties properties, Supplier<TrustedApplication> factory) {}

    static final class Instance {
        final TaProperties properties;
        final TrustedApplication ta;
        TaEnvironment env;
        int sessions;
        boolean busy;

        Instance(TaProperties properties, TrustedApplication ta) {
            this.properties = properties;
            this.ta = ta;
        }
    }

    private final TeeConfig config;
    private final SecureClock clock;
    private final Trace trace;
    private final int track;
    private final Map<UUID, Registration> registry = new LinkedHashMap<>();
    private final Map<UUID, Instance> singleInstances = new LinkedHashMap<>();
    private final TreeMap<Integer, TaSession> sessions = new TreeMap<>();
    private int nextSession = 1;

    public TeeCore(TeeConfig config, SecureClock clock, Trace trace) {
        this.config = config;
        this.clock = clock;
        this.trace = trace == null ? Trace.OFF : trace;
        this.track = this.trace.track("optee");
    }

    public TeeConfig config() {
        return config;
    }

    public SecureClock clock() {
        return clock;
    }

    public Trace trace() {
        return trace;
    }

    /** Makes a TA (or pseudo TA) available under its UUID; {@code factory} creates an instance. */
    public void register(TaProperties properties, Supplier<TrustedApplication> factory) {
        if (registry.putIfAbsent(properties.uuid(), new Registration(properties, factory)) != null) {
            throw new IllegalArgumentException("a TA with UUID " + properties.uuid() + " is already registered");
        }
    }

    /** TAs flagged DEVICE_ENUM, in registration order: what the Linux TEE bus enumerates. */
    public List<TaProperties> enumeratedDevices() {
        List<TaProperties> list = new ArrayList<>();
        for (Registration r : registry.values()) {
            if (r.properties().has(TaFlag.DEVICE_ENUM)) {
                list.add(r.properties());
            }
        }
        return list;
    }

    public boolean isOpen(int session) {
        return sessions.containsKey(session);
    }

    /** Number of sessions currently open on the TA with this UUID. */
    public int openSessions(UUID uuid) {
        int n = 0;
        for (TaSession s : sessions.values()) {
            if (s.instance.properties.uuid().equals(uuid)) {
                n++;
            }
        }
        return n;
    }

    /** Opens a session on the TA {@code uuid} for {@code client}. */
    public TeeOutcome openSession(TeeIdentity client, UUID uuid, int paramTypes, TeeParam[] params) {
        Registration reg = registry.get(uuid);
        if (reg == null) {
            log("open session: no TA " + uuid);
            return TeeOutcome.of(TeeResult.ITEM_NOT_FOUND, TeeOrigin.TEE);
        }
        TaProperties props = reg.properties();
        boolean single = props.has(TaFlag.SINGLE_INSTANCE);
        Instance inst = single ? singleInstances.get(uuid) : null;
        if (inst != null && !props.has(TaFlag.MULTI_SESSION) && inst.sessions > 0) {
            // tee_ta_init_session_with_context: single instance without multi-session is already in use.
            log("open session " + props.name() + ": " + TeeResult.BUSY.teeName() + " (single instance, no multi-session)");
            return TeeOutcome.of(TeeResult.BUSY, TeeOrigin.TEE);
        }
        if (inst != null && inst.busy) {
            return TeeOutcome.of(TeeResult.BUSY, TeeOrigin.TEE);
        }
        if (inst == null) {
            inst = new Instance(props, reg.factory().get());
            inst.env = new TaEnvironment(this, props, new TaHeap(config.taHeapSize()));
            TeeResult r = inst.ta.create(inst.env);
            if (!r.isSuccess()) {
                return TeeOutcome.of(r, TeeOrigin.TRUSTED_APP);
            }
            if (single) {
                singleInstances.put(uuid, inst);
            }
        }
        int id = nextSession++;
        TaSession session = new TaSession(id, client, inst);
        inst.sessions++;
        sessions.put(id, session);
        String span = "open " + props.name();
        trace.begin(clock.now(), track, span);
        inst.busy = true;
        TeeResult r;
        try {
            r = inst.ta.openSession(session, paramTypes, params);
        } finally {
            inst.busy = false;
            trace.end(clock.now(), track, span);
        }
        if (!r.isSuccess()) {
            sessions.remove(id);
            inst.sessions--;
            releaseIfUnused(inst);
            log("open session " + props.name() + ": " + r.teeName());
            return TeeOutcome.of(r, TeeOrigin.TRUSTED_APP);
        }
        return new TeeOutcome(TeeResult.SUCCESS, TeeOrigin.TRUSTED_APP, id);
    }

    /** Invokes {@code command} in a session. An unknown session gives BAD_PARAMETERS from the TEE. */
    public TeeOutcome invoke(int sessionId, int command, int paramTypes, TeeParam[] params) {
        TaSession session = sessions.get(sessionId);
        if (session == null) {
            return TeeOutcome.of(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
        }
        Instance inst = session.instance;
        if (inst.busy && inst.properties.has(TaFlag.SINGLE_INSTANCE)) {
            // A single-instance TA runs one call at a time; OP-TEE would park this thread until the TA is
            // free. The model refuses instead (no caller in the project invokes concurrently).
            return TeeOutcome.of(TeeResult.BUSY, TeeOrigin.TEE);
        }
        String span = inst.properties.name() + " cmd " + command;
        trace.begin(clock.now(), track, span);
        inst.busy = true;
        TeeResult r;
        try {
            r = inst.ta.invokeCommand(session, command, paramTypes, params);
        } finally {
            inst.busy = false;
            trace.end(clock.now(), track, span);
        }
        if (trace.enabled()) {
            trace.record(Trace.INSTANT, clock.now(), track, "result", command, r.code() & 0xFFFF_FFFFL,
                    inst.properties.name() + " cmd " + command + " -> " + r.teeName());
        }
        return TeeOutcome.of(r, TeeOrigin.TRUSTED_APP);
    }

    /** Closes a session (unknown ids are ignored, as a double close is in OP-TEE). */
    public void closeSession(int sessionId) {
        TaSession session = sessions.remove(sessionId);
        if (session == null) {
            return;
        }
        Instance inst = session.instance;
        inst.ta.closeSession(session);
        inst.sessions--;
        releaseIfUnused(inst);
    }

    private void releaseIfUnused(Instance inst) {
        if (inst.sessions > 0) {
            return;
        }
        if (inst.properties.has(TaFlag.SINGLE_INSTANCE) && inst.properties.has(TaFlag.INSTANCE_KEEP_ALIVE)) {
            return; // the instance and its state outlive the sessions
        }
        singleInstances.remove(inst.properties.uuid());
        inst.ta.destroy();
    }

    void spend(String what, long ps) {
        if (ps <= 0) {
            return;
        }
        trace.begin(clock.now(), track, what);
        clock.advance(ps);
        trace.end(clock.now(), track, what);
    }

    void log(String text) {
        trace.log(clock.now(), track, text);
    }
}
