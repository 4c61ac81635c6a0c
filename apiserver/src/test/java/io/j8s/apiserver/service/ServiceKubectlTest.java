package io.j8s.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the real kubectl shows of Services: get (TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S)), describe, patch. */
class ServiceKubectlTest {

    static TestServer server;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl"))), "kubectl is not installed");
        server = TestServer.start();
        kubeconfig = server.kubeconfig();
        Path manifests = server.dir.resolve("services.yaml");
        Files.writeString(manifests, """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  clusterIP: 10.96.0.80
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: np}
                spec:
                  type: NodePort
                  clusterIP: 10.96.0.81
                  selector: {app: web}
                  ports: [{name: http, port: 80, nodePort: 30080}, {name: dns, port: 53, protocol: UDP, nodePort: 30053}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: lb}
                spec:
                  type: LoadBalancer
                  clusterIP: 10.96.0.82
                  selector: {app: web}
                  ports: [{port: 443, nodePort: 30443}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: example.com}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: headless}
                spec:
                  clusterIP: None
                  selector: {app: web}
                  ports: [{port: 80}]
                """);
        assertThat(kubectl("create", "-f", manifests.toString()).code()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
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

    /** The row of {@code name} with its columns split on runs of spaces. */
    static List<String> row(String table, String name) {
        return table.lines().filter(l -> l.startsWith(name + " ")).findFirst().map(l -> List.of(l.split(" {2,}"))).orElseThrow();
    }

    @Test
    void getShowsTypesAddressesAndPorts() throws Exception {
        Run r = kubectl("get", "svc");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE");
        assertThat(row(r.out(), "kubernetes").subList(1, 5)).containsExactly("ClusterIP", "10.96.0.1", "<none>", "443/TCP");
        assertThat(row(r.out(), "web").subList(1, 5)).containsExactly("ClusterIP", "10.96.0.80", "<none>", "80/TCP");
        assertThat(row(r.out(), "np").subList(1, 5)).containsExactly("NodePort", "10.96.0.81", "<none>", "80:30080/TCP,53:30053/UDP");
        assertThat(row(r.out(), "lb").subList(1, 5)).containsExactly("LoadBalancer", "10.96.0.82", "<pending>", "443:30443/TCP");
        assertThat(row(r.out(), "ext").subList(1, 5)).containsExactly("ExternalName", "<none>", "example.com", "<none>");
        assertThat(row(r.out(), "headless").subList(1, 5)).containsExactly("ClusterIP", "None", "<none>", "80/TCP");
        Run dns = kubectl("get", "svc", "-n", "kube-system", "kube-dns");
        assertThat(row(dns.out(), "kube-dns").subList(1, 5)).containsExactly("ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP");
    }

    @Test
    void describeShowsTheAllocatedValues() throws Exception {
        Run r = kubectl("describe", "svc", "np");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern("Type: +NodePort")
                .containsPattern("IP: +10.96.0.81")
                .containsPattern("IP Families: +IPv4")
                .containsPattern("IP Family Policy: +SingleStack")
                .containsPattern("NodePort: +http +30080/TCP")
                .containsPattern("NodePort: +dns +30053/UDP")
                .containsPattern("Session Affinity: +None")
                .containsPattern("External Traffic Policy: +Cluster")
                .containsPattern("Internal Traffic Policy: +Cluster");
    }

    @Test
    void patchingTheTypeToClusterIpReleasesTheNodePorts() throws Exception {
        Run created = kubectl("create", "service", "nodeport", "patched", "--tcp=8080:8080", "--node-port=30099");
        assertThat(created.code()).as(created.out()).isZero();
        Run patched = kubectl("patch", "svc", "patched", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertThat(patched.code()).as(patched.out()).isZero();
        assertThat(row(kubectl("get", "svc", "patched").out(), "patched").get(4)).isEqualTo("8080/TCP");
        Run taken = kubectl("create", "service", "nodeport", "taker", "--tcp=80:80", "--node-port=30099");
        assertThat(taken.code()).as(taken.out()).isZero();
        Run refused = kubectl("create", "service", "nodeport", "late", "--tcp=80:80", "--node-port=30099");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out()).contains("Service \"late\" is invalid: spec.ports[0].nodePort: Invalid value: 30099: provided port is"
                + " already allocated");
    }
}
