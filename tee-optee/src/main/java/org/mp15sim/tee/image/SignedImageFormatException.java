package org.mp15sim.tee.image;

/** A signed image whose structure cannot be read; the message says what, at which offset, which rule. */
public final class SignedImageFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long fileOffset;

    public SignedImageFormatException(long fileOffset, String message) {
        super(message);
        this.fileOffset = fileOffset;
    }

    public long fileOffset() {
        return fileOffset;
    }
}
