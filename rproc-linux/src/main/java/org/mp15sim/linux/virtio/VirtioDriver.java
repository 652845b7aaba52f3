package org.mp15sim.linux.virtio;

/** A virtio driver ({@code struct virtio_driver}), bound to devices by id. */
public interface VirtioDriver {
    int deviceId();

    String name();

    /** Binds to {@code dev}; returns 0 or a negative errno. */
    int probe(VirtioDevice dev);

    void remove(VirtioDevice dev);
}
