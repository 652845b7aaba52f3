package org.mp15sim.core.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counts accesses to unmodelled addresses per master and address, for the run summary. */
public final class UnmodelledAccessLog {
    private final TreeMap<String, long[]> counts = new TreeMap<>();

    /** Returns true the first time this master touches this address. */
    public boolean note(BusMaster master, long address, boolean write) {
        String key = String.format("%s 0x%08x %s", master.name(), address, write ? "W" : "R");
        long[] c = counts.get(key);
        if (c == null) {
            counts.put(key, new long[] {1});
            return true;
        }
        c[0]++;
        return false;
    }

    public boolean isEmpty() { return counts.isEmpty(); }

    /** Lines like {@code m4 0x40010000 R: 12 access(es), unmodelled}, sorted by master and address. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(k + ": " + v[0] + " access(es), unmodelled"));
        return out;
    }
}
