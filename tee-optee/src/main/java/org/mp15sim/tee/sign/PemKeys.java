package org.mp15sim.tee.sign;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.KeyFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.openssl.PKCS8Generator;

/**
 * Reads and writes PEM keys: "RSA PRIVATE KEY" (PKCS#1), "EC PRIVATE KEY" (SEC1), "PRIVATE KEY"
 * (PKCS#8), "ENCRYPTED PRIVATE KEY" (PKCS#8 PBES2) and OpenSSL's legacy "Proc-Type: 4,ENCRYPTED"
 * headers, "PUBLIC KEY" and "RSA PUBLIC KEY". BouncyCastle is used as a local provider instance; it is
 * never registered globally.
 */
public final class PemKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemKeys() {}

    /**
     * The private key of a PEM text; {@code password} may be null for an unencrypted key.
     *
     * @throws SigningException when the PEM holds no private key, is encrypted and no/wrong password
     *     was given, or cannot be parsed
     */
    public static PrivateKey readPrivateKey(String pem, char[] password) {
        Object o = readObject(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (o instanceof PEMEncryptedKeyPair encrypted) {
                requirePassword(password);
                return converter.getKeyPair(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))).getPrivate();
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassword(password);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password)));
            }
        } catch (PEMException | PKCSException | OperatorCreationException e) {
            throw new SigningException("cannot decrypt the private key (wrong --key_pwd?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SigningException("cannot read the private key: " + e.getMessage(), e);
        }
        try {
            if (o instanceof PEMKeyPair pair) {
                // A SEC1 EC key may omit its public point: convert the private part only.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (PEMException e) {
            throw new SigningException("cannot read the private key: " + e.getMessage(), e);
        }
        throw new SigningException("the PEM holds no private key (found " + describe(o) + ")");
    }

    /** The public key of a PEM text; a private-key PEM gives its public half (RSA and EC). */
    public static PublicKey readPublicKey(String pem) {
        Object o = readObject(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (o instanceof SubjectPublicKeyInfo info) {
                return converter.getPublicKey(info);
            }
            if (o instanceof org.bouncycastle.asn1.pkcs.RSAPublicKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (o instanceof PEMKeyPair pair && pair.getPublicKeyInfo() != null) {
                return converter.getPublicKey(pair.getPublicKeyInfo());
            }
            if (o instanceof PEMKeyPair pair && converter.getPrivateKey(pair.getPrivateKeyInfo())
                    instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (o instanceof PrivateKeyInfo info && converter.getPrivateKey(info) instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException("cannot read the public key: " + e.getMessage(), e);
        }
        throw new SigningException("the PEM holds no public key (found " + describe(o) + ")");
    }

    /** RSA key pair with e = 65537, for the project's own keys and tests. */
    public static KeyPair generateRsa(int bits, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EC key pair on NIST P-256 (secp256r1). */
    public static KeyPair generateP256(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "PRIVATE KEY" (unencrypted PKCS#8). */
    public static String writePkcs8(PrivateKey key) {
        return write(pemObject(() -> new JcaPKCS8Generator(key, null).generate()));
    }

    /** "RSA PRIVATE KEY" (PKCS#1) / "EC PRIVATE KEY" (SEC1 with the named curve), OpenSSL's traditional forms. */
    public static String writeTraditional(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            // The JDK's PKCS#8 encoding keeps the curve only in the outer AlgorithmIdentifier; SEC1 needs
            // it inside, as `openssl ecparam -genkey` writes it.
            return write(pemObject(() -> {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(),
                        ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
                return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded());
            }));
        }
        return write(key);
    }

    /** "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2 with AES-256-CBC). */
    public static String writeEncryptedPkcs8(PrivateKey key, char[] password) {
        return write(pemObject(() -> new JcaPKCS8Generator(key,
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                        .setPassword(password).build()).generate()));
    }

    /** OpenSSL legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED", AES-128-CBC). */
    public static String writeEncryptedTraditional(PrivateKey key, char[] password) {
        return write(pemObject(() -> new JcaMiscPEMGenerator(key,
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(password)).generate()));
    }

    /** "PUBLIC KEY" (SubjectPublicKeyInfo). */
    public static String writePublic(PublicKey key) {
        return write(key);
    }

    /** Signature length the signer emits for a key: RSA modulus bytes, 64 for ECC P-256. */
    public static int signatureLength(PrivateKey key, KeyType type) {
        return switch (type) {
            case RSA -> {
                if (!(key instanceof RSAPrivateCrtKey rsa)) {
                    throw new SigningException("--key_type RSA needs an RSA private key, got " + key.getAlgorithm());
                }
                yield (rsa.getModulus().bitLength() + 7) / 8;
            }
            case ECC -> {
                if (!(key instanceof ECPrivateKey ec)) {
                    throw new SigningException("--key_type ECC needs an EC private key, got " + key.getAlgorithm());
                }
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                if (bits != 256) {
                    throw new SigningException("--key_type ECC supports only P-256 (64-byte signature); the key's "
                            + "curve has a " + bits + "-bit field");
                }
                yield 64;
            }
        };
    }

    /** Modulus length in bytes of an RSA public key. */
    public static int modulusLength(RSAPublicKey key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    private interface PemSource {
        org.bouncycastle.util.io.pem.PemObject get() throws Exception;
    }

    private static org.bouncycastle.util.io.pem.PemObject pemObject(PemSource s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new SigningException("cannot encode the key as PEM: " + e.getMessage(), e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new SigningException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static Object readObject(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new SigningException("no PEM block found (expected -----BEGIN ...-----)");
            }
            return o;
        } catch (IOException e) {
            throw new SigningException("malformed PEM: " + e.getMessage(), e);
        }
    }

    private static void requirePassword(char[] password) {
        if (password == null) {
            throw new SigningException("the private key is encrypted: give its password (--key_pwd)");
        }
    }

    private static String describe(Object o) {
        return o.getClass().getSimpleName();
    }
}
