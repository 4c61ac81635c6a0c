package io.j8s.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiFunction;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterCaTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final List<String> DNS = List.of("localhost", "kubernetes");
    static final List<InetAddress> IPS = List.of(ip("127.0.0.1"), ip("10.96.0.1"));

    @TempDir
    Path dir;

    @Test
    void createsTheCaOnTheFirstStartAndLoadsItOnTheNext() throws IOException {
        var first = ClusterCa.loadOrCreate(dir, at(T0));
        var second = ClusterCa.loadOrCreate(dir, at(T0.plus(Duration.ofDays(30))));

        assertThat(second.certificate()).isEqualTo(first.certificate());
        var ca = first.certificate();
        assertThat(CertificateSubject.of(ca)).isEqualTo(new CertificateSubject("j8s-ca", List.of()));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(3650));
        assertThat(mode(dir.resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void refusesToReplaceAHalfMissingCa() throws IOException {
        ClusterCa.loadOrCreate(dir, at(T0));
        Files.delete(dir.resolve("ca.key"));

        assertThatThrownBy(() -> ClusterCa.loadOrCreate(dir, at(T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.key");
    }

    @Test
    void refusesAKeyThatIsNotTheCas() throws IOException {
        ClusterCa.loadOrCreate(dir, at(T0));
        var other = ClusterCa.loadOrCreate(dir.resolve("other"), at(T0));
        Files.copy(dir.resolve("other/ca.key"), dir.resolve("ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(other).isNotNull();
        assertThatThrownBy(() -> ClusterCa.loadOrCreate(dir, at(T0))).hasMessageContaining("is not the key of");
    }

    @Test
    void servingCertificateNamesEveryRequestedNameForServerAuth() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir, at(T0));
        var names = ServingNames.apiServer(ip("192.168.1.10"), ip("10.96.0.1"), List.of());

        var issued = ca.issueServing("kube-apiserver", names.dnsNames(), names.ips(), dir.resolve("s.crt"),
                dir.resolve("s.key"));

        var cert = issued.certificate();
        assertThat(issued.reused()).isFalse();
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList()).containsExactlyInAnyOrder(
                "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "192.168.1.10", "127.0.0.1", "0:0:0:0:0:0:0:1", "10.96.0.1");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(T0, cert.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(365));
        assertThat(Certificates.signedBy(cert, ca.certificate())).isTrue();
        assertThat(mode(dir.resolve("s.key"))).isEqualTo("rw-------");
        // SEC 1 with the curve named: what Go's crypto/tls and fabric8 both read.
        assertThat(Files.readString(dir.resolve("s.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(dir.resolve("s.key")).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void clientCertificateCarriesUserAndGroupsForClientAuth() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir, at(T0));

        var issued = ca.issueClient("system:admin", List.of("system:masters"), dir.resolve("a.crt"), dir.resolve("a.key"));

        assertThat(CertificateSubject.of(issued.certificate()))
                .isEqualTo(new CertificateSubject("system:admin", List.of("system:masters")));
        assertThat(issued.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(mode(dir.resolve("a.key"))).isEqualTo("rw-------");
    }

    /** What happens between two starts, and whether the second start may keep the serving certificate. */
    record Case(String name, BiFunction<Path, ClusterCa, ClusterCa> between, List<String> dns, List<InetAddress> ips,
            String cn, boolean wantReused) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> servingCases() {
        BiFunction<Path, ClusterCa, ClusterCa> restart = (dir, ca) -> ClusterCa.loadOrCreate(dir, at(T0));
        return List.of(
                new Case("same names", restart, DNS, IPS, "apiserver", true),
                new Case("fewer names", restart, List.of("localhost"), List.of(ip("127.0.0.1")), "apiserver", true),
                new Case("a new DNS name", restart, List.of("localhost", "kubernetes", "node-1"), IPS, "apiserver", false),
                new Case("a new advertise address", restart, DNS, List.of(ip("127.0.0.1"), ip("10.0.0.7")), "apiserver",
                        false),
                new Case("another common name", restart, DNS, IPS, "kubelet", false),
                new Case("200 days later", (dir, ca) -> ClusterCa.loadOrCreate(dir, at(T0.plus(Duration.ofDays(200)))),
                        DNS, IPS, "apiserver", true),
                new Case("280 days later, within 90 days of expiry",
                        (dir, ca) -> ClusterCa.loadOrCreate(dir, at(T0.plus(Duration.ofDays(280)))), DNS, IPS,
                        "apiserver", false),
                new Case("the key file replaced", (dir, ca) -> {
                    ca.issueServing("x", List.of(), List.of(), dir.resolve("x.crt"), dir.resolve("s.key"));
                    return ca;
                }, DNS, IPS, "apiserver", false),
                new Case("another CA", (dir, ca) -> ClusterCa.loadOrCreate(dir.resolve("other-ca"), at(T0)), DNS, IPS,
                        "apiserver", false));
    }

    @ParameterizedTest
    @MethodSource("servingCases")
    void servingCertificateIsReusedOnlyWhileItStillFits(Case c) {
        var ca = ClusterCa.loadOrCreate(dir, at(T0));
        var first = ca.issueServing("apiserver", DNS, IPS, dir.resolve("s.crt"), dir.resolve("s.key"));

        var later = c.between().apply(dir, ca);
        var second = later.issueServing(c.cn(), c.dns(), c.ips(), dir.resolve("s.crt"), dir.resolve("s.key"));

        assertThat(second.reused()).isEqualTo(c.wantReused());
        assertThat(second.certificate().getSerialNumber().equals(first.certificate().getSerialNumber()))
                .isEqualTo(c.wantReused());
        assertThat(Certificates.dnsNames(second.certificate())).containsAll(c.dns());
        assertThat(Certificates.ipAddresses(second.certificate())).containsAll(c.ips());
        assertThat(Certificates.signedBy(second.certificate(), later.certificate())).isTrue();
        assertThat(Pem.readCertificate(dir.resolve("s.crt"))).isEqualTo(second.certificate());
    }

    @Test
    void clientCertificateIsReissuedWhenItsGroupsChange() {
        var ca = ClusterCa.loadOrCreate(dir, at(T0));
        var first = ca.issueClient("alice", List.of("dev", "ops"), dir.resolve("a.crt"), dir.resolve("a.key"));

        var sameGroups = ca.issueClient("alice", List.of("ops", "dev"), dir.resolve("a.crt"), dir.resolve("a.key"));
        var fewerGroups = ca.issueClient("alice", List.of("dev"), dir.resolve("a.crt"), dir.resolve("a.key"));

        assertThat(sameGroups.reused()).isTrue();
        assertThat(sameGroups.certificate()).isEqualTo(first.certificate());
        assertThat(fewerGroups.reused()).isFalse();
        assertThat(CertificateSubject.of(fewerGroups.certificate()).organizations()).containsExactly("dev");
    }

    @Test
    void signsAClientCertificateForARequestersKey() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir, at(T0));
        var key = Certificates.newKeyPair();

        var request = CertificateRequest.parsePem(csrPem(key, "system:node:n1", "system:nodes"));
        X509Certificate cert = ca.signClient(request);

        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(CertificateSubject.of(cert)).isEqualTo(new CertificateSubject("system:node:n1", List.of("system:nodes")));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Certificates.signedBy(cert, ca.certificate())).isTrue();
    }

    @Test
    void refusesACertificateRequestSignedWithAnotherKey() throws Exception {
        var pem = csrPem(Certificates.newKeyPair(), "system:node:n1", "system:nodes");
        var der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 5] ^= 0x01; // inside the signature
        var forged = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> CertificateRequest.parsePem(forged)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateRequest.parsePem("hello")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A PEM PKCS#10 request, as an agent makes one. */
    public static String csrPem(java.security.KeyPair key, String cn, String... organizations) throws Exception {
        var subject = new CertificateSubject(cn, List.of(organizations)).toX500Name();
        var csr = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        }
        return out.toString();
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static InetAddress ip(String literal) {
        return Certificates.literal(literal);
    }

    static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
