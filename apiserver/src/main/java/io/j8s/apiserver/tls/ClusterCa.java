package io.j8s.apiserver.tls;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's certificate authority: one key pair that signs every serving and client
 * certificate, so trusting {@code ca.crt} is all a client or a server needs.
 *
 * <p>Made once, on the first start, as {@code <dir>/ca.crt} and {@code <dir>/ca.key} (mode
 * 0600), and loaded on every start after. A CA is never replaced silently: a missing half or a
 * key that does not match is an error, because a new CA would orphan every certificate and
 * kubeconfig already handed out.
 */
public final class ClusterCa {

    public static final String COMMON_NAME = "j8s-ca";
    public static final String CERT_FILE = "ca.crt";
    public static final String KEY_FILE = "ca.key";

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** k3s renews what expires within 90 days on start; so do we, so a restart a year in is never too late. */
    static final Duration RENEW_BEFORE = Duration.ofDays(90);
    /** Backdated so a machine whose clock runs behind still accepts a certificate issued just now. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCa.class);

    private final Path certFile;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    private ClusterCa(Path certFile, X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certFile = certFile;
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    public static ClusterCa loadOrCreate(Path dir) {
        return loadOrCreate(dir, Clock.systemUTC());
    }

    static ClusterCa loadOrCreate(Path dir, Clock clock) {
        var certFile = dir.resolve(CERT_FILE);
        var keyFile = dir.resolve(KEY_FILE);
        boolean haveCert = Files.exists(certFile);
        boolean haveKey = Files.exists(keyFile);
        if (haveCert != haveKey) {
            throw new IllegalStateException("found " + (haveCert ? certFile : keyFile) + " without "
                    + (haveCert ? keyFile : certFile) + "; restore it, or remove both to make a new cluster CA");
        }
        if (haveCert) {
            return load(certFile, keyFile, clock);
        }
        var keyPair = Certificates.newKeyPair();
        var now = clock.instant();
        var certificate = Certificates.selfSignedCa(keyPair, COMMON_NAME, now.minus(CLOCK_SKEW), now.plus(CA_VALIDITY));
        // The key first: a crash between the two writes leaves a key without a certificate,
        // which the next start reports instead of trusting a certificate whose key is gone.
        Pem.writeSecret(keyFile, Pem.encode(keyPair));
        Pem.writePublic(certFile, Pem.encode(certificate));
        LOG.info("Created cluster CA {} valid until {}", certFile, certificate.getNotAfter().toInstant());
        return new ClusterCa(certFile, certificate, keyPair.getPrivate(), clock);
    }

    private static ClusterCa load(Path certFile, Path keyFile, Clock clock) {
        var certificate = Pem.readCertificate(certFile);
        var key = Pem.readPrivateKey(keyFile);
        if (!Pem.matches(key, certificate.getPublicKey())) {
            throw new IllegalStateException(keyFile + " is not the key of " + certFile);
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalStateException(certFile + " is not a CA certificate");
        }
        if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
            throw new IllegalStateException("the cluster CA " + certFile + " expired on "
                    + certificate.getNotAfter().toInstant() + "; every certificate it signed is void");
        }
        return new ClusterCa(certFile, certificate, key, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The PEM file clients are given to trust (kubeconfig's certificate-authority-data). */
    public Path certificateFile() {
        return certFile;
    }

    /**
     * A serving certificate (server auth) for these names, reused while it is signed by this CA,
     * names the same common name, covers every requested name and has more than
     * {@link #RENEW_BEFORE} left; issued anew otherwise.
     */
    public IssuedCertificate issueServing(String cn, List<String> dnsNames, List<InetAddress> ips,
            Path certFile, Path keyFile) {
        var subject = new CertificateSubject(cn, List.of());
        var names = List.copyOf(dnsNames);
        var addresses = List.copyOf(ips);
        return issue(Certificates.Usage.SERVER, subject, names, addresses, certFile, keyFile);
    }

    /**
     * A client certificate (client auth): CN is the user, each organization a group — the admin
     * is CN {@code system:admin}, O {@code system:masters}. Reused on the same terms as
     * {@link #issueServing}, with the same organizations.
     */
    public IssuedCertificate issueClient(String cn, List<String> organizations, Path certFile, Path keyFile) {
        var subject = new CertificateSubject(cn, organizations);
        return issue(Certificates.Usage.CLIENT, subject, List.of(), List.of(), certFile, keyFile);
    }

    /**
     * Signs a client certificate for a key someone else holds, with the subject of their request;
     * whether they may have that subject is the caller's decision.
     */
    public X509Certificate signClient(CertificateRequest request) {
        var now = clock.instant();
        return Certificates.leaf(certificate, key, request.publicKey(), Certificates.Usage.CLIENT, request.subject(),
                List.of(), List.of(), now.minus(CLOCK_SKEW), notAfter(now));
    }

    /**
     * Signs a serving certificate for a key someone else holds (a kubelet's), with the subject and
     * the DNS and IP names of their request; whether they may have them is the caller's decision.
     */
    public X509Certificate signServing(CertificateRequest request) {
        var now = clock.instant();
        return Certificates.leaf(certificate, key, request.publicKey(), Certificates.Usage.SERVER, request.subject(),
                request.dnsNames(), request.ips(), now.minus(CLOCK_SKEW), notAfter(now));
    }

    /** PEM of a certificate this CA signed, for handing out over the wire. */
    public static String pem(X509Certificate certificate) {
        return Pem.encode(certificate);
    }

    private IssuedCertificate issue(Certificates.Usage usage, CertificateSubject subject, List<String> dnsNames,
            List<InetAddress> ips, Path certFile, Path keyFile) {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        var existing = reusable(usage, subject, dnsNames, ips, certFile, keyFile);
        if (existing != null) {
            return new IssuedCertificate(certFile, keyFile, existing, true);
        }
        KeyPair keyPair = Certificates.newKeyPair();
        var now = clock.instant();
        var issued = Certificates.leaf(certificate, key, keyPair.getPublic(), usage, subject, dnsNames, ips,
                now.minus(CLOCK_SKEW), notAfter(now));
        Pem.writeSecret(keyFile, Pem.encode(keyPair));
        Pem.writePublic(certFile, Pem.encode(issued));
        if (usage == Certificates.Usage.SERVER) {
            LOG.info("Issued serving certificate {} for {} DNS={} IP={} valid until {}", certFile, subject, dnsNames,
                    ips.stream().map(InetAddress::getHostAddress).toList(), issued.getNotAfter().toInstant());
        } else {
            LOG.info("Issued client certificate {} for {} valid until {}", certFile, subject,
                    issued.getNotAfter().toInstant());
        }
        return new IssuedCertificate(certFile, keyFile, issued, false);
    }

    /** A leaf never outlives the CA that signed it. */
    private Instant notAfter(Instant now) {
        var wanted = now.plus(LEAF_VALIDITY);
        var caEnd = certificate.getNotAfter().toInstant();
        return wanted.isAfter(caEnd) ? caEnd : wanted;
    }

    /** The certificate on disk if it can serve as asked, else null (and why, in the log). */
    private X509Certificate reusable(Certificates.Usage usage, CertificateSubject subject, List<String> dnsNames,
            List<InetAddress> ips, Path certFile, Path keyFile) {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return null;
        }
        X509Certificate existing;
        PrivateKey existingKey;
        try {
            existing = Pem.readCertificate(certFile);
            existingKey = Pem.readPrivateKey(keyFile);
        } catch (RuntimeException e) {
            LOG.warn("Replacing unreadable {} / {}: {}", certFile, keyFile, e.getMessage());
            return null;
        }
        var why = mismatch(existing, existingKey, usage, subject, dnsNames, ips);
        if (why != null) {
            LOG.info("Reissuing {}: {}", certFile, why);
            return null;
        }
        return existing;
    }

    private String mismatch(X509Certificate existing, PrivateKey existingKey, Certificates.Usage usage,
            CertificateSubject subject, List<String> dnsNames, List<InetAddress> ips) {
        if (!Certificates.signedBy(existing, certificate)) {
            return "not signed by the cluster CA";
        }
        if (!Pem.matches(existingKey, existing.getPublicKey())) {
            return "the key file does not hold its key";
        }
        if (!Certificates.hasUsage(existing, usage)) {
            return "not a " + usage.name().toLowerCase() + " certificate";
        }
        var has = CertificateSubject.of(existing);
        if (!has.commonName().equals(subject.commonName())
                || !new HashSet<>(has.organizations()).equals(new HashSet<>(subject.organizations()))) {
            return "subject " + has + " is not " + subject;
        }
        var missingDns = new HashSet<>(dnsNames);
        Certificates.dnsNames(existing).forEach(missingDns::remove);
        var missingIps = new HashSet<>(ips);
        Certificates.ipAddresses(existing).forEach(missingIps::remove);
        if (!missingDns.isEmpty() || !missingIps.isEmpty()) {
            var missing = new ArrayList<String>(missingDns);
            missingIps.forEach(ip -> missing.add(ip.getHostAddress()));
            return "does not cover " + String.join(", ", missing);
        }
        var now = clock.instant();
        if (existing.getNotBefore().toInstant().isAfter(now)) {
            return "not valid before " + existing.getNotBefore().toInstant();
        }
        if (existing.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return "expires " + existing.getNotAfter().toInstant();
        }
        return null;
    }
}
