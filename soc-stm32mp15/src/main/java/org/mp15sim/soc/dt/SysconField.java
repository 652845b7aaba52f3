package org.mp15sim.soc.dt;

/**
 * A {@code <&syscon offset mask>} property such as {@code st,syscfg-holdboot = <&rcc 0x10c 0x1>}:
 * the register at {@code sysconBase + offset} and the bits of it the driver uses.
 */
public record SysconField(String property, String sysconPath, long sysconBase, int offset, int mask) {
    /** The register's physical address. */
    public long address() {
        return sysconBase + Integer.toUnsignedLong(offset);
    }

    @Override
    public String toString() {
        return String.format("%s: %s+0x%x (0x%x) mask 0x%x", property, sysconPath, offset, address(), mask);
    }
}
