package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real kubectl against the server's core: discovery, CRUD, lists, errors. */
class KubectlSmokeTest {

    static TestServer server;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.realParts());
        kubeconfig = server.kubeconfig();
    }

    @AfterAll
    static void stop() {
        server.close();
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
    void listsTheSystemNamespaces() throws Exception {
        Run r = kubectl("get", "namespaces");
        assertThat(r.out()).contains("default", "kube-system", "kube-public", "kube-node-lease");
        assertThat(r.code()).isZero();
    }

    @Test
    void apiResourcesComeFromDiscovery() throws Exception {
        Run r = kubectl("api-resources", "-o", "name");
        assertThat(r.out()).contains("pods", "deployments.apps", "leases.coordination.k8s.io");
        assertThat(r.code()).isZero();
    }

    @Test
    void createsGetsAndDeletesAConfigMap() throws Exception {
        Path file = server.dir.resolve("cm.yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                data:
                  env: prod
                """);
        Run created = kubectl("create", "-f", file.toString(), "--validate=false");
        assertThat(created.code()).as(created.out()).isZero();
        assertThat(kubectl("get", "configmap", "demo", "-o", "jsonpath={.data.env}").out()).isEqualTo("prod");
        Run again = kubectl("create", "-f", file.toString(), "--validate=false");
        assertThat(again.code()).isNotZero();
        assertThat(again.out()).contains("already exists");
        assertThat(kubectl("delete", "configmap", "demo").code()).isZero();
        assertThat(kubectl("get", "configmap", "demo").out()).contains("not found");
    }

    /** kubectl watches over plain HTTP (a chunked stream of Table rows), never over WebSocket. */
    @Test
    void getWatchShowsAnAddedConfigMap() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process watch = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "configmaps", "-w")
                .redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = watch.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0; ) out.append(new String(buf, 0, n));
            } catch (java.io.IOException e) {
                // the process was ended
            }
        });
        try {
            Poll.until(() -> server.server.openWatches() > 0);
            // From a file, which kubectl sends as JSON (`create configmap` sends protobuf).
            Path file = server.dir.resolve("watched.yaml");
            java.nio.file.Files.writeString(file, """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: watched
                    """);
            Run created = kubectl("create", "-f", file.toString(), "--validate=false");
            assertThat(created.code()).as(created.out()).isZero();
            Poll.until(() -> out.toString().contains("watched"));
            assertThat(watch.isAlive()).as(out.toString()).isTrue();
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10));
            kubectl("delete", "configmap", "watched");
        }
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, command)));
    }

    @Test
    void anUnknownResourceIsRefused() throws Exception {
        assertThat(kubectl("get", "frobnicators").out()).contains("the server doesn't have a resource type");
    }
}
