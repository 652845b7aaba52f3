package org.mp15sim.linux.stm32;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.MmioDevice;

/** Test double: a plain register file that records every write (offset, value) in order. */
final class RegFile implements MmioDevice {
    record Write(long offset, long value) {}

    private final String name;
    private final TreeMap<Long, Long> regs = new TreeMap<>();
    final List<Write> writes = new ArrayList<>();

    RegFile(String name) { this.name = name; }

    @Override public String name() { return name; }

    @Override public long read(BusMaster master, long offset, int size) { return regs.getOrDefault(offset, 0L); }

    @Override public void write(BusMaster master, long offset, int size, long value) {
        regs.put(offset, value);
        writes.add(new Write(offset, value));
    }

    long get(long offset) { return regs.getOrDefault(offset, 0L); }

    void set(long offset, long value) { regs.put(offset, value); }

    List<Long> writesTo(long offset) {
        List<Long> l = new ArrayList<>();
        for (Write w : writes) if (w.offset() == offset) l.add(w.value());
        return l;
    }
}
