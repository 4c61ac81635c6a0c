package io.j8s.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import io.j8s.apiserver.tls.CertificateSubject;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Kubeconfig;
import io.j8s.apiserver.tls.ServingNames;
import io.j8s.apiserver.tls.Tls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server's front door on a real Jetty: TLS with HTTP/2 and HTTP/1.1, the auth filters,
 * a handler that echoes who the request was from, and real clients — kubectl, the JDK's.
 */
class SecureServerTest {

    static final String ALICE_TOKEN = "alice-token-0123456789";

    @TempDir
    static Path dir;

    static ClusterCa ca;
    static IssuedCertificate admin;
    static NodeToken nodeToken;
    static Server server;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        ca = ClusterCa.loadOrCreate(dir.resolve("tls"));
        var names = ServingNames.apiServer(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.96.0.1"),
                List.of());
        var serving = ca.issueServing("kube-apiserver", names.dnsNames(), names.ips(), dir.resolve("tls/serving.crt"),
                dir.resolve("tls/serving.key"));
        admin = ca.issueClient("system:admin", List.of(UserInfo.MASTERS), dir.resolve("tls/admin.crt"),
                dir.resolve("tls/admin.key"));
        nodeToken = NodeToken.loadOrCreate(dir.resolve("node-token"), ca.certificate());
        Files.writeString(dir.resolve("tokens.csv"), ALICE_TOKEN + ",alice,1001,\"dev,ops\"\n");
        var tokens = new HashMap<>(TokenAuthenticator.readTokenFile(dir.resolve("tokens.csv")));
        tokens.putAll(nodeToken.bearerTokens());

        server = new Server(new QueuedThreadPool(16, 2));
        var connector = Tls.httpsConnector(server,
                Tls.serverContext(serving.certFile(), serving.keyFile(), ca.certificateFile()), "127.0.0.1", 0);
        server.addConnector(connector);
        var authenticator = UnionAuthenticator.of(new X509Authenticator(ca.certificate()), new TokenAuthenticator(tokens));
        server.setHandler(new AuthenticationFilter(authenticator,
                new AuthorizationFilter(new AlwaysAllowAuthenticated(), RequestAttributes::nonResource,
                        new Handler.Sequence(new NodeBootstrapHandler(ca), new WhoAmI()))));
        server.start();
        base = URI.create("https://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** Answers every request with who sent it and over which protocol. */
    static final class WhoAmI extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            var user = UserInfo.of(request).orElseThrow();
            var body = Json.MAPPER.createObjectNode();
            body.put("name", user.name());
            user.groups().forEach(body.putArray("groups")::add);
            body.put("uid", user.uid());
            body.put("protocol", request.getConnectionMetaData().getProtocol());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, Json.write(body), callback);
            return true;
        }
    }

    @Test
    void kubectlWithTheAdminKubeconfigIsTheAdminOverHttp2() throws Exception {
        var kubeconfig = dir.resolve("admin.kubeconfig");
        Kubeconfig.write(kubeconfig, "j8s", base.toString(), ca.certificateFile(), admin.certFile(), admin.keyFile());

        var result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var who = Json.MAPPER.readTree(result.stdout());
        assertThat(who.path("name").asText()).isEqualTo("system:admin");
        assertThat(texts(who.path("groups"))).containsExactly("system:masters", "system:authenticated");
        assertThat(who.path("protocol").asText()).isEqualTo("HTTP/2.0");
    }

    @Test
    void kubectlWithATokenKubeconfigIsTheTokensUser() throws Exception {
        var kubeconfig = dir.resolve("alice.kubeconfig");
        Kubeconfig.forToken(kubeconfig, "j8s", base.toString(), ca.certificateFile(), ALICE_TOKEN);

        var result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Json.MAPPER.readTree(result.stdout()).path("name").asText()).isEqualTo("alice");
    }

    @Test
    void kubectlRefusesAServerItsCaDidNotSign() throws Exception {
        var otherCa = ClusterCa.loadOrCreate(dir.resolve("other-ca"));
        var kubeconfig = dir.resolve("wrong-ca.kubeconfig");
        Kubeconfig.write(kubeconfig, "j8s", base.toString(), otherCa.certificateFile(), admin.certFile(),
                admin.keyFile());

        var result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("certificate signed by unknown authority");
    }

    record Case(String name, boolean adminCertificate, String token, HttpClient.Version version, String wantName,
            List<String> wantGroups, String wantUid) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> credentials() {
        var bootstrap = List.of("system:bootstrappers", "system:authenticated");
        return List.of(
                new Case("admin certificate over HTTP/2", true, null, HttpClient.Version.HTTP_2, "system:admin",
                        List.of("system:masters", "system:authenticated"), ""),
                new Case("admin certificate over HTTP/1.1", true, null, HttpClient.Version.HTTP_1_1, "system:admin",
                        List.of("system:masters", "system:authenticated"), ""),
                new Case("static token", false, ALICE_TOKEN, HttpClient.Version.HTTP_2, "alice",
                        List.of("dev", "ops", "system:authenticated"), "1001"),
                new Case("node token", false, "<node-token>", HttpClient.Version.HTTP_2, "system:bootstrap:node-token",
                        bootstrap, ""),
                new Case("node token's secret alone", false, "<node-secret>", HttpClient.Version.HTTP_2,
                        "system:bootstrap:node-token", bootstrap, ""),
                new Case("certificate and token: the certificate wins", true, ALICE_TOKEN, HttpClient.Version.HTTP_2,
                        "system:admin", List.of("system:masters", "system:authenticated"), ""),
                new Case("no credential on a public path", false, null, HttpClient.Version.HTTP_2, "system:anonymous",
                        List.of("system:unauthenticated"), ""));
    }

    @ParameterizedTest
    @MethodSource("credentials")
    void javaClientIsWhoItsCredentialSays(Case c) throws Exception {
        var context = c.adminCertificate()
                ? Tls.clientContext(ca.certificateFile(), admin.certFile(), admin.keyFile())
                : Tls.clientContext(ca.certificateFile());
        var token = c.token() == null ? null : c.token()
                .replace("<node-token>", nodeToken.value())
                .replace("<node-secret>", nodeToken.secret());
        // Anonymous may read only the public paths, and the node token only the join's.
        var path = c.wantName().equals("system:anonymous") ? "/healthz"
                : c.wantGroups().contains("system:bootstrappers") ? "/v1-j8s/whoami" : "/whoami";

        var response = get(context, c.version(), path, token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(c.version());
        var who = Json.MAPPER.readTree(response.body());
        assertThat(who.path("name").asText()).isEqualTo(c.wantName());
        assertThat(texts(who.path("groups"))).isEqualTo(c.wantGroups());
        assertThat(who.path("uid").asText()).isEqualTo(c.wantUid());
        assertThat(who.path("protocol").asText())
                .isEqualTo(c.version() == HttpClient.Version.HTTP_2 ? "HTTP/2.0" : "HTTP/1.1");
    }

    @Test
    void theNodeTokenMayNotUseTheApi() throws Exception {
        var response = get(Tls.clientContext(ca.certificateFile()), HttpClient.Version.HTTP_2, "/api/v1/pods", nodeToken.value());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("system:bootstrap:node-token").contains("\"reason\":\"Forbidden\"");
    }

    @Test
    void noCredentialIsUnauthorizedBeyondThePublicPaths() throws Exception {
        var response = get(Tls.clientContext(ca.certificateFile()), HttpClient.Version.HTTP_2, "/api/v1/pods", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        var status = Json.MAPPER.readTree(response.body());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(status.path("code").asInt()).isEqualTo(401);
    }

    @Test
    void aWrongTokenIsUnauthorizedEvenOnAPublicPath() throws Exception {
        var response = get(Tls.clientContext(ca.certificateFile()), HttpClient.Version.HTTP_2, "/healthz", "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aClientThatTrustsAnotherCaFailsTheHandshake() {
        var otherCa = ClusterCa.loadOrCreate(dir.resolve("other-ca"));

        assertThatThrownBy(() -> get(Tls.clientContext(otherCa.certificateFile()), HttpClient.Version.HTTP_2,
                "/healthz", null)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aClientCertificateFromAnotherCaFailsTheHandshake() {
        var otherCa = ClusterCa.loadOrCreate(dir.resolve("other-ca"));
        var impostor = otherCa.issueClient("system:admin", List.of(UserInfo.MASTERS), dir.resolve("other-ca/admin.crt"),
                dir.resolve("other-ca/admin.key"));
        var context = Tls.clientContext(ca.certificateFile(), impostor.certFile(), impostor.keyFile());

        // The server's alert: it does not know the CA that signed the client's certificate.
        assertThatThrownBy(() -> get(context, HttpClient.Version.HTTP_2, "/whoami", null))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("certificate_unknown");
    }

    @Test
    void anAgentWithTheNodeTokenBootstrapsANodeCertificate() throws Exception {
        // What `j8s agent --token-file F --name n1` does: fetch the CA, check it against the
        // token's hash, then trade the token and a request for its own key for a certificate.
        var insecure = Tls.clientContext(ca.certificateFile()); // stands in for "trust on first use"
        var cacerts = get(insecure, HttpClient.Version.HTTP_2, NodeBootstrapHandler.CA_CERTS_PATH, null);
        assertThat(cacerts.statusCode()).isEqualTo(200);
        assertThat(NodeToken.caHash(parse(cacerts.body()))).isEqualTo(NodeToken.parse(nodeToken.value()).caHash());

        var key = newKeyPair();
        var signed = post(insecure, NodeBootstrapHandler.CLIENT_KUBELET_PATH, nodeToken.value(),
                csrPem(key, "system:node:n1", UserInfo.NODES));

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        var certificate = parse(signed.body());
        assertThat(CertificateSubject.of(certificate))
                .isEqualTo(new CertificateSubject("system:node:n1", List.of(UserInfo.NODES)));
        assertThat(certificate.getPublicKey()).isEqualTo(key.getPublic());
        var nodeContext = nodeContext("n1", signed.body(), key);
        var who = Json.MAPPER.readTree(get(nodeContext, HttpClient.Version.HTTP_2, "/whoami", null).body());
        assertThat(who.path("name").asText()).isEqualTo("system:node:n1");
        assertThat(texts(who.path("groups"))).containsExactly("system:nodes", "system:authenticated");
    }

    @Test
    void aNodeRenewsItsOwnCertificateButCannotClaimAnother() throws Exception {
        var key = newKeyPair();
        var first = post(Tls.clientContext(ca.certificateFile()), NodeBootstrapHandler.CLIENT_KUBELET_PATH,
                nodeToken.value(), csrPem(key, "system:node:n2", UserInfo.NODES));
        var asNode = nodeContext("n2", first.body(), key);

        var renewed = post(asNode, NodeBootstrapHandler.CLIENT_KUBELET_PATH, null,
                csrPem(newKeyPair(), "system:node:n2", UserInfo.NODES));
        var other = post(asNode, NodeBootstrapHandler.CLIENT_KUBELET_PATH, null,
                csrPem(newKeyPair(), "system:node:n3", UserInfo.NODES));

        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(other.body()).path("message").asText())
                .isEqualTo("forbidden: User \"system:node:n2\" cannot post path \"/v1-j8s/client-kubelet.crt\": "
                        + "may not obtain a certificate for system:node:n3");
    }

    @Test
    void anAgentGetsAServingCertificateForItsNamesAndIps() throws Exception {
        var key = newKeyPair();
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, UserInfo.NODES).addRDN(BCStyle.CN, "system:node:n4").build();
        var sans = new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "n4"),
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "10.250.0.14")});
        var extensions = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        extensions.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, sans);
        var csr = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        }
        var signed = post(Tls.clientContext(ca.certificateFile()), NodeBootstrapHandler.SERVING_KUBELET_PATH, nodeToken.value(),
                out.toString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        var certificate = parse(signed.body());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .containsExactlyInAnyOrder("n4", "10.250.0.14");
        var bare = post(Tls.clientContext(ca.certificateFile()), NodeBootstrapHandler.SERVING_KUBELET_PATH, nodeToken.value(),
                csrPem(newKeyPair(), "system:node:n4", UserInfo.NODES));
        assertThat(bare.statusCode()).as("a serving certificate names something").isEqualTo(400);
    }

    record BadRequestCase(String name, String token, String cn, String organization, int wantStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<BadRequestCase> badNodeRequests() {
        return List.of(
                new BadRequestCase("no credential", null, "system:node:n4", UserInfo.NODES, 401),
                new BadRequestCase("not a node's name", "<node-token>", "system:admin", UserInfo.NODES, 400),
                new BadRequestCase("a node name that is not DNS", "<node-token>", "system:node:N_4", UserInfo.NODES, 400),
                new BadRequestCase("masters instead of nodes", "<node-token>", "system:node:n4", UserInfo.MASTERS, 400),
                new BadRequestCase("a user who is no bootstrapper", ALICE_TOKEN, "system:node:n4", UserInfo.NODES, 403));
    }

    @ParameterizedTest
    @MethodSource("badNodeRequests")
    void aNodeCertificateIsOnlyForANodeAndOnlyForTheTokensHolder(BadRequestCase c) throws Exception {
        var token = c.token() == null ? null : c.token().replace("<node-token>", nodeToken.value());

        var response = post(Tls.clientContext(ca.certificateFile()), NodeBootstrapHandler.CLIENT_KUBELET_PATH, token,
                csrPem(newKeyPair(), c.cn(), c.organization()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(c.wantStatus());
        assertThat(Json.MAPPER.readTree(response.body()).path("kind").asText()).isEqualTo("Status");
    }

    // --- clients ---

    static HttpResponse<String> get(SSLContext context, HttpClient.Version version, String path, String token)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (var client = HttpClient.newBuilder().sslContext(context).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static HttpResponse<String> post(SSLContext context, String path, String token, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (var client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A client context holding a node's signed certificate and its own key, via files as an agent keeps them. */
    static SSLContext nodeContext(String node, String certificatePem, KeyPair key) throws IOException {
        var certFile = dir.resolve("agent-" + node + ".crt");
        var keyFile = dir.resolve("agent-" + node + ".key");
        Files.writeString(certFile, certificatePem);
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return Tls.clientContext(ca.certificateFile(), certFile, keyFile);
    }

    static KeyPair newKeyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String csrPem(KeyPair key, String cn, String organization) throws Exception {
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization).addRDN(BCStyle.CN, cn).build();
        var csr = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        }
        return out.toString();
    }

    static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static List<String> texts(JsonNode array) {
        var texts = new ArrayList<String>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static Result kubectl(Path kubeconfig, String... args) throws Exception {
        var command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--request-timeout=30s"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("HOME", dir.toString());
        builder.environment().keySet().removeIf(k -> k.toLowerCase().endsWith("_proxy"));
        builder.redirectError(dir.resolve("kubectl.err").toFile());
        var process = builder.start();
        var stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), stdout, Files.readString(dir.resolve("kubectl.err")));
    }
}
