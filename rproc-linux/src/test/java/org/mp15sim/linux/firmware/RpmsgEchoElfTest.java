package org.mp15sim.linux.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.core.elf.Elf32SectionHeader;
import org.mp15sim.linux.board.TestFirmware;

/** The committed rpmsg_echo images have the layout Linux remoteproc and the TEE loader rely on. */
public class RpmsgEchoElfTest {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static Elf32File load(String name) throws IOException {
        return Elf32File.parse(TestFirmware.rpmsgEcho(name));
    }

    private static int u32(MemorySegment m, long off) { return m.get(U32, off); }

    @ParameterizedTest
    @ValueSource(strings = {"rpmsg_echo.elf", "rpmsg_echo_noack.elf", "rpmsg_echo_big.elf"})
    void resourceTableHasOneRpmsgVdevAndATraceAndLoadsWhereItRuns(String name) throws IOException {
        Elf32File elf = load(name);
        Elf32SectionHeader rsc = elf.section(".resource_table").orElseThrow();
        long addr = rsc.addr();
        Elf32ProgramHeader seg = elf.programHeaders().stream()
                .filter(p -> p.isLoad() && addr >= p.vaddr() && addr + rsc.size() <= p.vaddr() + p.filesz())
                .findFirst().orElseThrow(() -> new AssertionError(name + ": .resource_table is not in the file part of a PT_LOAD"));
        assertEquals(seg.vaddr(), seg.paddr(), name + ": LMA == VMA for the segment holding .resource_table");
        assertEquals(rsc.offset() - seg.offset(), addr - seg.vaddr(), name + ": section placed at its address inside the segment");

        MemorySegment t = elf.sectionBytes(rsc);
        assertEquals(1024, rsc.size(), "the whole RSC_TBL_SIZE window Linux maps on attach and rewrites on detach");
        assertEquals(1, u32(t, 0), "ver");
        assertEquals(2, u32(t, 4), "num");
        assertEquals(0, u32(t, 8));
        assertEquals(0, u32(t, 12));
        int vdev = u32(t, 16);
        int trace = u32(t, 20);
        assertEquals(3, u32(t, vdev), "RSC_VDEV");
        assertEquals(7, u32(t, vdev + 4), "VIRTIO_ID_RPMSG");
        assertEquals(1, u32(t, vdev + 12), "dfeatures = VIRTIO_RPMSG_F_NS");
        assertEquals(0, u32(t, vdev + 24) & 0xFF, "status starts at 0");
        assertEquals(2, (u32(t, vdev + 24) >>> 8) & 0xFF, "num_of_vrings");
        for (int i = 0; i < 2; i++) {
            long v = vdev + 28 + 20L * i;
            assertEquals(0xFFFF_FFFF, u32(t, v), "vring " + i + " da = FW_RSC_ADDR_ANY");
            assertEquals(16, u32(t, v + 4), "align");
            assertEquals(16, u32(t, v + 8), "num");
            assertEquals(i, u32(t, v + 12), "notifyid");
        }
        assertEquals(2, u32(t, trace), "RSC_TRACE");
        long traceDa = u32(t, trace + 4) & 0xFFFF_FFFFL;
        assertTrue(traceDa >= 0x1000_0000L && traceDa + u32(t, trace + 8) <= 0x1004_0000L, "trace buffer inside mcuram2");
        assertEquals(2048, u32(t, trace + 8));
        byte[] n = new byte[7];
        MemorySegment.copy(t, ValueLayout.JAVA_BYTE, trace + 16, n, 0, 7);
        assertEquals("cm4_log", new String(n, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rpmsg_echo.elf", "rpmsg_echo_noack.elf", "rpmsg_echo_big.elf"})
    void vectorTableInRetramBootsFromSram(String name) throws IOException {
        Elf32File elf = load(name);
        Elf32SectionHeader v = elf.section(".isr_vector").orElseThrow();
        assertEquals(0, v.addr());
        assertEquals(0x298, v.size(), "16 system vectors + 150 IRQs");
        MemorySegment t = elf.sectionBytes(v);
        assertEquals(0x1004_0000, u32(t, 0), "initial SP at the top of SRAM2");
        int reset = u32(t, 4);
        assertEquals(1, reset & 1, "Thumb");
        assertTrue((reset & 0xFFFF_FFFEL) >= 0x1000_0000L && (reset & 0xFFFF_FFFEL) < 0x1004_0000L);
        int ipccRx1 = u32(t, 0x40 + 4 * 103);
        assertTrue(ipccRx1 != u32(t, 0x40), "IPCC_RX1 (IRQ 103) has its own handler");
    }

    @Test
    void theBigImageCarriesAtLeast128KiBMore() throws IOException {
        long small = load("rpmsg_echo.elf").programHeaders().stream().mapToLong(Elf32ProgramHeader::filesz).sum();
        long big = load("rpmsg_echo_big.elf").programHeaders().stream().mapToLong(Elf32ProgramHeader::filesz).sum();
        assertTrue(big - small >= 128 * 1024, small + " vs " + big);
    }
}
