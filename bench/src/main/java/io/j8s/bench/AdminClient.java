package io.j8s.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The admin's access to a server, made from nothing but its kubeconfig: the server URL, the CA
 * to trust and the client certificate to present, all embedded as base64 PEM. Each
 * {@link #connection()} is a JDK {@link HttpClient} of its own, so one HTTP/2 connection.
 */
final class AdminClient {

    static final String JSON = "application/json";

    private final URI server;
    private final SSLContext tls;

    private AdminClient(URI server, SSLContext tls) {
        this.server = server;
        this.tls = tls;
    }

    /** Reads {@code kubeconfig} as kubectl would: the current context's cluster and user. */
    static AdminClient fromKubeconfig(Path kubeconfig) throws IOException {
        JsonNode config = Json.YAML.readTree(Files.readString(kubeconfig));
        String context = config.path("current-context").asText();
        JsonNode ctx = named(config, "contexts", context).path("context");
        JsonNode cluster = named(config, "clusters", ctx.path("cluster").asText()).path("cluster");
        JsonNode user = named(config, "users", ctx.path("user").asText()).path("user");
        return new AdminClient(URI.create(cluster.path("server").asText()), sslContext(
                data(cluster, "certificate-authority-data"), data(user, "client-certificate-data"), data(user, "client-key-data")));
    }

    private static JsonNode named(JsonNode config, String list, String name) {
        for (JsonNode entry : config.path(list)) {
            if (entry.path("name").asText().equals(name)) return entry;
        }
        throw new IllegalStateException("kubeconfig has no " + list + " entry named " + name);
    }

    private static byte[] data(JsonNode node, String field) {
        if (!node.hasNonNull(field)) throw new IllegalStateException("kubeconfig has no " + field);
        return Base64.getDecoder().decode(node.get(field).asText());
    }

    /** Trusts the cluster CA only, and presents the admin's certificate with its SEC1 EC key. */
    static SSLContext sslContext(byte[] caPem, byte[] certPem, byte[] keyPem) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate ca : x509.generateCertificates(new ByteArrayInputStream(caPem))) {
                trusted.setCertificateEntry("ca-" + i++, ca);
            }
            Certificate[] chain = x509.generateCertificates(new ByteArrayInputStream(certPem)).toArray(Certificate[]::new);
            char[] password = "in-memory-only".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", privateKey(keyPem), password, chain);

            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build TLS from the kubeconfig", e);
        }
    }

    /** {@code EC PRIVATE KEY} (SEC1) as the server writes it; PKCS#8 would do as well. */
    private static PrivateKey privateKey(byte[] pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (o) {
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case org.bouncycastle.asn1.pkcs.PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null -> throw new IllegalStateException("no key in client-key-data");
                default -> throw new IllegalStateException("unexpected key type " + o.getClass().getSimpleName());
            };
        }
    }

    /** A new client, so a new HTTP/2 connection (the JDK keeps one per client and origin). */
    HttpClient connection() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Opens the connection before the load starts: requests sent on a client with no connection
     * yet would each open one of their own while ALPN is being negotiated.
     */
    HttpClient openConnection() throws IOException, InterruptedException {
        HttpClient client = connection();
        HttpResponse<String> r = client.send(get("/version"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET /version: " + r.statusCode() + " " + r.body());
        if (r.version() != HttpClient.Version.HTTP_2) throw new IllegalStateException("server did not negotiate HTTP/2: " + r.version());
        return client;
    }

    URI uri(String pathAndQuery) {
        return server.resolve(pathAndQuery);
    }

    HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).header("Accept", JSON).timeout(Duration.ofSeconds(30)).GET().build();
    }

    HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", JSON).header("Accept", JSON)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** GET, expecting 200 and JSON. */
    JsonNode getJson(HttpClient client, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(get(path), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    void createNamespace(HttpClient client, String name) throws IOException, InterruptedException {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
        HttpResponse<String> r = client.send(post("/api/v1/namespaces", body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("create namespace " + name + ": " + r.statusCode() + " " + r.body());
    }

    /** The body of a small ConfigMap: {@value #PAYLOAD_BYTES} bytes of data, and the given annotations. */
    static String configMap(String name, Map<String, String> annotations) {
        String notes = annotations.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return String.format(Locale.ROOT,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\",\"annotations\":%s},\"data\":{\"payload\":\"%s\"}}",
                name, notes, PAYLOAD);
    }

    static final int PAYLOAD_BYTES = 200;
    private static final String PAYLOAD = "x".repeat(PAYLOAD_BYTES);

    static String configMaps(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }
}
