package org.mp15sim.tee.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.mp15sim.core.elf.Elf32;
import org.mp15sim.core.elf.Elf32File;
import org.mp15sim.core.elf.Elf32ProgramHeader;
import org.mp15sim.core.elf.Elf32SectionHeader;
import org.mp15sim.core.elf.ElfFormatException;
import org.mp15sim.tee.image.HashTableEntry;
import org.mp15sim.tee.image.SignedImage;
import org.mp15sim.tee.image.SignedImageFormat;
import org.mp15sim.tee.image.SignedImageFormatException;
import org.mp15sim.tee.image.Tlv;

/** {@code inspect FILE}: the structure of a signed image (header, TLVs, hash table, images) or of an ELF. */
public final class InspectCommand {
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("--")) {
            err.println("inspect: give exactly one FILE");
            err.print(TeeTool.USAGE_TEXT);
            return TeeTool.USAGE;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(args[0]));
        } catch (IOException e) {
            err.println("inspect: " + e);
            return TeeTool.FAILED;
        }
        return inspect(args[0], bytes, out, err);
    }

    /** Describes {@code bytes} (named {@code name} in messages); 0, or 1 when they cannot be read. */
    public int inspect(String name, byte[] bytes, PrintStream out, PrintStream err) {
        String[] args = {name};
        try {
            if (bytes.length >= 4 && ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0)
                    == (int) SignedImageFormat.MAGIC) {
                return signedImage(args[0], bytes, out);
            }
            if (bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
                out.printf("%s: ELF, %d bytes%n", args[0], bytes.length);
                elf(Elf32File.parse(bytes), "", out);
                return TeeTool.OK;
            }
            err.printf("inspect: %s is neither a signed image (magic 0x%08x) nor an ELF file%n", args[0],
                    SignedImageFormat.MAGIC);
            return TeeTool.FAILED;
        } catch (SignedImageFormatException | ElfFormatException e) {
            err.println("inspect: " + args[0] + ": " + e.getMessage());
            return TeeTool.FAILED;
        }
    }

    private static int signedImage(String name, byte[] bytes, PrintStream out) {
        SignedImage image = SignedImage.parse(bytes);
        var h = image.header();
        out.printf("%s: signed remoteproc image, %d bytes%n", name, bytes.length);
        out.printf("header: magic 0x%08x version %d tlv_len %d sign_len %d img_len %d%n", h.magic(), h.version(),
                h.tlvLen(), h.signLen(), h.imgLen());
        out.printf("layout: TLV @0x%x, signature @0x%x, images @0x%x%n", h.tlvOffset(), h.signatureOffset(),
                h.imageOffset());
        out.println("TLVs:");
        for (Tlv t : image.tlvs()) {
            out.println("  " + t);
        }
        List<HashTableEntry> table = image.hashTable();
        out.println("hash table (" + table.size() + " entries):");
        for (int i = 0; i < table.size(); i++) {
            out.printf("  %2d %s%n", i, table.get(i));
        }
        out.println("signature: " + HexFormat.of().formatHex(image.signature(), 0, Math.min(16, (int) h.signLen()))
                + "…");
        boolean allMatch = true;
        List<byte[]> images = image.images();
        int entry = 0;
        for (int i = 0; i < images.size(); i++) {
            out.printf("image %d: %d bytes%n", i, images.get(i).length);
            try {
                Elf32File elf = Elf32File.parse(images.get(i));
                for (Elf32ProgramHeader p : elf.programHeaders()) {
                    String check;
                    if (entry >= table.size()) {
                        check = "no hash entry";
                        allMatch = false;
                    } else {
                        byte[] actual = sha256(elf.segmentBytes(p).toArray(ValueLayout.JAVA_BYTE));
                        boolean ok = MessageDigest.isEqual(actual, table.get(entry).sha256());
                        allMatch &= ok;
                        check = ok ? "sha256 ok" : "sha256 MISMATCH";
                    }
                    out.printf("  %s: %s%n", p, check);
                    entry++;
                }
                elf(elf, "  ", out, false);
            } catch (ElfFormatException e) {
                out.println("  not a readable ELF32: " + e.getMessage());
                allMatch = false;
            }
        }
        out.println(allMatch ? "segment hashes: all match" : "segment hashes: NOT all match");
        return TeeTool.OK;
    }

    private static void elf(Elf32File elf, String indent, PrintStream out) {
        var h = elf.header();
        out.printf("%sELF32 %s-endian type %d machine %d%s entry 0x%08x%n", indent,
                elf.isLittleEndian() ? "little" : "big", h.type(), h.machine(),
                h.machine() == Elf32.EM_ARM ? " (ARM)" : "", h.entry());
        for (Elf32ProgramHeader p : elf.programHeaders()) {
            out.println(indent + "  " + p);
        }
        elf(elf, indent, out, true);
    }

    private static void elf(Elf32File elf, String indent, PrintStream out, boolean listSections) {
        List<Elf32SectionHeader> sections = elf.sectionHeaders();
        if (sections.isEmpty()) {
            out.println(indent + "no section headers (the remoteproc TA refuses such an image: BAD_FORMAT)");
            return;
        }
        if (listSections) {
            for (Elf32SectionHeader s : sections) {
                if (s.index() == 0) {
                    continue;
                }
                out.printf("%s  section %2d %-20s addr 0x%08x off 0x%06x size 0x%x%n", indent, s.index(),
                        elf.sectionName(s), s.addr(), s.offset(), s.size());
            }
        }
        var rsc = elf.section(".resource_table");
        if (rsc.isEmpty()) {
            out.println(indent + "resource table: none");
            return;
        }
        Elf32SectionHeader s = rsc.get();
        var table = elf.sectionBytes(s);
        if (table.byteSize() < 16) {
            out.printf("%sresource table: da 0x%08x size %d (shorter than its 16-byte header)%n", indent, s.addr(),
                    s.size());
            return;
        }
        var le = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        out.printf("%sresource table: da 0x%08x size %d, ver %d, %d entries%n", indent, s.addr(), s.size(),
                table.get(le, 0), table.get(le, 4));        tableAtVma(elf, s, indent, out);
    }

    /**
     * A table whose run address (section address) differs from its load address: Linux's ELF loader copies
     * the table to the section address and works; OP-TEE's remoteproc TA loads segments by p_paddr and
     * reports the table at the section address, where nothing was loaded, so Linux reads zeros.
     */
    private static void tableAtVma(Elf32File elf, Elf32SectionHeader s, String indent, PrintStream out) {
        for (Elf32ProgramHeader p : elf.programHeaders()) {
            if (!p.isLoad() || s.addr() < p.vaddr() || s.addr() + s.size() > p.vaddr() + p.memsz()
                    || p.paddr() == p.vaddr()) {
                continue;
            }
            long lma = p.paddr() + (s.addr() - p.vaddr());
            out.printf("%swarning: .resource_table runs at 0x%08x (VMA) but loads at 0x%08x (LMA, segment %d p_paddr"
                    + " 0x%08x != p_vaddr 0x%08x)%n", indent, s.addr(), lma, p.index(), p.paddr(), p.vaddr());
            out.printf("%s  native Linux boot works (the ELF loader copies the table to its section address);%n", indent);
            out.printf("%s  a signed image does not: the remoteproc TA loads segment %d at 0x%08x and reports the table"
                    + " at 0x%08x, where nothing is loaded; Linux reads an all-zero table (no vdev, no rpmsg, no trace)"
                    + " and the firmware waits forever for DRIVER_OK%n", indent, p.index(), p.paddr(), s.addr());
            out.printf("%s  fix: in the linker script give .resource_table the same load and run address (its own"
                    + " output section in RAM without AT>, outside the .data image)%n",
                    indent);
            return;
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
