package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.kubelet.node.NodeAgent;
import io.j8s.kubelet.node.NodeConfig;
import io.j8s.kubelet.util.Timers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kubelet against a real API server, on a fake runtime: the node, its heartbeats, pods end to end, static pods. */
class KubeletTest {

    TestServer server;
    KubernetesClient client;
    Kubelet kubelet;
    FakeRuntime runtime;
    Timers timers;
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        Config c = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default").withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(c).build();
        dir = Files.createTempDirectory("j8s-kubelet-test");
        timers = Timers.system();
        runtime = new FakeRuntime(Clock.systemUTC());
        var node = new NodeConfig("node-1", "10.250.0.11", 0, 110, Map.of("memory", "256Mi"), Map.of(), Map.of("tier", "test"),
                List.of("dedicated=lab:NoSchedule"), "v1.32.0");
        var config = new Kubelet.Config(node, dir, new NodeAgent.Timing(Duration.ofSeconds(4), Duration.ofMillis(500), Duration.ofMinutes(5)),
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(300), List.of(), "cluster.local", "127.0.0.1",
                "10.244.0.0/24", false);
        kubelet = Kubelet.start(client, config, cidr -> runtime, null, timers, new FakeMachine());
    }

    @AfterEach
    void stop() {
        kubelet.close();
        timers.close();
        client.close();
        server.close();
    }

    <T> T await(java.util.function.Supplier<T> get, Predicate<T> ok) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            T v = get.get();
            if (v != null && ok.test(v)) return v;
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + v);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static String condition(Node n, String type) {
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(NodeCondition::getStatus).findFirst().orElse("");
    }

    @Test
    void theNodeRegistersGoesReadyAndRenewsItsLease() {
        Node node = await(() -> client.nodes().withName("node-1").get(), n -> n.getStatus() != null && "True".equals(condition(n, "Ready")));
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1").containsEntry("tier", "test")
                .containsEntry("kubernetes.io/os", "linux");
        assertThat(node.getSpec().getTaints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("fake://0.0.1");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0");
        assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=10.250.0.11", "Hostname=node-1");
        assertThat(node.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
        assertThat(node.getStatus().getAllocatable().get("memory").toString()).isEqualTo(((8L << 20) - 100 * 1024 - 256 * 1024) + "Ki");
        assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType)
                .containsExactly("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");
        var lease = await(() -> client.leases().inNamespace("kube-node-lease").withName("node-1").get(), l -> true);
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(4);
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
        var first = lease.getSpec().getRenewTime();
        await(() -> client.leases().inNamespace("kube-node-lease").withName("node-1").get().getSpec().getRenewTime(), t -> !t.equals(first));
    }

    @Test
    void aPodBoundToTheNodeRunsAndAGracefulDeleteIsConfirmed() {
        Pod pod = new PodBuilder().withNewMetadata().withName("talker").withNamespace("default").endMetadata().withNewSpec()
                .withNodeName("node-1").addNewContainer().withName("main").withImage("busybox").withCommand("busybox", "sleep", "3600")
                .endContainer().endSpec().build();
        client.pods().resource(pod).create();
        Pod running = await(() -> client.pods().withName("talker").get(), p -> "Running".equals(p.getStatus().getPhase()));
        assertThat(running.getStatus().getPodIP()).startsWith("10.244.0.");
        assertThat(running.getStatus().getHostIP()).isEqualTo("10.250.0.11");
        assertThat(running.getStatus().getContainerStatuses().getFirst().getReady()).isTrue();
        var events = await(() -> client.v1().events().inNamespace("default").list().getItems(),
                l -> l.stream().anyMatch(e -> e.getReason().equals("Started")));
        assertThat(events).extracting(e -> e.getReason()).contains("Created", "Started");
        assertThat(events).filteredOn(e -> e.getReason().equals("Started")).first()
                .satisfies(e -> assertThat(e.getSource().getHost()).isEqualTo("node-1"));

        client.pods().withName("talker").delete();
        await(() -> client.pods().withName("talker").get() == null ? "gone" : "there", "gone"::equals);
        assertThat(runtime.calls).anyMatch(c -> c.startsWith("stop talker/main#0 30s"));
        await(runtime::sandboxCount, n -> n == 0);
    }

    @Test
    void aStaticPodRunsWithAMirrorThatGoesWithItsManifest() throws Exception {
        Path manifests = dir.resolve("manifests");
        Files.createDirectories(manifests);
        Files.writeString(manifests.resolve("web.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: static-web
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: ["busybox", "sleep", "3600"]
                """);
        Pod mirror = await(() -> client.pods().inNamespace("default").withName("static-web-node-1").get(),
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
        assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
        assertThat(mirror.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
        Files.delete(manifests.resolve("web.yaml"));
        await(() -> client.pods().inNamespace("default").withName("static-web-node-1").get() == null ? "gone" : "there", "gone"::equals);
        await(runtime::sandboxCount, n -> n == 0);
    }
}
