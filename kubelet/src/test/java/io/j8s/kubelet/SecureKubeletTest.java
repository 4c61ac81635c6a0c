package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Builtins;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.TestServer;
import io.j8s.kubelet.bootstrap.NodeCredentials;
import io.j8s.kubelet.bootstrap.Pems;
import io.j8s.kubelet.node.NodeAgent;
import io.j8s.kubelet.node.NodeConfig;
import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.logs.CriLogWriter;
import io.j8s.runtime.logs.Stream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node joins a secure API server with only the node token; the kubelet then is
 * system:node:node-1, serves its HTTPS port with a certificate from the cluster CA, and the API
 * server's pods/log reaches it.
 */
class SecureKubeletTest {

    static Path dir;
    static Secure secure;
    static TestServer server;
    static URI url;
    static NodeCredentials credentials;
    static KubernetesClient admin;
    static KubernetesClient node;
    static Kubelet kubelet;
    static FakeRuntime runtime;
    static Timers timers;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-secure-kubelet");
        int port = freePort();
        secure = Secure.prepare(dir.resolve("server"), "127.0.0.1", port);
        server = new TestServer(new ApiServer.Parts(Builtins.rules(DefaultsConfig.UPSTREAM), Builtins.hooks(Clock.systemUTC()),
                secure.listener("127.0.0.1", port), secure.filters(), secure.kubeletClientContext()));
        // TestServer listens where its own config says (any free port); the kubeconfig is pointed there.
        url = URI.create("https://127.0.0.1:" + server.server.port());
        String token = Files.readString(dir.resolve("server").resolve("node-token")).strip();
        credentials = NodeCredentials.bootstrap(dir.resolve("node-1").resolve("tls"), url, token, "node-1", List.of("127.0.0.1"),
                List.of("node-1"), Clock.systemUTC());
        var adminConfig = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(dir.resolve("server").resolve("kubeconfig")));
        adminConfig.setMasterUrl(url.toString());
        admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
        node = new KubernetesClientBuilder().withConfig(credentials.clientConfig(url)).build();
        timers = Timers.system();
        runtime = new FakeRuntime(Clock.systemUTC());
        var nodeConfig = new NodeConfig("node-1", "127.0.0.1", freePort(), 110, Map.of(), Map.of(), Map.of(), List.of(), "v1.32.0");
        kubelet = Kubelet.start(node, new Kubelet.Config(nodeConfig, dir.resolve("node-1"),
                new NodeAgent.Timing(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMinutes(5)), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofMillis(500), List.of(), "cluster.local", "127.0.0.1", "10.244.0.0/24", false),
                cidr -> runtime, credentials, timers, new FakeMachine());
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) kubelet.close();
        if (timers != null) timers.close();
        if (node != null) node.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @Test
    void theBootstrappedCredentialsAreTheNodes() throws Exception {
        assertThat(NodeCredentials.bootstrap(dir.resolve("node-1").resolve("tls"), url,
                Files.readString(dir.resolve("server").resolve("node-token")).strip(), "node-1", List.of("127.0.0.1"), List.of("node-1"),
                Clock.systemUTC())).as("kept, not asked for again").isEqualTo(credentials);
        var cert = Pems.certificates(Files.readString(credentials.clientCert())).getFirst();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=system:node:node-1").contains("O=system:nodes");
        assertThat(node.nodes().withName("node-1").get()).isNotNull();
    }

    @Test
    void aTokenForAnotherCaIsRefused() {
        String forged = "J10" + "0".repeat(64) + "::node:whatever";
        assertThatThrownBy(() -> NodeCredentials.bootstrap(dir.resolve("forged"), url, forged, "node-9", List.of("127.0.0.1"),
                List.of("node-9"), Clock.systemUTC())).hasMessageContaining("is not the one the node token names");
    }

    @Test
    void podsLogReachesTheKubeletOverMutualTls() throws Exception {
        admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("talker").endMetadata().withNewSpec()
                .withNodeName("node-1").addNewContainer().withName("main").withImage("busybox").withCommand("busybox", "sleep", "9")
                .endContainer().endSpec().build()).create();
        Pod running = admin.pods().inNamespace("default").withName("talker")
                .waitUntilCondition(p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        var status = runtime.containerStatus(runtime.containerId("talker", "main")).orElseThrow();
        Files.createDirectories(status.logPath().getParent());
        var writer = new CriLogWriter(status.logPath(), Clock.systemUTC());
        writer.pump(new java.io.ByteArrayInputStream("hello-from-pod\n".getBytes()), Stream.STDOUT);
        String log = admin.pods().inNamespace("default").withName(running.getMetadata().getName()).getLog();
        assertThat(log).isEqualTo("hello-from-pod\n");
    }

    @Test
    void podsExecReachesTheContainerThroughTheKubelet() throws Exception {
        admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("shell").endMetadata().withNewSpec()
                .withNodeName("node-1").addNewContainer().withName("main").withImage("busybox").withCommand("busybox", "sleep", "9")
                .endContainer().endSpec().build()).create();
        admin.pods().inNamespace("default").withName("shell")
                .waitUntilCondition(p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        try (var watch = admin.pods().inNamespace("default").withName("shell").writingOutput(out).writingError(err)
                .exec("sh", "-c", "echo in-the-pod; echo oops >&2; exit 3")) {
            assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(out.toString()).isEqualTo("in-the-pod\n");
        assertThat(err.toString()).isEqualTo("oops\n");
        assertThat(runtime.calls).anyMatch(c -> c.startsWith("exec-stream shell/main#0 sh -c"));
    }

    @Test
    void onlyTheApiServerMayUseTheKubeletsPort() throws Exception {
        var asNode = HttpClient.newBuilder().sslContext(Pems.context(credentials.caFile(), credentials.clientCert(), credentials.clientKey()))
                .build();
        HttpResponse<String> r = asNode.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        var asApiServer = HttpClient.newBuilder().sslContext(secure.kubeletClientContext()).build();
        r = asApiServer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        r = asApiServer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.port() + "/containerLogs/default/nope/main"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("pod \"nope\" does not exist\n");
        r = asApiServer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.port() + "/exec/default/nope/main")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Upgrade request required\n");
    }
}
