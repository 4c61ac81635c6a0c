package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Builtins;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.TestServer;
import io.j8s.apiserver.tls.ClusterCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exec through what `j8s server` runs: HTTPS with ALPN offering h2 and http/1.1, client
 * certificates checked by the authentication filter, and the kubelet reached with the server's
 * own kubelet-client certificate. Both kubectl's WebSocket and its SPDY upgrade must stay on
 * HTTP/1.1 and pass the filters.
 */
class ExecOverTlsTest {

    static FakeKubelet kubelet;
    static TestServer server;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("j8s-exec-tls");
        Secure secure = Secure.prepare(dir, "127.0.0.1", 0);
        kubelet = new FakeKubelet(dir, ClusterCa.loadOrCreate(dir.resolve("tls")));
        ApiServer.Parts parts = new ApiServer.Parts(Builtins.rules(DefaultsConfig.UPSTREAM), Builtins.hooks(Clock.systemUTC()),
                secure.listener("127.0.0.1", 0), secure.filters(), secure.kubeletClientContext());
        server = new TestServer(parts);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Files.readString(kubeconfig).replace("https://127.0.0.1:0", "https://127.0.0.1:" + server.server.port()));
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain);
        // Nodes and pods go in over the admin's own HTTPS, with kubectl.
        Files.writeString(plain.resolve("objects.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: node-1}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  nodeName: node-1
                  containers: [{name: app, image: busybox}]
                """);
        assertThat(run(ExecTest.KUBECTL_WEBSOCKET, null, "apply", "-f", plain.resolve("objects.yaml").toString()).code()).isZero();
        Files.writeString(plain.resolve("status.json"), """
                {"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}"""
                .formatted(kubelet.port()));
        ExecTest.Run patched = run(ExecTest.KUBECTL_WEBSOCKET, null, "patch", "node", "node-1", "--subresource=status", "--type=merge",
                "--patch-file", plain.resolve("status.json").toString());
        assertThat(patched.code()).as(patched.err()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (kubelet != null) kubelet.close();
    }

    static ExecTest.Run run(String kubectl, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), ExecTest.READERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), ExecTest.READERS);
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended).isTrue();
        return new ExecTest.Run(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ExecTest.KUBECTL_WEBSOCKET, ExecTest.KUBECTL_SPDY})
    void execOverHttps(String kubectl) throws Exception {
        ExecTest.Run r = run(kubectl, "in\n", "exec", "-i", "web", "--", "sh", "-c", "cat; echo err >&2; exit 5");
        assertThat(r.out()).isEqualTo("in\n");
        assertThat(r.err()).startsWith("err\n");
        assertThat(r.code()).isEqualTo(5);
        assertThat(kubelet.seen).allMatch(s -> s.startsWith("CN=" + Secure.KUBELET_CLIENT_CN + ",O=system:masters "));
    }
}
