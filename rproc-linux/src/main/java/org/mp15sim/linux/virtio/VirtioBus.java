package org.mp15sim.linux.virtio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The virtio bus: matches registered devices with drivers by device id and probes them in order. */
public final class VirtioBus {
    private final List<VirtioDriver> drivers = new ArrayList<>();
    private final Map<VirtioDevice, VirtioDriver> bound = new LinkedHashMap<>();
    private final List<VirtioDevice> devices = new ArrayList<>();
    private int nextIndex;

    public void registerDriver(VirtioDriver d) {
        drivers.add(d);
        for (VirtioDevice dev : devices) if (!bound.containsKey(dev)) tryProbe(dev, d);
    }

    /** {@code register_virtio_device()}: returns the index for the device name ({@code virtio<N>}). */
    public int allocateIndex() { return nextIndex++; }

    /** Adds the device and probes a matching driver; returns the probe result (0 when no driver matched). */
    public int registerDevice(VirtioDevice dev) {
        devices.add(dev);
        for (VirtioDriver d : drivers) {
            if (d.deviceId() == dev.id()) return tryProbe(dev, d);
        }
        return 0;
    }

    private int tryProbe(VirtioDevice dev, VirtioDriver d) {
        if (d.deviceId() != dev.id()) return 0;
        int r = d.probe(dev);
        if (r == 0) bound.put(dev, d);
        return r;
    }

    /** {@code unregister_virtio_device()}: removes the bound driver first. */
    public void unregisterDevice(VirtioDevice dev) {
        VirtioDriver d = bound.remove(dev);
        if (d != null) d.remove(dev);
        devices.remove(dev);
    }

    public List<VirtioDevice> devices() { return List.copyOf(devices); }
}
