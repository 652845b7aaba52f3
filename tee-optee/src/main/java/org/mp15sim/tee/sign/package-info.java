/**
 * The firmware signer: a re-implementation of optee_os scripts/sign_rproc_fw.py producing the same
 * bytes (deterministic for RSA PKCS#1 v1.5 SHA-256; ECDSA P-256 signatures are randomised as upstream),
 * and PEM key handling (PKCS#1, SEC1, PKCS#8, password-encrypted) through BouncyCastle.
 */
package org.mp15sim.tee.sign;
