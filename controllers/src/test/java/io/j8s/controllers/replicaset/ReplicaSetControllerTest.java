package io.j8s.controllers.replicaset;

import static io.j8s.controllers.Fixtures.pod;
import static io.j8s.controllers.Fixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.common.FakePodControl;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetControllerTest {

    static final Map<String, String> APP = Map.of("app", "web");
    static final ReplicaSet RS = replicaSet("web", 3, APP);

    final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:10:00Z"));
    final StaticLister<ReplicaSet> replicaSets = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final FakePodControl podControl = new FakePodControl();
    final List<String> statusWrites = new ArrayList<>();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));

    final ReplicaSetController.ReplicaSetClient client = new ReplicaSetController.ReplicaSetClient() {
        @Override
        public ReplicaSet updateStatus(ReplicaSet rs) {
            var s = rs.getStatus();
            statusWrites.add("replicas=" + s.getReplicas() + " fullyLabeled=" + s.getFullyLabeledReplicas() + " ready="
                    + s.getReadyReplicas() + " available=" + s.getAvailableReplicas() + " observedGeneration=" + s.getObservedGeneration());
            return rs;
        }

        @Override
        public ReplicaSet get(String namespace, String name) {
            return replicaSets.get(namespace, name);
        }
    };

    ReplicaSetController controller() {
        return new ReplicaSetController(replicaSets, pods, podControl, client, queue, clock, 500);
    }

    record Case(String name, ReplicaSet rs, List<Pod> pods, List<String> wantActions, String wantStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Pod running(String name, String node) {
        return pod(name, APP, RS, "Running", true, node);
    }

    static Pod newer(Pod p) {
        return new PodBuilder(p).editMetadata().withCreationTimestamp("2025-01-01T00:05:00Z").endMetadata().build();
    }

    static Stream<Case> cases() {
        ReplicaSet other = replicaSet("other", 1, Map.of("app", "other"));
        ReplicaSet deleting = new ReplicaSetBuilder(RS).editMetadata().withDeletionTimestamp("2025-01-01T00:09:00Z").endMetadata().build();
        return Stream.of(
                new Case("creates the missing replicas", RS, List.of(running("a", "n1")),
                        List.of("create pod default for ReplicaSet web", "create pod default for ReplicaSet web"),
                        "replicas=1 fullyLabeled=1 ready=1 available=1 observedGeneration=1"),
                new Case("does nothing when the count is right", RS, List.of(running("a", "n1"), running("b", "n2"), running("c", "n3")),
                        List.of(), "replicas=3 fullyLabeled=3 ready=3 available=3 observedGeneration=1"),
                new Case("deletes the least valuable: unassigned, then pending, then not ready", replicaSet("web", 1, APP),
                        List.of(running("ready", "n1"), pod("unassigned", APP, RS, "Pending", false, ""),
                                pod("pending", APP, RS, "Pending", false, "n2"), pod("notready", APP, RS, "Running", false, "n3")),
                        List.of("delete pod default/notready", "delete pod default/pending", "delete pod default/unassigned"),
                        "replicas=4 fullyLabeled=4 ready=1 available=1 observedGeneration=1"),
                new Case("of ready pods, a doubled-up one goes first", replicaSet("web", 2, APP),
                        List.of(running("alone", "n1"), running("twin-a", "n2"), newer(running("twin-b", "n2"))),
                        List.of("delete pod default/twin-b"), "replicas=3 fullyLabeled=3 ready=3 available=3 observedGeneration=1"),
                new Case("finished and deleting pods do not count", replicaSet("web", 1, APP),
                        List.of(pod("done", APP, RS, "Succeeded", false, "n1"),
                                new PodBuilder(running("going", "n1")).editMetadata().withDeletionTimestamp("2025-01-01T00:09:00Z").endMetadata().build()),
                        List.of("create pod default for ReplicaSet web"), "replicas=0 fullyLabeled=0 ready=0 available=0 observedGeneration=1"),
                new Case("adopts a matching orphan, releases a pod that stopped matching, leaves another's alone", replicaSet("web", 1, APP),
                        List.of(pod("orphan", APP, null, "Running", true, "n1"), pod("relabelled", Map.of("app", "x"), RS, "Running", true, "n1"),
                                pod("others", APP, other, "Running", true, "n1")),
                        List.of("patch pod default/orphan adopt", "patch pod default/relabelled release"),
                        "replicas=1 fullyLabeled=1 ready=1 available=1 observedGeneration=1"),
                new Case("a ReplicaSet being deleted neither creates nor adopts", deleting,
                        List.of(pod("orphan", APP, null, "Running", true, "n1")), List.of(),
                        "replicas=0 fullyLabeled=0 ready=0 available=0 observedGeneration=1"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sync(Case c) {
        replicaSets.put(c.rs());
        pods.putAll(c.pods());
        controller().sync("default/web");
        assertThat(podControl.take()).isEqualTo(c.wantActions());
        assertThat(statusWrites).containsExactly(c.wantStatus());
    }

    @Test
    void expectationsHoldTheNextSyncUntilTheCreatesAreSeen() {
        replicaSets.put(RS);
        var rsc = controller();
        rsc.sync("default/web");
        assertThat(podControl.take()).hasSize(3);
        rsc.sync("default/web");
        assertThat(podControl.take()).as("the cache does not show the pods yet: no second round").isEmpty();
        var handler = rsc.podHandler();
        for (String n : List.of("a", "b")) {
            Pod p = pod(n, APP, RS, "Pending", false, "");
            pods.put(p);
            handler.onAdd(p);
        }
        rsc.sync("default/web");
        assertThat(podControl.take()).as("one create still unobserved").isEmpty();
        // A pod deleted meanwhile by someone else is replaced once all is seen.
        Pod c = pod("c", APP, RS, "Pending", false, "");
        pods.put(c);
        handler.onAdd(c);
        pods.remove("default", "a");
        rsc.sync("default/web");
        assertThat(podControl.take()).containsExactly("create pod default for ReplicaSet web");
    }

    @Test
    void expectationsExpireAfterFiveMinutes() {
        replicaSets.put(RS);
        var rsc = controller();
        rsc.sync("default/web");
        podControl.take();
        clock.advance(Duration.ofMinutes(5));
        rsc.sync("default/web");
        assertThat(podControl.take()).hasSize(3);
    }

    @Test
    void createsInSlowStartBatchesAndStopsAtTheFirstFailingBatch() {
        replicaSets.put(replicaSet("web", 10, APP));
        podControl.createLimit.set(4);
        var rsc = controller();
        assertThatThrownBy(() -> rsc.sync("default/web")).hasMessage("quota exceeded");
        // Batches of 1 and 2 succeed, the batch of 4 has one success: 4 creates, none after.
        assertThat(podControl.take()).hasSize(4);
        assertThat(rsc.expectations().satisfied("default/web")).as("only the 4 made are expected").isFalse();
        assertThat(statusWrites).hasSize(1);
    }

    @Test
    void availableWaitsForMinReadySecondsAndTheKeyComesBackThen() {
        ReplicaSet rs = new ReplicaSetBuilder(replicaSet("web", 1, APP)).editSpec().withMinReadySeconds(30).endSpec().build();
        replicaSets.put(rs);
        Pod p = pod("a", APP, rs, "Running", true, "n1");
        p.getStatus().getConditions().getFirst().setLastTransitionTime("2025-01-01T00:09:50Z");
        pods.put(p);
        var rsc = controller();
        rsc.sync("default/web");
        assertThat(statusWrites).containsExactly("replicas=1 fullyLabeled=1 ready=1 available=0 observedGeneration=1");
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.poll()).contains("default/web");
    }

    @Test
    void slowStartBatchCountsSuccesses() {
        assertThat(ReplicaSetController.slowStartBatch(7, 1, () -> { }).successes()).isEqualTo(7);
        assertThat(ReplicaSetController.slowStartBatch(0, 1, () -> { }).successes()).isZero();
    }
}
