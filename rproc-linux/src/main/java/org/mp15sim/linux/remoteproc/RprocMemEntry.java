package org.mp15sim.linux.remoteproc;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct rproc_mem_entry}: a carveout. {@code va} stays null until {@code alloc} ran (at
 * rproc_alloc_registered_carveouts), and entries without va are skipped by da_to_va / pa_to_va.
 */
public final class RprocMemEntry {
    /** {@code mem->alloc}: maps or allocates the memory and sets {@link #va}. */
    @FunctionalInterface
    public interface Alloc {
        int alloc(RemoteProc rproc, RprocMemEntry mem);
    }

    /** {@code mem->release}. */
    @FunctionalInterface
    public interface Release {
        int release(RemoteProc rproc, RprocMemEntry mem);
    }

    public MemorySegment va;
    public boolean isIomem;
    /** Physical (bus) address; {@code FW_RSC_ADDR_ANY} until known. */
    public long dma;
    public long len;
    /** Device address as the remote processor sees it. */
    public long da;
    public final String name;
    /** Offset of the linked RSC_CARVEOUT payload in the table, or -1 (FW_RSC_ADDR_ANY) when not linked. */
    public int rscOffset = -1;
    public long flags;
    /** Index in the parent's memory-region list for a reserved-memory DMA pool, or -1. */
    public int ofResmIdx = -1;
    public final Alloc alloc;
    public final Release release;
    /** Set by the core's own dma_alloc_coherent carveouts so release can give the memory back. */
    DmaCoherentPool pool;

    /** {@code rproc_mem_entry_init(dev, va, dma, len, da, alloc, release, name)}. */
    public RprocMemEntry(MemorySegment va, long dma, long len, long da, Alloc alloc, Release release, String name) {
        this.va = va;
        this.dma = dma;
        this.len = len;
        this.da = da;
        this.alloc = alloc;
        this.release = release;
        this.name = name;
    }

    /** {@code rproc_of_resm_mem_entry_init(dev, of_resm_idx, len, da, name)}: a reserved-memory pool entry. */
    public static RprocMemEntry ofResm(int ofResmIdx, long len, long da, String name) {
        RprocMemEntry m = new RprocMemEntry(null, 0, len, da, null, null, name);
        m.ofResmIdx = ofResmIdx;
        return m;
    }

    @Override
    public String toString() {
        return String.format("carveout %s: da 0x%08x pa 0x%08x len 0x%x%s", name, da, dma, len, va == null ? " (unmapped)" : "");
    }
}
