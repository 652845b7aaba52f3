package org.mp15sim.linux.remoteproc;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.mp15sim.linux.kernel.Errno;
import org.mp15sim.linux.kernel.Firmware;
import org.mp15sim.linux.kernel.KernelConfig;

/**
 * remoteproc_elf_loader.c: the default ELF ops (sanity check, boot address, segment loading by p_paddr,
 * .resource_table lookup). Works on the raw bytes with the kernel's own checks, in its order, with its
 * messages (on {@code &rproc->dev}); class 32 and 64 are both read as the kernel does.
 */
public final class RprocElfLoader {
    public static final int PT_LOAD = 1;
    private static final int EI_CLASS = 4, EI_DATA = 5, ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1;

    private RprocElfLoader() {}

    /** A little-endian reader over the image that never reads past its end (returns 0 there). */
    private record Elf(ByteBuffer b, boolean is64) {
        static Elf of(byte[] data) {
            return new Elf(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), data.length > EI_CLASS && data[EI_CLASS] == ELFCLASS64);
        }

        long u(long off, int size) {
            if (off < 0 || off + size > b.capacity()) return 0;
            return switch (size) {
                case 2 -> b.getShort((int) off) & 0xFFFFL;
                case 4 -> b.getInt((int) off) & 0xFFFF_FFFFL;
                default -> b.getLong((int) off);
            };
        }

        long word(long off32, long off64) { return is64 ? u(off64, 8) : u(off32, 4); }

        long entry() { return word(24, 24); }
        long phoff() { return word(28, 32); }
        long shoff() { return word(32, 40); }
        int phnum() { return (int) u(is64 ? 56 : 44, 2); }
        int shnum() { return (int) u(is64 ? 60 : 48, 2); }
        int shstrndx() { return (int) u(is64 ? 62 : 50, 2); }
        int phentsize() { return is64 ? 56 : 32; }
        int shentsize() { return is64 ? 64 : 40; }
        int ehsize() { return is64 ? 64 : 52; }

        long pType(long ph) { return u(ph, 4); }
        long pOffset(long ph) { return word(ph + 4, ph + 8); }
        long pPaddr(long ph) { return word(ph + 12, ph + 24); }
        long pFilesz(long ph) { return word(ph + 16, ph + 32); }
        long pMemsz(long ph) { return word(ph + 20, ph + 40); }

        long shName(long sh) { return u(sh, 4); }
        long shAddr(long sh) { return word(sh + 12, sh + 16); }
        long shOffset(long sh) { return word(sh + 16, sh + 24); }
        long shSize(long sh) { return word(sh + 20, sh + 32); }
    }

    /** {@code rproc_elf_sanity_check}: every failure is -EINVAL. */
    public static int sanityCheck(RemoteProc rproc, Firmware fw) {
        var dev = rproc.dev();
        if (fw == null) {
            dev.err("failed to load " + rproc.firmware());
            return -Errno.EINVAL;
        }
        byte[] d = fw.data();
        if (d.length < 52) {
            dev.err("Image is too small");
            return -Errno.EINVAL;
        }
        if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F') {
            dev.err("Image is corrupted (bad magic)");
            return -Errno.EINVAL;
        }
        int cls = d[EI_CLASS];
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            dev.err("Unsupported class: " + cls);
            return -Errno.EINVAL;
        }
        if (cls == ELFCLASS64 && d.length < 64) {
            dev.err("elf64 header is too small");
            return -Errno.EINVAL;
        }
        if (d[EI_DATA] != ELFDATA2LSB) {
            dev.err("Unsupported firmware endianness");
            return -Errno.EINVAL;
        }
        Elf e = Elf.of(d);
        if (Long.compareUnsigned(d.length, e.shoff() + e.shentsize()) < 0) {
            dev.err("Image is too small");
            return -Errno.EINVAL;
        }
        if (e.phnum() == 0) {
            dev.err("No loadable segments");
            return -Errno.EINVAL;
        }
        if (Long.compareUnsigned(e.phoff(), d.length) > 0) {
            dev.err("Firmware size is too small");
            return -Errno.EINVAL;
        }
        dev.dbg("Firmware is an elf" + (cls == ELFCLASS32 ? 32 : 64) + " file");
        return 0;
    }

    /** {@code rproc_elf_get_boot_addr}: e_entry. */
    public static long getBootAddr(RemoteProc rproc, Firmware fw) { return Elf.of(fw.data()).entry(); }

    /**
     * {@code rproc_elf_load_segments}: each PT_LOAD with memsz != 0 goes to da_to_va(p_paddr, memsz); filesz
     * bytes are copied and the rest zeroed. Costs A7 memcpy time.
     */
    public static int loadSegments(RemoteProc rproc, Firmware fw) {
        var dev = rproc.dev();
        byte[] d = fw.data();
        Elf e = Elf.of(d);
        long phoff = e.phoff();
        long copied = 0;
        int ret = 0;
        for (int i = 0; i < e.phnum(); i++) {
            long ph = phoff + (long) i * e.phentsize();
            if (ph + e.phentsize() > d.length) {
                // the kernel would read past the image here; the model stops with the same errno as a truncated fw
                dev.err(String.format("truncated fw: need 0x%x avail 0x%x", ph + e.phentsize(), d.length));
                ret = -Errno.EINVAL;
                break;
            }
            long da = e.pPaddr(ph), memsz = e.pMemsz(ph), filesz = e.pFilesz(ph), offset = e.pOffset(ph);
            long type = e.pType(ph);
            if (type != PT_LOAD || memsz == 0) continue;
            dev.dbg(String.format("phdr: type %d da 0x%x memsz 0x%x filesz 0x%x", type, da, memsz, filesz));
            if (Long.compareUnsigned(filesz, memsz) > 0) {
                dev.err(String.format("bad phdr filesz 0x%x memsz 0x%x", filesz, memsz));
                ret = -Errno.EINVAL;
                break;
            }
            if (offset + filesz > d.length || offset + filesz < 0) {
                dev.err(String.format("truncated fw: need 0x%x avail 0x%x", offset + filesz, d.length));
                ret = -Errno.EINVAL;
                break;
            }
            if (memsz < 0 || memsz > 0xFFFF_FFFFL) {
                dev.err(String.format("size (%x) does not fit in size_t type", memsz));
                ret = -Errno.EOVERFLOW;
                break;
            }
            MemorySegment ptr = rproc.daToVa(da, memsz);
            if (ptr == null) {
                dev.err(String.format("bad phdr da 0x%x mem 0x%x", da, memsz));
                ret = -Errno.EINVAL;
                break;
            }
            if (filesz > 0) MemorySegment.copy(MemorySegment.ofArray(d), offset, ptr, 0, filesz);
            if (memsz > filesz) ptr.asSlice(filesz, memsz - filesz).fill((byte) 0);
            copied += memsz;
        }
        rproc.kernel().scheduler().delay(org.mp15sim.core.time.SimTime.transferTime(copied, rproc.kernel().config().memcpyRate()));
        return ret;
    }

    /** The .resource_table section header offset in the image after find_table's checks, or -1. */
    static long findTable(RemoteProc rproc, byte[] d) {
        var dev = rproc.dev();
        Elf e = Elf.of(d);
        long shoff = e.shoff();
        int shnum = e.shnum();
        long strtab = e.shOffset(shoff + (long) e.shstrndx() * e.shentsize());
        for (int i = 0; i < shnum; i++) {
            long sh = shoff + (long) i * e.shentsize();
            if (sh + e.shentsize() > d.length) break;
            if (!".resource_table".equals(cstr(d, strtab + e.shName(sh)))) continue;
            long size = e.shSize(sh), offset = e.shOffset(sh);
            if (offset + size > d.length || offset + size < size || offset < 0) {
                dev.err("resource table truncated");
                return -1;
            }
            if (ResourceTable.HEADER_SIZE > size) {
                dev.err("header-less resource table");
                return -1;
            }
            long ver = e.u(offset, 4);
            if (ver != 1) {
                dev.err("unsupported fw ver: " + ver);
                return -1;
            }
            if (e.u(offset + 8, 4) != 0 || e.u(offset + 12, 4) != 0) {
                dev.err("non zero reserved bytes");
                return -1;
            }
            if (ResourceTable.HEADER_SIZE + 4 * e.u(offset + 4, 4) > size) {
                dev.err("resource table incomplete");
                return -1;
            }
            return sh;
        }
        return -1;
    }

    private static String cstr(byte[] d, long off) {
        if (off < 0 || off >= d.length) return null;
        int end = (int) off;
        while (end < d.length && d[end] != 0) end++;
        return new String(d, (int) off, end - (int) off, StandardCharsets.ISO_8859_1);
    }

    /** {@code rproc_elf_load_rsc_table}: copies the section into cached_table; -EINVAL without a table. */
    public static int loadRscTable(RemoteProc rproc, Firmware fw) {
        byte[] d = fw.data();
        long sh = findTable(rproc, d);
        if (sh < 0) return -Errno.EINVAL;
        Elf e = Elf.of(d);
        int off = (int) e.shOffset(sh), size = (int) e.shSize(sh);
        byte[] t = new byte[size];
        System.arraycopy(d, off, t, 0, size);
        rproc.setCachedTable(t);
        return 0;
    }

    /** {@code rproc_elf_find_loaded_rsc_table}: da_to_va(sh_addr, sh_size), the copy loaded in remote memory. */
    public static MemorySegment findLoadedRscTable(RemoteProc rproc, Firmware fw) {
        byte[] d = fw.data();
        long sh = findTable(rproc, d);
        if (sh < 0) return null;
        Elf e = Elf.of(d);
        return rproc.daToVa(e.shAddr(sh), e.shSize(sh));
    }
}
