package io.j8s.apiserver.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
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
public record CertificateRequest(CertificateSubject subject, PublicKey publicKey, List<String> dnsNames, List<InetAddress> ips) {

    public CertificateRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        dnsNames = List.copyOf(dnsNames);
        ips = List.copyOf(ips);
    }

    /** A request without subject alternative names (a client certificate's). */
    public CertificateRequest(CertificateSubject subject, PublicKey publicKey) {
        this(subject, publicKey, List.of(), List.of());
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
            List<String> dns = new ArrayList<>();
            List<InetAddress> ips = new ArrayList<>();
            for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                for (var value : a.getAttrValues()) {
                    GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
                    if (names == null) continue;
                    for (GeneralName n : names.getNames()) {
                        if (n.getTagNo() == GeneralName.dNSName) dns.add(n.getName().toString());
                        if (n.getTagNo() == GeneralName.iPAddress) {
                            ips.add(InetAddress.getByAddress(ASN1OctetString.getInstance(n.getName()).getOctets()));
                        }
                    }
                }
            }
            return new CertificateRequest(CertificateSubject.of(csr.getSubject()), key, dns, ips);
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException | java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unusable certificate request: " + e.getMessage(), e);
        }
    }
}
