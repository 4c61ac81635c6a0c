package io.j8s.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Node health, taints and evictions on a fake clock over a fixture of nodes, leases and pods. */
class NodeLifecycleControllerTest {

    static final ControllerManagerOptions.NodeLifecycle TIMINGS = new ControllerManagerOptions.NodeLifecycle(Duration.ofSeconds(5),
            Duration.ofSeconds(40), Duration.ofSeconds(60));

    final FakeClock clock = new FakeClock();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));
    final StaticLister<Node> nodes = new StaticLister<>();
    final StaticLister<Lease> leases = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final List<String> actions = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    final NodeLifecycleController.NodeClient client = new NodeLifecycleController.NodeClient() {
        @Override
        public void updateNodeStatus(Node node) {
            actions.add("status " + node.getMetadata().getName() + " " + node.getStatus().getConditions().stream()
                    .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).collect(Collectors.joining(",")));
            nodes.put(node);
        }

        @Override
        public void updateTaints(String name, UnaryOperator<List<Taint>> change) {
            Node n = Copies.deepCopy(nodes.get("", name));
            List<Taint> after = change.apply(new ArrayList<>(Taints.of(n)));
            n.getSpec().setTaints(after);
            nodes.put(n);
            actions.add("taints " + name + " " + after.stream().map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList());
        }

        @Override
        public void markPodNotReady(Pod pod) {
            actions.add("not ready " + pod.getMetadata().getName());
        }

        @Override
        public void deletePod(String namespace, String name) {
            actions.add("delete pod " + name);
            pods.remove(namespace, name);
        }
    };

    final NodeLifecycleController controller = new NodeLifecycleController(nodes, leases, pods, client,
            (obj, type, reason, message) -> events.add(reason + " " + message), queue, clock, TIMINGS);

    Node node(String name, String readyStatus) {
        var b = new NodeBuilder().withNewMetadata().withName(name).withCreationTimestamp("2024-12-31T00:00:00Z").endMetadata()
                .withNewSpec().endSpec().withNewStatus().endStatus();
        if (readyStatus != null) {
            b.editStatus().addNewCondition().withType("Ready").withStatus(readyStatus).withReason("KubeletReady")
                    .withLastHeartbeatTime("2025-01-01T00:00:00Z").endCondition()
                    .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition().endStatus();
        }
        return b.build();
    }

    void lease(String node, ZonedDateTime renew) {
        leases.put(new LeaseBuilder().withNewMetadata().withNamespace("kube-node-lease").withName(node).endMetadata()
                .withNewSpec().withRenewTime(renew).endSpec().build());
    }

    Pod podOn(String name, String node, Long unreachableSeconds) {
        Pod p = Fixtures.pod(name, Map.of(), null, "Running", true, node);
        if (unreachableSeconds != null) {
            p = new PodBuilder(p).editSpec().addToTolerations(new TolerationBuilder().withKey(Taints.UNREACHABLE).withOperator("Exists")
                    .withEffect("NoExecute").withTolerationSeconds(unreachableSeconds).build()).endSpec().build();
        }
        pods.put(p);
        return p;
    }

    /** Healthy nodes: their Lease is renewed before each pass. */
    final List<String> healthy = new ArrayList<>();

    void healthy(String... names) {
        for (String n : names) {
            nodes.put(node(n, "True"));
            healthy.add(n);
        }
    }

    /** One monitor pass, the healthy nodes having renewed their Leases. */
    void pass() {
        for (String n : healthy) lease(n, ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        controller.monitorNodeHealth();
    }

    List<String> taintActions() {
        return actions.stream().filter(a -> a.startsWith("taints")).toList();
    }

    /** Runs every queued key that is due now (pod evictions, node passes), as the workers would. */
    void drain() {
        for (Optional<String> k; (k = queue.poll()).isPresent(); ) {
            if (!k.get().equals(NodeLifecycleController.MONITOR)) controller.sync(k.get());
            queue.done(k.get());
        }
    }

    @Test
    void aNodeWhoseHeartbeatsStopGoesUnknownAfterTheGracePeriodOnly() {
        healthy("n0");
        nodes.put(node("n1", "True"));
        ZonedDateTime t0 = ZonedDateTime.parse("2025-01-01T00:00:00Z");
        lease("n1", t0);
        pass();
        clock.advance(Duration.ofSeconds(30));
        lease("n1", t0.plusSeconds(30));
        pass();
        clock.advance(Duration.ofSeconds(40));
        pass();
        assertThat(actions).as("the lease moved 40 s ago, not more").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        podOn("web-1", "n1", null);
        pass();
        assertThat(actions).containsExactly(
                "status n1 Ready=Unknown/NodeStatusUnknown,MemoryPressure=Unknown/NodeStatusUnknown,DiskPressure=Unknown/NodeStatusNeverUpdated,"
                        + "PIDPressure=Unknown/NodeStatusNeverUpdated",
                "not ready web-1",
                "taints n1 [node.kubernetes.io/unreachable:NoExecute]");
        assertThat(NodeLifecycleController.condition(nodes.get("", "n1"), "Ready").getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(events).containsExactly("NodeNotReady Node n1 status is now: NodeNotReady");
    }

    @Test
    void aNodeThatNeverPostedStatusGetsTheStartupGracePeriod() {
        nodes.put(node("n1", null));
        controller.monitorNodeHealth();
        clock.advance(Duration.ofSeconds(41));
        controller.monitorNodeHealth();
        assertThat(actions).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        controller.monitorNodeHealth();
        assertThat(actions.getFirst()).startsWith("status n1 Ready=Unknown/NodeStatusNeverUpdated");
    }

    @Test
    void readyFalseIsNotReadyAndReadyTrueLiftsTheNoExecuteTaints() {
        healthy("n0");
        nodes.put(node("n1", "False"));
        pass();
        assertThat(actions).containsExactly("taints n1 [node.kubernetes.io/not-ready:NoExecute]");
        actions.clear();
        Node back = Copies.deepCopy(nodes.get("", "n1"));
        back.getStatus().getConditions().getFirst().setStatus("True");
        nodes.put(back);
        pass();
        assertThat(actions).containsExactly("taints n1 []");
    }

    @Test
    void nodesOfAZoneAreTaintedAtTheEvictionRate() {
        healthy("h1", "h2", "h3");
        nodes.put(node("n1", "False"));
        nodes.put(node("n2", "False"));
        pass();
        assertThat(taintActions()).hasSize(1);
        clock.advance(Duration.ofSeconds(9));
        pass();
        assertThat(taintActions()).as("0.1 nodes a second").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        pass();
        assertThat(taintActions()).containsExactlyInAnyOrder("taints n1 [node.kubernetes.io/not-ready:NoExecute]",
                "taints n2 [node.kubernetes.io/not-ready:NoExecute]");
    }

    @Test
    void aSmallZoneInPartialDisruptionStopsTainting() {
        healthy("h1");
        for (String n : List.of("n1", "n2", "n3")) nodes.put(node(n, "False"));
        pass();
        clock.advance(Duration.ofMinutes(5));
        pass();
        assertThat(taintActions()).isEmpty();
    }

    @Test
    void whenEveryNodeIsDownNobodyIsTaintedAndTaintsAreLifted() {
        Node n1 = node("n1", "False");
        n1.getSpec().setTaints(List.of(Taints.taint(Taints.NOT_READY, "NoExecute", "2025-01-01T00:00:00Z")));
        nodes.put(n1);
        nodes.put(node("n2", "False"));
        pass();
        clock.advance(Duration.ofMinutes(1));
        pass();
        assertThat(taintActions()).containsExactly("taints n1 []");
    }

    @Test
    void noScheduleTaintsFollowTheConditionsAndUnschedulable() {
        Node n = node("n1", "Unknown");
        n.getSpec().setUnschedulable(true);
        nodes.put(n);
        controller.doNoScheduleTaintingPass(n);
        assertThat(actions).containsExactly("taints n1 [node.kubernetes.io/unreachable:NoSchedule, node.kubernetes.io/unschedulable:NoSchedule]");
        actions.clear();
        Node ready = Copies.deepCopy(nodes.get("", "n1"));
        ready.getStatus().getConditions().getFirst().setStatus("True");
        ready.getSpec().setUnschedulable(false);
        nodes.put(ready);
        controller.doNoScheduleTaintingPass(ready);
        assertThat(actions).containsExactly("taints n1 []");
    }

    @Test
    void podsAreEvictedWhenTheirTolerationRunsOutAndThoseThatDoNotTolerateAtOnce() {
        Node n = node("n1", "Unknown");
        n.getSpec().setTaints(List.of(Taints.taint(Taints.UNREACHABLE, "NoExecute", "2025-01-01T00:00:00Z"),
                Taints.taint(Taints.UNREACHABLE, "NoSchedule", null)));
        nodes.put(n);
        podOn("tolerates-10s", "n1", 10L);
        podOn("tolerates-not", "n1", null);
        Pod forever = podOn("tolerates-forever", "n1", null);
        pods.put(new PodBuilder(forever).editSpec().addNewToleration().withOperator("Exists").endToleration().endSpec().build());
        controller.sync("node/n1");
        drain();
        assertThat(actions).containsExactly("delete pod tolerates-not");
        clock.advance(Duration.ofSeconds(9));
        drain();
        assertThat(actions).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        drain();
        assertThat(actions).containsExactly("delete pod tolerates-not", "delete pod tolerates-10s");
        assertThat(events).containsExactly("TaintManagerEviction Marking for deletion Pod default/tolerates-not",
                "TaintManagerEviction Marking for deletion Pod default/tolerates-10s");
    }

    @Test
    void aTaintLiftedInTimeCancelsTheEviction() {
        Node n = node("n1", "Unknown");
        n.getSpec().setTaints(List.of(Taints.taint(Taints.UNREACHABLE, "NoExecute", "2025-01-01T00:00:00Z")));
        nodes.put(n);
        podOn("web-1", "n1", 300L);
        controller.sync("node/n1");
        drain();
        Node back = node("n1", "True");
        nodes.put(back);
        controller.sync("node/n1");
        drain();
        clock.advance(Duration.ofSeconds(300));
        drain();
        assertThat(actions).noneMatch(a -> a.startsWith("delete"));
        assertThat(events).containsExactly("TaintManagerEviction Cancelling deletion of Pod default/web-1");
    }

    @Test
    void tolerationMatchingIsUpstreams() {
        Taint t = Taints.taint(Taints.UNREACHABLE, "NoExecute", null);
        assertThat(Taints.tolerates(new TolerationBuilder().withOperator("Exists").build(), t)).isTrue();
        assertThat(Taints.tolerates(new TolerationBuilder().withKey(Taints.UNREACHABLE).withOperator("Exists").withEffect("NoSchedule").build(), t))
                .isFalse();
        assertThat(Taints.tolerates(new TolerationBuilder().withKey(Taints.UNREACHABLE).withValue("").build(), t)).isTrue();
        assertThat(Taints.minTolerationTime(List.of(t), List.of(new TolerationBuilder().withOperator("Exists").withTolerationSeconds(-5L).build())))
                .isZero();
    }
}
