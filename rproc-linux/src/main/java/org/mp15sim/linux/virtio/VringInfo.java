package org.mp15sim.linux.virtio;

import java.lang.foreign.MemorySegment;

/**
 * A vring allocated by the remoteproc core: kernel mapping {@code va} (the carve-out's bytes), the device
 * address written into the resource table ({@code da}), entry count, alignment and notify id.
 */
public record VringInfo(MemorySegment va, long da, int num, int align, int notifyId) {}
