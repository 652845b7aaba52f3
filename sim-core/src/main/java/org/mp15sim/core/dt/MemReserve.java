package org.mp15sim.core.dt;

/** A {@code /memreserve/} entry (the blob's memory reservation block). */
public record MemReserve(long address, long size) {
}
