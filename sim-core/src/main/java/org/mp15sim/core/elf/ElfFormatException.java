package org.mp15sim.core.elf;

/**
 * A structure of an ELF file lies outside the file or cannot be represented. The message says what,
 * where (file offset) and which rule; {@link #fileOffset()} is the offset of the offending structure.
 */
public final class ElfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long fileOffset;

    public ElfFormatException(long fileOffset, String message) {
        super(message);
        this.fileOffset = fileOffset;
    }

    /** File offset of the structure the message is about (0 for the ELF header). */
    public long fileOffset() {
        return fileOffset;
    }
}
