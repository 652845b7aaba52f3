package org.mp15sim.tee.sign;

/** The signer cannot produce an image from its inputs (bad ELF, wrong key type, bad option value). */
public final class SigningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
