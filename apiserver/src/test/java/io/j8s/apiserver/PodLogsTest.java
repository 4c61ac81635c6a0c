package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.j8s.api.Json;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** pods/log proxied to a fake kubelet over mutual TLS, read by the real kubectl. */
class PodLogsTest {

    static Path dir;
    static HttpsServer kubelet;
    static TestServer server;
    static Path kubeconfig;
    static final HttpClient http = HttpClient.newHttpClient();
    /** "peer CN path?query" of each request the fake kubelet got. */
    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final CountDownLatch releaseFollow = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-podlogs");
        ClusterCa ca = ClusterCa.loadOrCreate(dir);
        IssuedCertificate serving = ca.issueServing("node-1", List.of("node-1"), List.of(InetAddress.getByName("127.0.0.1")),
                dir.resolve("kubelet.crt"), dir.resolve("kubelet.key"));
        IssuedCertificate client = ca.issueClient(Secure.KUBELET_CLIENT_CN, List.of("system:masters"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
        kubelet = fakeKubelet(Tls.clientContext(ca.certificateFile(), serving.certFile(), serving.keyFile()));
        server = new TestServer(TestServer.realParts(Tls.clientContext(ca.certificateFile(), client.certFile(), client.keyFile())));
        kubeconfig = server.kubeconfig();

        post("/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"}}""");
        patchStatus("/api/v1/nodes/node-1/status", """
                {"status":{"addresses":[{"type":"Hostname","address":"node-1.invalid"},{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(kubelet.getAddress().getPort()));
        post("/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-gone"}}""");
        patchStatus("/api/v1/nodes/node-gone/status", """
                {"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(closedPort()));
        pod("web", "node-1", "app");
        pod("follower", "node-1", "app");
        pod("duo", "node-1", "app", "side");
        pod("ghost", "node-1", "app");
        pod("pending", null, "app");
        pod("stranded", "node-gone", "app");
    }

    @AfterAll
    static void stop() {
        releaseFollow.countDown();
        if (server != null) server.close();
        if (kubelet != null) kubelet.stop(0);
    }

    /** A kubelet that serves /containerLogs/ only to clients with a certificate from the cluster CA. */
    static HttpsServer fakeKubelet(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/containerLogs/", PodLogsTest::containerLogs);
        s.start();
        return s;
    }

    static void containerLogs(HttpExchange ex) throws IOException {
        String peer = ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
        URI uri = ex.getRequestURI();
        seen.add(peer + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        String[] parts = uri.getPath().split("/");
        String pod = parts[3];
        String container = parts[4];
        try (ex) {
            if (pod.equals("ghost")) {
                reply(ex, 404, "pod default/ghost not found on this node");
            } else if (container.equals("side") && "previous=true".equals(uri.getQuery())) {
                reply(ex, 400, "previous terminated container \"side\" in pod \"duo\" not found");
            } else if (pod.equals("follower")) {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    releaseFollow.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(ex, 200, "log of " + pod + "/" + container + " line 1\nline 2\nline 3\n");
            }
        }
    }

    static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    record Run(int code, String out) {}

    static Run kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void kubectlLogsPrintsTheKubeletsLines() throws Exception {
        Run r = kubectl("logs", "web");
        assertThat(r.out()).isEqualTo("log of web/app line 1\nline 2\nline 3\n");
        assertThat(r.code()).isZero();
        assertThat(seen).contains("CN=" + Secure.KUBELET_CLIENT_CN + ",O=system:masters /containerLogs/default/web/app");
    }

    @Test
    void kubectlForwardsTailPreviousAndContainer() throws Exception {
        Run r = kubectl("logs", "duo", "-c", "side", "--tail=2", "--timestamps", "--since=5m");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("log of duo/side");
        assertThat(seen).anyMatch(s -> s.endsWith("/containerLogs/default/duo/side?sinceSeconds=300&tailLines=2&timestamps=true"));

        Run previous = kubectl("logs", "web", "--previous", "--limit-bytes=10");
        assertThat(previous.code()).as(previous.out()).isZero();
        assertThat(seen).anyMatch(s -> s.endsWith("/containerLogs/default/web/app?limitBytes=10&previous=true"));
    }

    @Test
    void kubectlLogsFollowShowsLinesAsTheyCome() throws Exception {
        Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "logs", "-f", "follower")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // The first line arrives while the kubelet still holds the second back.
            assertThat(out.readLine()).isEqualTo("first");
            assertThat(seen).anyMatch(s -> s.endsWith("/containerLogs/default/follower/app?follow=true"));
            releaseFollow.countDown();
            assertThat(out.readLine()).isEqualTo("second");
            assertThat(out.readLine()).isNull();
        } finally {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aPodWithoutANodeHasNoLogsYet() throws Exception {
        HttpResponse<String> r = get("/api/v1/namespaces/default/pods/pending/log");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    record Case(String name, String path, int code, String reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> errors() {
        String log = "/api/v1/namespaces/default/pods/";
        return Stream.of(
                new Case("no such pod", log + "nope/log", 404, "NotFound", "pods \"nope\" not found"),
                new Case("two containers, none named", log + "duo/log", 400, "BadRequest",
                        "a container name must be specified for pod duo, choose one of: [app side]"),
                new Case("an unknown container", log + "web/log?container=db", 400, "BadRequest",
                        "container db is not valid for pod web"),
                new Case("negative tailLines", log + "web/log?tailLines=-1", 422, "Invalid",
                        "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"),
                new Case("zero limitBytes", log + "web/log?limitBytes=0", 422, "Invalid",
                        "PodLogOptions \"web\" is invalid: limitBytes: Invalid value: 0: must be greater than 0"),
                new Case("negative sinceSeconds", log + "web/log?sinceSeconds=-5", 422, "Invalid",
                        "PodLogOptions \"web\" is invalid: sinceSeconds: Invalid value: -5: must be greater than 0"),
                new Case("sinceSeconds and sinceTime", log + "web/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z", 422, "Invalid",
                        "PodLogOptions \"web\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"),
                new Case("tailLines not a number", log + "web/log?tailLines=many", 400, "BadRequest",
                        "invalid value for tailLines: \"many\""),
                new Case("the kubelet's 404", log + "ghost/log", 404, "NotFound",
                        "the server could not find the requested resource ( pods/log ghost)"),
                new Case("the kubelet's 400", log + "duo/log?container=side&previous=true", 400, "BadRequest",
                        "previous terminated container \"side\" in pod \"duo\" not found"),
                new Case("the kubelet is not listening", log + "stranded/log", 500, "",
                        "Get \"https://127.0.0.1:%d/containerLogs/default/stranded/app\": dial tcp 127.0.0.1:%d: connect: connection refused"),
                new Case("log of a non-pod", "/api/v1/namespaces/default/configmaps/x/log", 404, "NotFound",
                        "the server could not find the requested resource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refusals(Case c) throws Exception {
        HttpResponse<String> r = get(c.path());
        JsonNode status = Json.MAPPER.readTree(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(c.code());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(c.code());
        assertThat(status.path("reason").asText()).isEqualTo(c.reason());
        if (c.message().contains("%d")) {
            assertThat(status.path("message").asText()).matches(c.message().replace("%d", "\\d+")
                    .replace("\"", "\\\"").replace(".", "\\.").replace("?", "\\?"));
        } else {
            assertThat(status.path("message").asText()).isEqualTo(c.message());
        }
    }

    @Test
    void theKubeletsNotFoundKeepsItsWordsAsTheCause() throws Exception {
        JsonNode status = Json.MAPPER.readTree(get("/api/v1/namespaces/default/pods/ghost/log").body());
        assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("UnexpectedServerResponse");
        assertThat(status.path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("pod default/ghost not found on this node");
    }

    @Test
    void kubectlShowsTheKubeletsRefusal() throws Exception {
        Run r = kubectl("logs", "ghost");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("Error from server (NotFound): the server could not find the requested resource ( pods/log ghost)");
    }

    // ---- helpers ----

    static void pod(String name, String node, String... containers) throws Exception {
        StringBuilder cs = new StringBuilder();
        for (String c : containers) {
            cs.append(cs.isEmpty() ? "" : ",").append("{\"name\":\"").append(c).append("\",\"image\":\"busybox\"}");
        }
        post("/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":[%s]}}"""
                .formatted(name, node == null ? "" : "\"nodeName\":\"" + node + "\",", cs));
    }

    static void post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static void patchStatus(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/merge-patch+json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port nothing listens on (the socket is closed again at once). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
