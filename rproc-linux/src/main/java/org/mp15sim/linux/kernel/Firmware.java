package org.mp15sim.linux.kernel;

/** A {@code struct firmware}: the bytes request_firmware() returned, and the name asked for. */
public record Firmware(String name, byte[] data) {
    public int size() { return data.length; }
}
