package org.mp15sim.core.cpu.bench;

import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.mem.BusMaster;
import org.mp15sim.core.mem.MmioDevice;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.time.SimTime;

/**
 * The mp15sim test device the project's own firmware reports to (firmware/common/m4.h): not an
 * STM32MP15 peripheral. EXIT 0x00, PUTC 0x04, IRQ_SET 0x08, IRQ_CLR 0x0C, IRQ_AFTER 0x10 (line in
 * bits 31:24, delay in microseconds in 23:0), TIME_US 0x14, RESULT[0..63] at 0x100.
 */
public final class TestDevice implements MmioDevice {
    public static final long BASE = 0x4FFF_0000L;
    public static final long SIZE = 0x1000;

    private final Scheduler scheduler;
    private ArmV7mCore core;
    private final int[] results = new int[64];
    private final StringBuilder log = new StringBuilder();
    private boolean exited;
    private int exitCode;
    private long exitTime;

    public TestDevice(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void attach(ArmV7mCore c) {
        this.core = c;
    }

    @Override
    public String name() {
        return "testdev";
    }

    public boolean exited() {
        return exited;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Core-local time of the EXIT write (ps). */
    public long exitTime() {
        return exitTime;
    }

    public int result(int n) {
        return results[n];
    }

    public String log() {
        return log.toString();
    }

    /** Forget the previous run (after a reset of the core). */
    public void clear() {
        exited = false;
        exitCode = 0;
        java.util.Arrays.fill(results, 0);
        log.setLength(0);
    }

    private long now() {
        return core != null ? core.localTime() : scheduler.now();
    }

    @Override
    public long read(BusMaster master, long offset, int size) {
        if (offset == 0x14) {
            return now() / SimTime.US & 0xFFFF_FFFFL;
        }
        if (offset == 0x00) {
            return exitCode & 0xFFFF_FFFFL;
        }
        if (offset >= 0x100 && offset < 0x200) {
            return results[(int) (offset - 0x100) / 4] & 0xFFFF_FFFFL;
        }
        return 0;
    }

    @Override
    public void write(BusMaster master, long offset, int size, long value) {
        int v = (int) value;
        if (offset == 0x00) {
            if (!exited) {
                exited = true;
                exitCode = v;
                exitTime = now();
            }
        } else if (offset == 0x04) {
            log.append((char) (v & 0xFF));
        } else if (offset == 0x08) {
            core.setIrqLevel(v, true);
        } else if (offset == 0x0C) {
            core.setIrqLevel(v, false);
        } else if (offset == 0x10) {
            int irq = v >>> 24;
            long at = now() + SimTime.us(v & 0xFF_FFFF);
            scheduler.scheduleAt("testdev irq " + irq, at, () -> core.setIrqLevel(irq, true));
        } else if (offset >= 0x100 && offset < 0x200) {
            results[(int) (offset - 0x100) / 4] = v;
        }
    }
}
