package org.mp15sim.linux.kernel;

import org.mp15sim.core.time.SimTime;

/**
 * Build options and timing parameters of the simulated Linux. Every cost is a named value with its default
 * and why; scenarios and benchmarks override them per run.
 *
 * @param remoteprocTee       CONFIG_REMOTEPROC_TEE (the v22 remoteproc_tee driver is built in)
 * @param optee               an OP-TEE driver and secure world are present (the TEE bus enumerates TAs)
 * @param irqLatency          GIC to handler entry on a 650 MHz A7 (default 2 µs: vector, gic_handle_irq, genirq)
 * @param workqueueLatency    queue_work to the work function running in a kworker (default 10 µs: wake-up + context switch)
 * @param firmwareReadRate    request_firmware bytes per second from the root filesystem (default 20 MB/s: SD card)
 * @param memcpyRate          A7 memcpy/memset bytes per second into device memory (default 400 MB/s, uncached
 *                            write-combined DDR/SRAM on the MP15 interconnect)
 * @param dynamicDebug        print dev_dbg() messages (dynamic debug enabled for remoteproc)
 */
public record KernelConfig(boolean remoteprocTee, boolean optee, long irqLatency, long workqueueLatency,
        long firmwareReadRate, long memcpyRate, boolean dynamicDebug) {

    public static KernelConfig defaults() {
        return new KernelConfig(true, true, SimTime.us(2), SimTime.us(10), 20_000_000L, 400_000_000L, false);
    }

    public KernelConfig withRemoteprocTee(boolean v) { return new KernelConfig(v, optee, irqLatency, workqueueLatency, firmwareReadRate, memcpyRate, dynamicDebug); }
    public KernelConfig withOptee(boolean v) { return new KernelConfig(remoteprocTee, v, irqLatency, workqueueLatency, firmwareReadRate, memcpyRate, dynamicDebug); }
    public KernelConfig withIrqLatency(long v) { return new KernelConfig(remoteprocTee, optee, v, workqueueLatency, firmwareReadRate, memcpyRate, dynamicDebug); }
    public KernelConfig withWorkqueueLatency(long v) { return new KernelConfig(remoteprocTee, optee, irqLatency, v, firmwareReadRate, memcpyRate, dynamicDebug); }
    public KernelConfig withFirmwareReadRate(long v) { return new KernelConfig(remoteprocTee, optee, irqLatency, workqueueLatency, v, memcpyRate, dynamicDebug); }
    public KernelConfig withMemcpyRate(long v) { return new KernelConfig(remoteprocTee, optee, irqLatency, workqueueLatency, firmwareReadRate, v, dynamicDebug); }
    public KernelConfig withDynamicDebug(boolean v) { return new KernelConfig(remoteprocTee, optee, irqLatency, workqueueLatency, firmwareReadRate, memcpyRate, v); }
}
