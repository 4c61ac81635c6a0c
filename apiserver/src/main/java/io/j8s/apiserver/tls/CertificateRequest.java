package io.j8s.apiserver.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A PKCS#10 certificate signing request whose signature checked out: the requester holds the
 * private key of {@code publicKey} (the key itself never leaves the requester, as with upstream's
 * kubelet TLS bootstrap).
 */
public record CertificateRequest(CertificateSubject subject, PublicKey publicKey) {

    public CertificateRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** Parses a PEM {@code CERTIFICATE REQUEST}; an unreadable or forged one is an {@link IllegalArgumentException}. */
    public static CertificateRequest parsePem(String pem) {
        Object object;
        try (var parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
        }
        if (!(object instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("not a PEM certificate request");
        }
        try {
            var request = new JcaPKCS10CertificationRequest(csr);
            var key = request.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("the certificate request's signature does not match its key");
            }
            return new CertificateRequest(CertificateSubject.of(csr.getSubject()), key);
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("unusable certificate request: " + e.getMessage(), e);
        }
    }
}
