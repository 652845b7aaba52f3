package org.mp15sim.tee.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32ProgramHeader;

/**
 * struct remoteproc_segment: the eight Elf32_Phdr words of one program header followed by the SHA-256
 * of its p_filesz file bytes.
 */
public record HashTableEntry(long type, long offset, long vaddr, long paddr, long filesz, long memsz, long flags,
                             long align, byte[] sha256) {

    public HashTableEntry {
        if (sha256.length != SignedImageFormat.SHA256_SIZE) {
            throw new IllegalArgumentException("hash-table entry needs a 32-byte SHA-256, got " + sha256.length);
        }
        sha256 = sha256.clone();
    }

    public static HashTableEntry of(Elf32ProgramHeader p, byte[] sha256) {
        return new HashTableEntry(p.type(), p.offset(), p.vaddr(), p.paddr(), p.filesz(), p.memsz(), p.flags(),
                p.align(), sha256);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public void writeTo(ByteBuffer b) {
        ByteBuffer le = b.order(ByteOrder.LITTLE_ENDIAN);
        for (long w : new long[] {type, offset, vaddr, paddr, filesz, memsz, flags, align}) {
            le.putInt((int) w);
        }
        le.put(sha256);
    }

    /** Decodes a HASHTABLE value; its length must be a multiple of 64. */
    public static List<HashTableEntry> decodeAll(byte[] value) {
        if (value.length % SignedImageFormat.HASH_ENTRY_SIZE != 0) {
            throw new SignedImageFormatException(-1, String.format(
                    "HASHTABLE: length %d is not a multiple of %d", value.length, SignedImageFormat.HASH_ENTRY_SIZE));
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        List<HashTableEntry> list = new ArrayList<>();
        while (b.remaining() > 0) {
            long[] w = new long[8];
            for (int i = 0; i < 8; i++) {
                w[i] = Integer.toUnsignedLong(b.getInt());
            }
            byte[] hash = new byte[SignedImageFormat.SHA256_SIZE];
            b.get(hash);
            list.add(new HashTableEntry(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], hash));
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashTableEntry e && e.type == type && e.offset == offset && e.vaddr == vaddr
                && e.paddr == paddr && e.filesz == filesz && e.memsz == memsz && e.flags == flags
                && e.align == align && java.util.Arrays.equals(e.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256) * 31 + Long.hashCode(paddr);
    }

    @Override
    public String toString() {
        return String.format("%s off 0x%x vaddr 0x%08x paddr 0x%08x filesz 0x%x memsz 0x%x flags 0x%x align 0x%x sha256 %s",
                Elf32.programTypeName(type), offset, vaddr, paddr, filesz, memsz, flags, align,
                HexFormat.of().formatHex(sha256));
    }
}
