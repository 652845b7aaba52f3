package org.mp15sim.tee.core;

import java.util.Set;
import java.util.UUID;

/**
 * What the core knows of a TA before it runs it.
 *
 * @param pseudo true for a pseudo TA (runs in the core; OP-TEE gives PTAs PTA_DEFAULT_FLAGS =
 *               SINGLE_INSTANCE | MULTI_SESSION | INSTANCE_KEEP_ALIVE)
 */
public record TaProperties(UUID uuid, String name, Set<TaFlag> flags, boolean pseudo) {
    public TaProperties {
        flags = Set.copyOf(flags);
    }

    public static TaProperties pseudoTa(UUID uuid, String name) {
        return new TaProperties(uuid, name,
                Set.of(TaFlag.SINGLE_INSTANCE, TaFlag.MULTI_SESSION, TaFlag.INSTANCE_KEEP_ALIVE), true);
    }

    public boolean has(TaFlag flag) {
        return flags.contains(flag);
    }
}
