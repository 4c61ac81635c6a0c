package io.j8s.apiserver.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the cluster's certificates with BouncyCastle's builders and the JDK's own crypto
 * providers (no provider is registered: keys, signatures and parsing stay the JDK's).
 */
final class Certificates {

    /** What a leaf certificate is for: its extended key usage. */
    enum Usage {
        SERVER(KeyPurposeId.id_kp_serverAuth),
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        final KeyPurposeId purpose;

        Usage(KeyPurposeId purpose) {
            this.purpose = purpose;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /**
     * ECDSA P-256: what k3s uses, accepted by Go's crypto/tls (kubectl, client-go), by the JDK's
     * TLS (fabric8, Jetty) and by OpenSSL; a key is made in a millisecond where RSA takes tens.
     */
    static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no EC P-256", e);
        }
    }

    static X509Certificate selfSignedCa(KeyPair key, String commonName, Instant notBefore, Instant notAfter) {
        var subject = new CertificateSubject(commonName, List.of()).toX500Name();
        try {
            var extensions = new JcaX509ExtensionUtils();
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter),
                            subject, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(key.getPublic()));
            return sign(builder, key.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the cluster CA", e);
        }
    }

    static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, Usage usage,
            CertificateSubject subject, List<String> dnsNames, List<InetAddress> ips,
            Instant notBefore, Instant notAfter) {
        try {
            var extensions = new JcaX509ExtensionUtils();
            var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                            serial(), Date.from(notBefore), Date.from(notAfter), subject.toX500Name(), subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(subjectKey)))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca));
            var names = new ArrayList<GeneralName>();
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return sign(builder, caKey);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a certificate for " + subject, e);
        }
    }

    /** An EC key only signs (the handshake's ECDHE does the key exchange); an RSA key may also encipher. */
    private static int keyUsage(PublicKey key) {
        return "RSA".equals(key.getAlgorithm())
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder(Pem.signatureAlgorithm(issuerKey)).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** 127 random bits, positive and at most 16 octets, as RFC 5280 asks. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    static List<String> dnsNames(X509Certificate certificate) {
        return subjectAltNames(certificate, 2).toList();
    }

    static List<InetAddress> ipAddresses(X509Certificate certificate) {
        return subjectAltNames(certificate, 7).map(Certificates::literal).toList();
    }

    private static Stream<String> subjectAltNames(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Stream.empty();
            }
            return names.stream().filter(n -> (Integer) n.get(0) == type).map(n -> (String) n.get(1));
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("unreadable subject alternative names", e);
        }
    }

    /** An IP literal as the JDK prints it in a SAN; never a DNS lookup. */
    static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    static boolean hasUsage(X509Certificate certificate, Usage usage) {
        try {
            var usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(usage.purpose.getId());
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
