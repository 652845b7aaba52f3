package org.mp15sim.scenario.board;

import java.util.List;
import java.util.Locale;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.kernel.KernelConfig;

/**
 * Applies a {@code set NAME VALUE} line to a spec. {@code linux.*} names are the kernel options and costs of
 * {@link KernelConfig}; {@code timing.*} names go to the assembly, which rejects the ones it does not know.
 */
public final class Settings {
    public static final List<String> LINUX = List.of("linux.remoteproc-tee", "linux.optee", "linux.irq-latency",
            "linux.workqueue-latency", "linux.firmware-read-rate", "linux.memcpy-rate", "linux.dynamic-debug");

    private Settings() {}

    public static BoardSpec apply(BoardSpec spec, String name, String value) throws BoardException {
        KernelConfig k = spec.kernel();
        try {
            return switch (name) {
                case "linux.remoteproc-tee" -> spec.withKernel(k.withRemoteprocTee(onOff(name, value)));
                case "linux.optee" -> spec.withKernel(k.withOptee(onOff(name, value)));
                case "linux.irq-latency" -> spec.withKernel(k.withIrqLatency(SimTime.parse(value)));
                case "linux.workqueue-latency" -> spec.withKernel(k.withWorkqueueLatency(SimTime.parse(value)));
                case "linux.firmware-read-rate" -> spec.withKernel(k.withFirmwareReadRate(rate(value)));
                case "linux.memcpy-rate" -> spec.withKernel(k.withMemcpyRate(rate(value)));
                case "linux.dynamic-debug" -> spec.withKernel(k.withDynamicDebug(onOff(name, value)));
                default -> {
                    if (!name.startsWith("timing.") || name.length() == "timing.".length()) {
                        throw new BoardException(name, "unknown setting '" + name + "': settings are " + String.join(", ", LINUX)
                                + " and timing.<parameter> of the assembly", null);
                    }
                    yield spec.withTiming(name.substring("timing.".length()), value);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new BoardException(name, "bad value '" + value + "' for " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean onOff(String name, String v) {
        return switch (v) {
            case "on", "true", "y" -> true;
            case "off", "false", "n" -> false;
            default -> throw new IllegalArgumentException(name + " is on or off");
        };
    }

    /** Bytes per second: {@code 400000000}, {@code 400MB/s}, {@code 20MiB/s}. */
    static long rate(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("/s")) s = s.substring(0, s.length() - 2);
        long mul = 1;
        for (var u : List.of(new Object[] {"kib", 1024L}, new Object[] {"mib", 1024L * 1024}, new Object[] {"gib", 1024L * 1024 * 1024},
                new Object[] {"kb", 1000L}, new Object[] {"mb", 1_000_000L}, new Object[] {"gb", 1_000_000_000L}, new Object[] {"b", 1L})) {
            if (s.endsWith((String) u[0])) {
                mul = (Long) u[1];
                s = s.substring(0, s.length() - ((String) u[0]).length());
                break;
            }
        }
        long r = new java.math.BigDecimal(s.trim()).multiply(java.math.BigDecimal.valueOf(mul)).longValue();
        if (r <= 0) throw new IllegalArgumentException("a rate is a positive number of bytes per second, e.g. 400MB/s");
        return r;
    }
}
