package org.mp15sim.linux.virtio;

import org.mp15sim.linux.kernel.Device;

/**
 * A virtio device as a driver sees it ({@code struct virtio_device} + {@code virtio_config_ops}). The
 * remoteproc core implements it for each vdev resource (remoteproc_virtio.c): status and features live in
 * the firmware's resource table, vrings in the vdev0vringN carve-outs, notifications go through the
 * rproc's kick op. Drivers (virtio_rpmsg_bus) only use this interface.
 */
public interface VirtioDevice {
    int VIRTIO_ID_RPMSG = 7;

    int STATUS_ACKNOWLEDGE = 1;
    int STATUS_DRIVER = 2;
    int STATUS_DRIVER_OK = 4;
    int STATUS_FEATURES_OK = 8;
    int STATUS_FAILED = 0x80;

    /** Virtio device id (7 for rpmsg). */
    int id();

    /** The {@code virtioN} device (dev_info prefix of drivers bound to it). */
    Device device();

    /** Device features offered by the firmware ({@code dfeatures}). */
    long getFeatures();

    /** Writes the features the driver accepted ({@code gfeatures}) into the resource table. */
    void finalizeFeatures(long driverFeatures);

    int getStatus();

    /** Writes the status byte into the resource table (the firmware polls it for DRIVER_OK). */
    void setStatus(int status);

    /** Resets the status to 0. */
    void reset();

    int numVrings();

    /** Where vring {@code index} lives and how it is laid out. */
    VringInfo vring(int index);

    /** {@code virtqueue_notify()}: kicks the remote processor for vring {@code index}. */
    void notify(int index);

    /** Called (in interrupt/work context) when the remote signals vring {@code index}. */
    void setVringCallback(int index, Runnable callback);

    /** {@code dma_alloc_coherent()} from the device's DMA pool (the vdev0buffer carve-out). */
    DmaBuffer dmaAlloc(long size);
}
