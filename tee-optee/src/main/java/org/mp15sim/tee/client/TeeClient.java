package org.mp15sim.tee.client;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.tee.core.TaProperties;
import org.mp15sim.tee.core.TeeCore;

/**
 * The Linux TEE subsystem with the OP-TEE driver, reduced to what kernel clients call. Every call into
 * the secure world is one SMC round trip: half of {@code worldSwitch} is charged on entry, half on exit.
 */
public final class TeeClient {
    private final TeeCore core;
    private final int track;

    public TeeClient(TeeCore core) {
        this.core = core;
        this.track = core.trace().track("optee");
    }

    /** tee_client_open_context. */
    public TeeContext openContext() {
        return new TeeContext(this);
    }

    /** The TAs the TEE bus enumerates (TA_FLAG_DEVICE_ENUM), as optee_enumerate_devices reports them. */
    public List<UUID> enumerateDevices() {
        return core.enumeratedDevices().stream().map(TaProperties::uuid).toList();
    }

    TeeCore core() {
        return core;
    }

    <T> T call(String what, Supplier<T> body) {
        Trace trace = core.trace();
        long half = core.config().worldSwitch() / 2;
        String span = "smc " + what;
        trace.begin(core.clock().now(), track, span);
        core.clock().advance(half);
        try {
            return body.get();
        } finally {
            core.clock().advance(core.config().worldSwitch() - half);
            trace.end(core.clock().now(), track, span);
        }
    }
}
