package org.mp15sim.soc.m4;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.core.elf.Elf32SectionHeader;
import org.mp15sim.soc.Stm32mp15;

/**
 * What the Linux ELF loader does to the M4 memories, reduced to what the SoC tests need (spec §6 steps
 * 2-3): PT_LOAD segments at p_paddr through the A7's view (da -&gt; pa by the dma-ranges), the tail up to
 * memsz zeroed, then the {@code .resource_table} section copied to its section address with the vring
 * device addresses the DK2 carve-outs give (vdev0vring0/1 at 0x10040000 / 0x10041000).
 */
final class ElfLoading {
    private ElfLoading() {}

    static Elf32File load(Stm32mp15 soc, Path elf) throws IOException {
        Elf32File f = Elf32File.parse(Files.readAllBytes(elf));
        for (Elf32ProgramHeader ph : f.programHeaders()) {
            if (!ph.isLoad() || ph.memsz() == 0) continue;
            long pa = Stm32mp15.m4DaToPa(ph.paddr());
            if (pa < 0) throw new IllegalArgumentException(String.format("%s: segment at da 0x%08x is outside the M4 memories", elf, ph.paddr()));
            byte[] data = f.segmentBytes(ph).toArray(ValueLayout.JAVA_BYTE);
            soc.a7().writeBytes(pa, data, 0, data.length);
            if (ph.memsz() > ph.filesz()) soc.a7().fill(pa + ph.filesz(), ph.memsz() - ph.filesz(), (byte) 0);
        }
        var rsc = f.section(".resource_table");
        if (rsc.isPresent()) {
            Elf32SectionHeader sh = rsc.get();
            byte[] table = f.sectionBytes(sh).toArray(ValueLayout.JAVA_BYTE);
            patchVrings(table);
            soc.a7().writeBytes(Stm32mp15.m4DaToPa(sh.addr()), table, 0, table.length);
        }
        return f;
    }

    /** Fills the vring da of the first vdev entry (type 3) as rproc_alloc_vring does with the carve-outs. */
    private static void patchVrings(byte[] t) {
        MemorySegment s = MemorySegment.ofArray(t);
        int num = s.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
        for (int i = 0; i < num; i++) {
            int off = s.get(ValueLayout.JAVA_INT_UNALIGNED, 16 + 4L * i);
            if (s.get(ValueLayout.JAVA_INT_UNALIGNED, off) != 3) continue;
            // fw_rsc_vdev: type, id, notifyid, dfeatures, gfeatures, config_len, status(u8), num_of_vrings(u8), reserved[2], vrings[]
            int nvr = t[off + 25] & 0xFF;
            for (int v = 0; v < nvr; v++) {
                long vr = off + 28 + 20L * v; // fw_rsc_vdev_vring: da, align, num, notifyid, pa
                s.set(ValueLayout.JAVA_INT_UNALIGNED, vr, 0x1004_0000 + 0x1000 * v);
            }
            return;
        }
    }
}
