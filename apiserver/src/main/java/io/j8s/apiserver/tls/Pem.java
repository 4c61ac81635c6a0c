package io.j8s.apiserver.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM files the way kubectl (Go's crypto/tls), fabric8 and Jetty all read them.
 *
 * <p>EC keys are written as SEC 1 {@code EC PRIVATE KEY} with the curve named inside: Go's
 * {@code x509.ParseECPrivateKey} needs the curve OID, and fabric8 picks its key parser from that
 * header — a PKCS#8 {@code PRIVATE KEY} would be tried as RSA by fabric8 and fail.
 */
final class Pem {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private Pem() {}

    static String encode(X509Certificate certificate) {
        try {
            return encode(new PemObject("CERTIFICATE", certificate.getEncoded()));
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    static String encode(KeyPair keyPair) {
        if (!(keyPair.getPrivate() instanceof ECPrivateKey ec)) {
            // Anything else (RSA) has one reading everyone agrees on: PKCS#8.
            return encode(new PemObject("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
        }
        try {
            var publicKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(), ec.getS(), publicKey, SECObjectIdentifiers.secp256r1);
            return encode(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(PemObject object) {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static List<X509Certificate> readCertificates(Path file) {
        try (var in = Files.newInputStream(file)) {
            var certificates = new ArrayList<X509Certificate>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException(file + " holds no certificate");
            }
            return List.copyOf(certificates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + " is not a PEM certificate", e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        return readCertificates(file).getFirst();
    }

    /** Reads SEC 1 ({@code EC PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or PKCS#8. */
    static PrivateKey readPrivateKey(Path file) {
        try {
            return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrivateKey readPrivateKey(String pem, String source) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            var converter = new JcaPEMKeyConverter();
            return switch (parser.readObject()) {
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null -> throw new IllegalStateException(source + " holds no PEM private key");
                case Object other -> throw new IllegalStateException(
                        source + " holds a " + other.getClass().getSimpleName() + ", not an unencrypted private key");
            };
        } catch (IOException e) {
            throw new IllegalStateException(source + " is not a PEM private key", e);
        }
    }

    /** Whether the private key is the one the public key belongs to: sign and verify a nonce. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            var algorithm = signatureAlgorithm(privateKey);
            var nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(nonce);
            var signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    /** Writes a private key (or anything else secret): mode 0600 from the first byte on disk. */
    static void writeSecret(Path file, String content) {
        write(file, content, OWNER_ONLY);
    }

    static void writePublic(Path file, String content) {
        write(file, content, WORLD_READABLE);
    }

    /**
     * Writes through a temporary file in the same directory and renames it over the target, so a
     * crash leaves the old file or the new one, never half of one; the temporary file is created
     * with its final mode, so a secret is never readable by others, not even for a moment.
     */
    private static void write(Path file, String content, Set<PosixFilePermission> mode) {
        try {
            var dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            var tmp = createTemp(dir, file.getFileName().toString(), mode);
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path createTemp(Path dir, String name, Set<PosixFilePermission> mode) throws IOException {
        FileAttribute<?>[] attributes = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(dir, "." + name + ".", ".tmp", attributes);
    }
}
