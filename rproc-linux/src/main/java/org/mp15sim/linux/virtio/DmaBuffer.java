package org.mp15sim.linux.virtio;

import java.lang.foreign.MemorySegment;

/** Memory from {@code dma_alloc_coherent()}: the CPU's view and the address the device uses. */
public record DmaBuffer(MemorySegment va, long dma) {}
