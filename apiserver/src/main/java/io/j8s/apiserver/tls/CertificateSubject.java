package io.j8s.apiserver.tls;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The two parts of an X.509 subject Kubernetes gives meaning to: the common name is the user,
 * each organization a group (upstream's x509 authenticator, and the CSR signers, read exactly
 * these).
 */
public record CertificateSubject(String commonName, List<String> organizations) {

    public CertificateSubject {
        Objects.requireNonNull(commonName, "commonName");
        organizations = List.copyOf(organizations);
    }

    public static CertificateSubject of(X509Certificate certificate) {
        return of(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    static CertificateSubject of(X500Name name) {
        // Read the attributes themselves, not a DN string: a CN may hold commas and quotes.
        var commonNames = values(name.getRDNs(BCStyle.CN));
        return new CertificateSubject(commonNames.isEmpty() ? "" : commonNames.getFirst(),
                values(name.getRDNs(BCStyle.O)));
    }

    private static List<String> values(RDN[] rdns) {
        return Arrays.stream(rdns)
                .flatMap(rdn -> Arrays.stream(rdn.getTypesAndValues()))
                .map(tv -> tv.getValue() instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(tv.getValue()))
                .toList();
    }

    @Override
    public String toString() {
        return "CN=" + commonName + (organizations.isEmpty() ? "" : " O=" + String.join(",", organizations));
    }

    X500Name toX500Name() {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
        return builder.addRDN(BCStyle.CN, commonName).build();
    }
}
