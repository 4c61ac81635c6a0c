package io.j8s.kubelet.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's TLS bootstrap with the node token, k3s-style (see the API server's
 * {@code NodeBootstrapHandler}): fetch {@code /cacerts} and trust it only if its key hash is the
 * token's; then trade the token and a certificate request for the node's own key for a client
 * certificate ({@code system:node:<name>}, O {@code system:nodes}) and a serving certificate for
 * the kubelet's port (its IPs and names). Keys never leave the node. Everything is kept under
 * {@code dir} and reused while it is valid for more than 30 days.
 */
public record NodeCredentials(Path caFile, Path clientCert, Path clientKey, Path servingCert, Path servingKey) {

    private static final Logger log = LoggerFactory.getLogger(NodeCredentials.class);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    public static NodeCredentials in(Path dir) {
        return new NodeCredentials(dir.resolve("ca.crt"), dir.resolve("client-kubelet.crt"), dir.resolve("client-kubelet.key"),
                dir.resolve("serving-kubelet.crt"), dir.resolve("serving-kubelet.key"));
    }

    /** The node token's CA hash ({@code J10<hash>::node:<secret>}), or null for a bare secret. */
    static String caHash(String token) {
        if (token.startsWith("J10") && token.contains("::node:")) return token.substring(3, token.indexOf("::node:"));
        return null;
    }

    /**
     * Obtains (or reuses) the CA, the client and the serving certificate.
     *
     * @param server   the API server's URL
     * @param token    the node token
     * @param ips      the node's IPs, for the serving certificate
     * @param dnsNames its names (the node name), for the serving certificate
     */
    public static NodeCredentials bootstrap(Path dir, URI server, String token, String nodeName, List<String> ips, List<String> dnsNames,
            Clock clock) throws IOException, InterruptedException {
        // A server that is not up yet, or too busy to answer, is waited for, as upstream's kubelet
        // and k3s' agent do; a CA the token does not name is refused at once.
        Duration wait = Duration.ofMillis(500);
        while (true) {
            try {
                return tryBootstrap(dir, server, token, nodeName, ips, dnsNames, clock);
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                log.info("Cannot reach {} to join: {}; retrying in {}", server, e.toString(), wait);
            } catch (IOException e) {
                if (!(e.getMessage() != null && e.getMessage().startsWith("HTTP 5"))) throw e;
                log.info("{} answered {}; retrying in {}", server, e.getMessage(), wait);
            }
            Thread.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
        }
    }

    private static NodeCredentials tryBootstrap(Path dir, URI server, String token, String nodeName, List<String> ips,
            List<String> dnsNames, Clock clock) throws IOException, InterruptedException {
        NodeCredentials c = in(dir);
        Files.createDirectories(dir);
        String hash = caHash(token.strip());
        String ca = fetchCa(server, hash, c.caFile());
        X509Certificate caCert = Pems.certificates(ca).getFirst();
        HttpClient http = HttpClient.newBuilder().sslContext(Pems.context(c.caFile(), null, null)).connectTimeout(Duration.ofSeconds(10))
                .build();
        String cn = "system:node:" + nodeName;
        if (!valid(c.clientCert(), c.clientKey(), caCert, cn, List.of(), clock)) {
            request(http, server.resolve("/v1-j8s/client-kubelet.crt"), token.strip(), cn, List.of(), List.of(), c.clientCert(), c.clientKey());
            log.info("Obtained the client certificate of {}", cn);
        }
        List<String> sans = new ArrayList<>(dnsNames);
        sans.addAll(ips);
        if (!valid(c.servingCert(), c.servingKey(), caCert, cn, sans, clock)) {
            request(http, server.resolve("/v1-j8s/serving-kubelet.crt"), token.strip(), cn, ips, dnsNames, c.servingCert(), c.servingKey());
            log.info("Obtained the serving certificate of {} for {}", nodeName, sans);
        }
        return c;
    }

    /** GET /cacerts without verifying; accepted only when its key hash is the token's (or, for a bare secret, when already kept). */
    private static String fetchCa(URI server, String hash, Path caFile) throws IOException, InterruptedException {
        if (hash == null) {
            if (Files.exists(caFile)) return Files.readString(caFile);
            throw new IOException("the token is a bare secret: put the cluster CA in " + caFile + ", or use the full node token (J10…)");
        }
        HttpClient insecure = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = insecure.send(HttpRequest.newBuilder(server.resolve("/cacerts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " for GET /cacerts");
        String pem = r.body();
        X509Certificate ca = Pems.certificates(pem).getFirst();
        String got = sha256(ca.getPublicKey().getEncoded());
        if (!got.equals(hash)) {
            throw new IOException("the server's CA (key hash " + got + ") is not the one the node token names (" + hash + ")");
        }
        Pems.writePublic(caFile, pem);
        return pem;
    }

    private static void request(HttpClient http, URI uri, String token, String cn, List<String> ips, List<String> dnsNames,
            Path certFile, Path keyFile) throws IOException, InterruptedException {
        KeyPair key = Pems.newKeyPair();
        String csr = csr(key, cn, ips, dnsNames);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-pem-file")
                .POST(HttpRequest.BodyPublishers.ofString(csr, StandardCharsets.US_ASCII)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " for POST " + uri.getPath() + ": " + r.body());
        Pems.writeSecret(keyFile, Pems.encodeKey(key));
        Pems.writePublic(certFile, r.body());
    }

    static String csr(KeyPair key, String cn, List<String> ips, List<String> dnsNames) throws IOException {
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "system:nodes").addRDN(BCStyle.CN, cn).build();
        var builder = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String d : dnsNames) names.add(new GeneralName(GeneralName.dNSName, d));
        for (String ip : ips) names.add(new GeneralName(GeneralName.iPAddress, ip));
        if (!names.isEmpty()) {
            var ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        try {
            return Pems.encode(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A kept certificate is reused if its key matches, the CA signed it, it names {@code cn} and every SAN, and it is not near its end. */
    static boolean valid(Path certFile, Path keyFile, X509Certificate ca, String cn, List<String> sans, Clock clock) {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) return false;
        try {
            X509Certificate cert = Pems.certificates(Files.readString(certFile)).getFirst();
            cert.verify(ca.getPublicKey());
            if (!cert.getSubjectX500Principal().getName().contains("CN=" + cn)) return false;
            if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) return false;
            var key = Pems.privateKey(Files.readString(keyFile));
            var probe = java.security.Signature.getInstance("SHA256withECDSA");
            probe.initSign(key);
            probe.update(new byte[] {1});
            byte[] sig = probe.sign();
            probe.initVerify(cert.getPublicKey());
            probe.update(new byte[] {1});
            if (!probe.verify(sig)) return false;
            List<String> have = new ArrayList<>();
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> n : cert.getSubjectAlternativeNames()) have.add(normalize(n.get(1).toString()));
            }
            for (String s : sans) if (!have.contains(normalize(s))) return false;
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String normalize(String name) {
        try {
            if (name.matches("[0-9a-fA-F:.]+") && (name.contains(":") || name.chars().filter(ch -> ch == '.').count() == 3)) {
                return InetAddress.getByName(name).getHostAddress();
            }
        } catch (IOException e) {
            // not an address
        }
        return name;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the one unverified fetch of /cacerts, checked against the token right after. */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fabric8 client config that is {@code system:node:<name>} at {@code server}, with these files. */
    public io.fabric8.kubernetes.client.Config clientConfig(URI server) {
        return new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(server.toString())
                .withCaCertData(base64(caFile)).withClientCertData(base64(clientCert)).withClientKeyData(base64(clientKey))
                .withClientKeyAlgo("EC").build();
    }

    private static String base64(Path file) {
        return Base64.getEncoder().encodeToString(Pems.read(file).getBytes(StandardCharsets.US_ASCII));
    }
}
