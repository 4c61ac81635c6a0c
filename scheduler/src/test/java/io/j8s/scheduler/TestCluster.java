package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.scheduler.config.LeaderElection;
import io.j8s.scheduler.config.SchedulerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A real API server on loopback with a fabric8 client, and helpers to make Node objects (no
 * kubelet: a node is what the API says) and pods, for the scheduler's integration tests.
 */
final class TestCluster implements AutoCloseable {

    final TestServer server;
    final KubernetesClient client;
    private final List<Scheduler> schedulers = new ArrayList<>();

    TestCluster() throws Exception {
        server = TestServer.start();
        client = client();
    }

    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default")
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Options for tests: no leader election, short backoff, no HTTP endpoint. */
    static SchedulerOptions options() {
        SchedulerConfiguration c = SchedulerConfiguration.defaults()
                .withLeaderElection(LeaderElection.DEFAULTS.withLeaderElect(false))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withParallelism(4);
        return SchedulerOptions.defaults().withConfig(c);
    }

    Scheduler startScheduler(SchedulerOptions options) throws Exception {
        Scheduler s = new Scheduler(client(), options);
        schedulers.add(s);
        s.start();
        return s;
    }

    Scheduler startScheduler() throws Exception {
        return startScheduler(options());
    }

    static Node node(String name, String cpu, String memory, UnaryOperator<NodeBuilder> more) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux")).endMetadata()
                .withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus();
        return more.apply(b).build();
    }

    Node createNode(String name, String cpu, String memory) {
        return client.nodes().resource(node(name, cpu, memory, b -> b)).create();
    }

    Node createNode(Node node) {
        return client.nodes().resource(node).create();
    }

    /** A busybox pod like the labs', with extra spec set by {@code more}. */
    static PodBuilder pod(String namespace, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").withCommand("busybox", "sleep", "3600")
                .endContainer().endSpec();
    }

    Pod create(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    Pod get(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    String nodeOf(String namespace, String name) {
        Pod p = get(namespace, name);
        return p == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    void awaitBound(String namespace, String name) {
        Poll.until(() -> !nodeOf(namespace, name).isEmpty(), () -> "pod " + namespace + "/" + name + " unbound; events: " + events(namespace, name));
    }

    /** "Reason: message" of each event about a pod, as kubectl describe lists them. */
    List<String> events(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + ": " + e.getMessage()).collect(Collectors.toList());
    }

    List<Event> eventsWithReason(String namespace, String reason) {
        return client.v1().events().inNamespace(namespace).withField("reason", reason).list().getItems();
    }

    void awaitEvent(String namespace, String pod, String text) {
        Poll.until(() -> events(namespace, pod).stream().anyMatch(e -> e.contains(text)),
                () -> "no event containing \"" + text + "\" for " + namespace + "/" + pod + "; saw " + events(namespace, pod));
    }

    /** Waits for an event whose "Reason: message" is exactly {@code text}. */
    void awaitEventExactly(String namespace, String pod, String text) {
        Poll.until(() -> events(namespace, pod).contains(text),
                () -> "no event \"" + text + "\" for " + namespace + "/" + pod + "; saw " + events(namespace, pod));
    }

    @Override
    public void close() {
        for (Scheduler s : schedulers) s.close();
        client.close();
        server.close();
    }
}
