package org.mp15sim.tee.sign;

import org.mp15sim.tee.image.SignedImageFormat;

/** --key_type of sign_rproc_fw.py and the SIGNTYPE it selects. */
public enum KeyType {
    /** RSASSA-PKCS1-v1_5 with SHA-256; sign_len = modulus bytes. */
    RSA(SignedImageFormat.SIGN_RSA_PKCS1_V1_5_SHA256),
    /** ECDSA P-256 with SHA-256, raw r||s; sign_len = 64. */
    ECC(SignedImageFormat.SIGN_ECDSA_SHA256);

    private final int signType;

    KeyType(int signType) {
        this.signType = signType;
    }

    /** The SIGNTYPE TLV value. */
    public int signType() {
        return signType;
    }
}
