package io.j8s.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Builtins;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.common.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lab 07 in seconds: two nodes whose "kubelets" are a loop renewing their Leases; one stops, goes
 * Unknown and tainted, its pod is evicted after the API server's default toleration and replaced;
 * it comes back and the taints go.
 */
class NodeLifecycleIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "survivor");
    final Set<String> alive = ConcurrentHashMap.newKeySet();
    volatile boolean stopped;

    @Override
    protected TestServer startServer() throws Exception {
        // --default-unreachable-toleration-seconds=3, as the lab runs the server with 10.
        return new TestServer(new ApiServer.Parts(Builtins.rules(new DefaultsConfig(3, 3)), Builtins.hooks(Clock.systemUTC()),
                server -> new ServerConnector(server, new HttpConnectionFactory()), handler -> handler,
                javax.net.ssl.SSLContext.getDefault()));
    }

    @AfterEach
    void stopHeartbeats() {
        stopped = true;
    }

    void node(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        postReady(name);
        client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName(name)
                .withNamespace("kube-node-lease").endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(4)
                .withRenewTime(ZonedDateTime.now()).endSpec().build()).create();
        alive.add(name);
    }

    /** What a kubelet posts: Ready True with a fresh heartbeat. */
    void postReady(String name) {
        String now = Times.format(Instant.now());
        client.nodes().withName(name).editStatus(n -> {
            if (n.getStatus() == null) n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
            n.getStatus().setConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now).build()));
            return n;
        });
    }

    void heartbeats() {
        Thread.ofVirtual().start(() -> {
            while (!stopped) {
                for (String n : alive) {
                    try {
                        client.leases().inNamespace("kube-node-lease").withName(n).edit(l -> {
                            l.getSpec().setRenewTime(ZonedDateTime.now());
                            return l;
                        });
                    } catch (RuntimeException e) {
                        // the next round renews
                    }
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** What the scheduler does: POST pods/{name}/binding. */
    void bind(Pod p, String node) {
        client.raw(server.url() + "/api/v1/namespaces/default/pods/" + p.getMetadata().getName() + "/binding", "POST",
                new BindingBuilder().withNewMetadata().withName(p.getMetadata().getName()).endMetadata().withNewTarget().withKind("Node")
                        .withName(node).endTarget().build());
        awaitEquals("bound", node, () -> client.pods().inNamespace("default").withName(p.getMetadata().getName()).get().getSpec().getNodeName());
    }

    Node get(String name) {
        return client.nodes().withName(name).get();
    }

    static List<String> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList();
    }

    @Test
    void aSilentNodeGoesUnknownItsPodIsEvictedAndReplacedAndItRecovers() {
        node("node-1");
        node("node-2");
        heartbeats();
        startManager(ControllerManagerOptions.defaults().withControllers(List.of("replicaset", "nodelifecycle"))
                .withNodeLifecycle(new ControllerManagerOptions.NodeLifecycle(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2))));
        var rs = Fixtures.replicaSet("survivor", 2, APP);
        rs.getMetadata().setUid(null);
        rs.getMetadata().setResourceVersion(null);
        client.apps().replicaSets().inNamespace("default").resource(rs).create();
        awaitEquals("two pods", 2, () -> livePods("default", APP).size());
        List<Pod> two = livePods("default", APP);
        bind(two.get(0), "node-1");
        bind(two.get(1), "node-2");
        two.forEach(this::makeReady);
        Pod victim = client.pods().inNamespace("default").withName(two.get(1).getMetadata().getName()).get();
        assertThat(victim.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                .contains(org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", 3L));

        alive.remove("node-2");
        await("node-2 goes Unknown", () -> {
            NodeCondition ready = NodeLifecycleController.condition(get("node-2"), "Ready");
            return "Unknown".equals(ready.getStatus()) && "NodeStatusUnknown".equals(ready.getReason())
                    && "Kubelet stopped posting node status.".equals(ready.getMessage());
        });
        awaitEquals("node-2's taints", List.of("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"),
                () -> taints(get("node-2")));
        assertThat(taints(get("node-1"))).isEmpty();
        assertThat(get("node-2").getSpec().getTaints()).filteredOn(t -> t.getEffect().equals("NoExecute"))
                .allSatisfy(t -> assertThat(t.getTimeAdded()).isNotNull());
        await("its pod marked not ready", () -> !io.j8s.controllers.common.Pods.isReady(
                client.pods().inNamespace("default").withName(victim.getMetadata().getName()).get()));

        await("its pod evicted after the toleration and replaced", () -> {
            Pod v = client.pods().inNamespace("default").withName(victim.getMetadata().getName()).get();
            return v != null && v.getMetadata().getDeletionTimestamp() != null && livePods("default", APP).size() == 2;
        });
        assertThat(livePods("default", APP)).noneMatch(p -> p.getMetadata().getName().equals(victim.getMetadata().getName()));
        await("an eviction event", () -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "TaintManagerEviction".equals(e.getReason())
                        && e.getMessage().equals("Marking for deletion Pod default/" + victim.getMetadata().getName())));

        alive.add("node-2");
        postReady("node-2");
        awaitEquals("node-2's taints lifted", List.<String>of(), () -> taints(get("node-2")));
        assertThat(NodeLifecycleController.condition(get("node-2"), "Ready").getStatus()).isEqualTo("True");
    }
}
