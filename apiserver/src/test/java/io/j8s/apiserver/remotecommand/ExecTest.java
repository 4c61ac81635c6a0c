package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.TestServer;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.net.InetAddress;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pods/exec and pods/attach driven by the real kubectl: 1.32, which speaks WebSocket
 * {@code v5.channel.k8s.io}, and 1.27, which speaks SPDY/3.1 only; the API server ends either and
 * streams to a fake kubelet over {@code v5.channel.k8s.io} with mutual TLS.
 */
class ExecTest {

    static final String KUBECTL_WEBSOCKET = "/usr/bin/kubectl";
    static final String KUBECTL_SPDY = "/usr/lib/google-cloud-sdk/bin/kubectl.1.27";

    static Path dir;
    static FakeKubelet kubelet;
    static TestServer server;
    static Path kubeconfig;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-exec");
        ClusterCa ca = ClusterCa.loadOrCreate(dir);
        kubelet = new FakeKubelet(dir, ca);
        IssuedCertificate client = ca.issueClient(Secure.KUBELET_CLIENT_CN, List.of("system:masters"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
        server = new TestServer(TestServer.realParts(Tls.clientContext(ca.certificateFile(), client.certFile(), client.keyFile())));
        kubeconfig = server.kubeconfig();
        Cluster.node(server, "node-1", kubelet.port());
        Cluster.node(server, "node-gone", closedPort());
        Cluster.pod(server, "web", "node-1", "app");
        Cluster.pod(server, "duo", "node-1", "app", "side");
        Cluster.pod(server, "ghost", "node-1", "app");
        Cluster.pod(server, "pending", null, "app");
        Cluster.pod(server, "stranded", "node-gone", "app");
        Cluster.pod(server, "done", "node-1", "app");
        Cluster.phase(server, "done", "Succeeded");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (kubelet != null) kubelet.close();
    }

    record Run(int code, String out, String err) {}

    static final java.util.concurrent.Executor READERS = r -> Thread.ofVirtual().start(r);

    static Run kubectl(String kubectl, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        // Readers on threads of their own: blocking reads in the common pool starve the JDK's HTTP client.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended).as("kubectl %s finishes", args).isTrue();
        return new Run(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<String> kubectls() {
        return Stream.of(KUBECTL_WEBSOCKET, KUBECTL_SPDY);
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void execKeepsStdoutStderrAndTheExitCodeApart(String kubectl) throws Exception {
        Run r = kubectl(kubectl, null, "exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).startsWith("err\n").contains("command terminated with exit code 3");
        assertThat(r.code()).isEqualTo(3);
    }

    @Test
    void kubectl132GetsWebSocketV5WithoutFallingBack() throws Exception {
        Run r = kubectl(KUBECTL_WEBSOCKET, null, "-v=6", "exec", "web", "--", "true");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("The subprotocol is v5.channel.k8s.io").doesNotContain("SPDY");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void execPipesStdinUntilItEnds(String kubectl) throws Exception {
        Run r = kubectl(kubectl, "hi\nthere\n", "exec", "-i", "web", "--", "cat");
        assertThat(r.out()).isEqualTo("hi\nthere\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(kubelet.seen).contains("CN=" + Secure.KUBELET_CLIENT_CN + ",O=system:masters "
                + "/exec/default/web/app?command=cat&error=1&input=1&output=1 [v5.channel.k8s.io]");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void execCarriesMuchOutputWhole(String kubectl) throws Exception {
        Run r = kubectl(kubectl, null, "exec", "web", "--", "seq", "1", "200000");
        StringBuilder want = new StringBuilder();
        for (int i = 1; i <= 200000; i++) want.append(i).append('\n');
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(want.toString());
    }

    /** kubectl only asks for a terminal when its stdin is one: {@code script} gives it a pseudo-terminal. */
    @ParameterizedTest
    @MethodSource("kubectls")
    void execWithATerminalSendsItsSize(String kubectl) throws Exception {
        int before = kubelet.resizes.size();
        // A pseudo-terminal starts at 0x0, which kubectl takes for no size at all.
        String line = "stty cols 100 rows 30; " + String.join(" ", kubectl, "--kubeconfig", kubeconfig.toString(),
                "exec", "-it", "web", "--", "echo", "tty-ok");
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.get()).contains("tty-ok");
        assertThat(p.exitValue()).isZero();
        assertThat(kubelet.seen).anyMatch(s -> s.contains("/exec/default/web/app?command=echo&command=tty-ok&input=1&output=1&tty=1 "));
        assertThat(kubelet.resizes.subList(before, kubelet.resizes.size())).contains("{\"Width\":100,\"Height\":30}\n");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void execNamesTheContainer(String kubectl) throws Exception {
        Run r = kubectl(kubectl, null, "exec", "duo", "-c", "side", "--", "echo", "a b");
        assertThat(r.out()).isEqualTo("a b\n");
        assertThat(kubelet.seen).anyMatch(s -> s.contains("/exec/default/duo/side?command=echo&command=a+b&error=1&output=1 "));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void attachJoinsTheContainersStreams(String kubectl) throws Exception {
        Run r = kubectl(kubectl, "hello\n", "attach", "-i", "web");
        assertThat(r.out()).contains("attached to app\n").contains("hello\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(kubelet.seen).anyMatch(s -> s.contains("/attach/default/web/app?error=1&input=1&output=1 "));
    }

    record Refusal(String name, List<String> args, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Object[]> refusals() {
        List<Refusal> rs = List.of(
                new Refusal("no node yet", List.of("exec", "pending", "--", "true"),
                        "Error from server (BadRequest): pod pending does not have a host assigned"),
                new Refusal("no such container", List.of("exec", "web", "-c", "nope", "--", "true"),
                        "Error from server (BadRequest): container nope is not valid for pod web"),
                new Refusal("a completed pod", List.of("exec", "done", "--", "true"),
                        "cannot exec into a container in a completed pod; current phase is Succeeded"),
                new Refusal("the kubelet refuses", List.of("exec", "ghost", "--", "true"),
                        "error: unable to upgrade connection: container not found (\"app\")"),
                new Refusal("the kubelet is not there", List.of("exec", "stranded", "--", "true"),
                        "Error from server: error dialing backend: dial tcp 127.0.0.1:"));
        return kubectls().flatMap(k -> rs.stream().map(r -> new Object[] {k, r}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void kubectlShowsTheRefusal(String kubectl, Refusal refusal) throws Exception {
        Run r = kubectl(kubectl, null, refusal.args().toArray(String[]::new));
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(refusal.message());
    }

    record Case(String name, String path, int code, String reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> statuses() {
        String pods = "/api/v1/namespaces/default/pods/";
        String cmd = "command=true&stdout=true";
        return Stream.of(
                new Case("no such pod", pods + "nope/exec?" + cmd, 404, "NotFound", "pods \"nope\" not found"),
                new Case("exec without a command", pods + "web/exec?stdout=true", 400, "BadRequest",
                        "you must specify at least one command for the container"),
                new Case("no stream at all", pods + "web/exec?command=true", 400, "BadRequest",
                        "you must specify at least 1 of stdin, stdout, stderr"),
                new Case("a terminal and stderr", pods + "web/exec?" + cmd + "&stderr=1&tty=true", 400, "BadRequest",
                        "tty and stderr cannot both be true"),
                new Case("two containers, none named", pods + "duo/exec?" + cmd, 400, "BadRequest",
                        "a container name must be specified for pod duo, choose one of: [app side]"),
                new Case("an unknown container", pods + "web/exec?" + cmd + "&container=db", 400, "BadRequest",
                        "container db is not valid for pod web"),
                new Case("no node yet", pods + "pending/exec?" + cmd, 400, "BadRequest", "pod pending does not have a host assigned"),
                new Case("completed", pods + "done/exec?" + cmd, 400, "BadRequest",
                        "cannot exec into a container in a completed pod; current phase is Succeeded"),
                new Case("attach to a completed pod", pods + "done/attach?stdout=1", 400, "BadRequest",
                        "cannot attach a container in a completed pod; current phase is Succeeded"),
                new Case("all well but no upgrade", pods + "web/exec?" + cmd, 400, "BadRequest", "Upgrade request required"),
                new Case("attach without an upgrade", pods + "web/attach?stdin=true&stdout=true", 400, "BadRequest",
                        "Upgrade request required"),
                new Case("exec of a non-pod", "/api/v1/namespaces/default/configmaps/x/exec?" + cmd, 404, "NotFound",
                        "the server could not find the requested resource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void refusalsBeforeTheUpgradeAreStatuses(Case c) throws Exception {
        for (String method : List.of("GET", "POST")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + c.path()))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = Json.MAPPER.readTree(r.body());
            assertThat(r.statusCode()).as(method + " " + r.body()).isEqualTo(c.code());
            assertThat(status.path("kind").asText()).isEqualTo("Status");
            assertThat(status.path("reason").asText()).isEqualTo(c.reason());
            assertThat(status.path("message").asText()).isEqualTo(c.message());
        }
    }

    @Test
    void otherVerbsAreNotAllowed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/pods/web/exec"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
