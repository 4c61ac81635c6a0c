package io.j8s.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.runtime.LeaderElection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller manager against a real API server: node IPAM end to end, and leader election. */
class ControllerManagerTest {

    static final LeaderElection.Timing FAST = new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500),
            Duration.ofMillis(200));

    TestServer server;
    KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        client = client();
    }

    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    Node createNode(String name) {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    String podCidrOf(String name) {
        return client.nodes().withName(name)
                .waitUntilCondition(n -> n != null && n.getSpec() != null && n.getSpec().getPodCIDR() != null, 30, TimeUnit.SECONDS)
                .getSpec().getPodCIDR();
    }

    @Test
    void everyNodeGetsItsOwnSubnetOfTheClusterCidr() {
        createNode("before-start");
        try (var cm = ControllerManager.start(client, ControllerManagerOptions.defaults())) {
            createNode("node-1");
            createNode("node-2");
            Set<String> cidrs = new HashSet<>();
            for (String n : List.of("before-start", "node-1", "node-2")) cidrs.add(podCidrOf(n));
            assertThat(cidrs).hasSize(3).allSatisfy(c -> assertThat(c).matches("10\\.244\\.[0-9]+\\.0/24"));
            Node node = client.nodes().withName("node-1").get();
            assertThat(node.getSpec().getPodCIDRs()).containsExactly(node.getSpec().getPodCIDR());
        }
    }

    @Test
    void withoutAllocateNodeCidrsOrWhenDisabledNoSubnetIsSet() throws Exception {
        var off = ControllerManagerOptions.defaults().withNodeIpam(new ControllerManagerOptions.NodeIpam(false, List.of(), 24, 64));
        try (var a = ControllerManager.start(client, off);
             var b = ControllerManager.start(client, ControllerManagerOptions.defaults().withControllers(List.of("*", "-nodeipam")))) {
            createNode("node-1");
            // The positive control: a manager that allocates, started after, sees the node bare.
            try (var c = ControllerManager.start(client(), ControllerManagerOptions.defaults())) {
                assertThat(podCidrOf("node-1")).isEqualTo("10.244.0.0/24");
            }
        }
    }

    @Test
    void unknownControllersAreRefused() {
        assertThatThrownBy(() -> ControllerManager.start(client, ControllerManagerOptions.defaults().withControllers(List.of("nope"))))
                .hasMessageContaining("\"nope\" is not in the list of known controllers");
    }

    @Test
    void onlyTheLeaderRunsControllersAndAStandbyTakesOver() {
        var options = ControllerManagerOptions.defaults().withLeaderElection(true, FAST);
        KubernetesClient second = client();
        try (var a = ControllerManager.start(client, options)) {
            await(a::isRunning);
            try (var b = ControllerManager.start(second, options)) {
                createNode("node-1");
                assertThat(podCidrOf("node-1")).isNotEmpty();
                assertThat(b.isRunning()).isFalse();
                assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                        .getSpec().getHolderIdentity()).isNotEmpty();
                a.close();
                await(b::isRunning);
                createNode("node-2");
                assertThat(podCidrOf("node-2")).isNotEqualTo(podCidrOf("node-1"));
            }
        } finally {
            second.close();
        }
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
