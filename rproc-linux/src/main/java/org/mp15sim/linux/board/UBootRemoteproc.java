package org.mp15sim.linux.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mp15sim.core.dt.Range;
import org.mp15sim.core.mem.AddressSpace;

/**
 * What the bootloader does for an "early boot" M4 (U-Boot's stm32_copro + rproc_elf loader): load the ELF
 * segments by p_paddr through the A7 bus (M4 addresses translated by the mlahb dma-ranges), publish the
 * resource table's M4 address in TAMP BKP17R, release the hold boot and hold it again, then record CRUN in
 * BKP18R. Linux then probes the M4 as DETACHED and can attach to it.
 */
public final class UBootRemoteproc {
    public static final long RCC_MP_GCR = 0x5000_010CL;
    public static final long TAMP_BKP17R = 0x5C00_A144L;
    public static final long TAMP_BKP18R = 0x5C00_A148L;
    public static final int M4_STATE_CRUN = 2;

    private UBootRemoteproc() {}

    /** {@link #loadAndStart(AddressSpace, List, byte[])} with the dma-ranges of the DT's {@code st,mlahb} bus. */
    public static long loadAndStart(AddressSpace a7, org.mp15sim.core.dt.DeviceTree dt, byte[] elf) {
        var buses = dt.compatible("st,mlahb");
        if (buses.isEmpty() || !buses.get(0).hasProperty("dma-ranges")) {
            throw new IllegalArgumentException("u-boot rproc: the device tree has no st,mlahb node with dma-ranges");
        }
        return loadAndStart(a7, buses.get(0).dmaRanges(), elf);
    }

    /** Loads {@code elf} and starts the M4; returns the resource table's M4 address (0 if none). */
    public static long loadAndStart(AddressSpace a7, List<Range> dmaRanges, byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 52 || b.getInt(0) != 0x464c457f) throw new IllegalArgumentException("u-boot rproc: not an ELF32 image");
        int phoff = b.getInt(28), phnum = b.getShort(44) & 0xFFFF;
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + 32 * i;
            if (b.getInt(ph) != 1) continue;
            long off = Integer.toUnsignedLong(b.getInt(ph + 4)), pa = Integer.toUnsignedLong(b.getInt(ph + 12));
            long filesz = Integer.toUnsignedLong(b.getInt(ph + 16)), memsz = Integer.toUnsignedLong(b.getInt(ph + 20));
            if (memsz == 0) continue;
            long dst = toPa(dmaRanges, pa);
            a7.writeBytes(dst, elf, (int) off, (int) filesz);
            if (memsz > filesz) a7.fill(dst + filesz, memsz - filesz, (byte) 0);
        }
        long rsc = resourceTableAddress(elf);
        a7.write32(TAMP_BKP17R, (int) rsc);
        a7.write32(RCC_MP_GCR, a7.read32(RCC_MP_GCR) | 1);
        a7.write32(RCC_MP_GCR, a7.read32(RCC_MP_GCR) & ~1);
        a7.write32(TAMP_BKP18R, M4_STATE_CRUN);
        return rsc;
    }

    private static long toPa(List<Range> ranges, long da) {
        for (Range r : ranges) if (da >= r.childAddress() && da < r.childAddress() + r.size()) return da - r.childAddress() + r.parentAddress();
        throw new IllegalArgumentException(String.format("u-boot rproc: segment at M4 address 0x%08x is outside every dma-range", da));
    }

    /** sh_addr of .resource_table, or 0. */
    static long resourceTableAddress(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = b.getInt(32), shnum = b.getShort(48) & 0xFFFF, shstrndx = b.getShort(50) & 0xFFFF;
        if (shoff == 0 || shnum == 0) return 0;
        int strtab = b.getInt(shoff + 40 * shstrndx + 16);
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + 40 * i;
            int name = strtab + b.getInt(sh);
            int end = name;
            while (end < elf.length && elf[end] != 0) end++;
            if (".resource_table".equals(new String(elf, name, end - name, StandardCharsets.ISO_8859_1))) {
                return Integer.toUnsignedLong(b.getInt(sh + 12));
            }
        }
        return 0;
    }
}
