package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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

    @Test
    void anUnknownResourceIsRefused() throws Exception {
        assertThat(kubectl("get", "frobnicators").out()).contains("the server doesn't have a resource type");
    }
}
