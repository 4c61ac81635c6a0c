package io.j8s.controllers.daemon;

import static io.j8s.controllers.daemon.DaemonSetFixture.daemonSet;
import static io.j8s.controllers.daemon.DaemonSetFixture.hash;
import static io.j8s.controllers.daemon.DaemonSetFixture.node;
import static io.j8s.controllers.daemon.DaemonSetFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.j8s.controllers.history.Revisions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's {@code daemon_controller_test.go} style: informer contents in, the exact pod writes out. */
class DaemonSetControllerTest {

    static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }

    record Case(String name, DaemonSet ds, List<Node> nodes, List<Pod> pods, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> placements() {
        DaemonSet ds = daemonSet();
        DaemonSet onSsd = new DaemonSetBuilder(daemonSet()).editSpec().editTemplate().editSpec().withNodeSelector(Map.of("disk", "ssd"))
                .endSpec().endTemplate().endSpec().build();
        DaemonSet tolerant = new DaemonSetBuilder(daemonSet()).editSpec().editTemplate().editSpec()
                .withTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()).endSpec().endTemplate().endSpec().build();
        String h = hash(ds);
        return Stream.of(
                new Case("one pod per node", ds, List.of(node("n1"), node("n2"), node("n3")), List.of(),
                        List.of("create pod on n1", "create pod on n2", "create pod on n3")),
                new Case("only the missing one", ds, List.of(node("n1"), node("n2")), List.of(pod("a", ds, "n1", h, "Running", true)),
                        List.of("create pod on n2")),
                new Case("node selector", onSsd, List.of(node("n1", Map.of("disk", "ssd")), node("n2", Map.of("disk", "hdd"))), List.of(),
                        List.of("create pod on n1")),
                new Case("pod on a node the selector no longer matches", onSsd, List.of(node("n1", Map.of("disk", "hdd"))),
                        List.of(pod("a", onSsd, "n1", h, "Running", true)), List.of("delete pod default/a")),
                new Case("untolerated NoSchedule taint", ds, List.of(node("n1", Map.of(), taint("dedicated", "NoSchedule")), node("n2")),
                        List.of(), List.of("create pod on n2")),
                new Case("a running pod stays on a NoSchedule taint", ds, List.of(node("n1", Map.of(), taint("dedicated", "NoSchedule"))),
                        List.of(pod("a", ds, "n1", h, "Running", true)), List.of()),
                new Case("an untolerated NoExecute taint evicts", ds, List.of(node("n1", Map.of(), taint("dedicated", "NoExecute"))),
                        List.of(pod("a", ds, "n1", h, "Running", true)), List.of("delete pod default/a")),
                new Case("tolerated taint", tolerant, List.of(node("n1", Map.of(), taint("dedicated", "NoSchedule"))), List.of(),
                        List.of("create pod on n1")),
                new Case("daemon tolerations: not-ready, unreachable, unschedulable, pressure", ds,
                        List.of(node("n1", Map.of(), taint("node.kubernetes.io/not-ready", "NoExecute")),
                                node("n2", Map.of(), taint("node.kubernetes.io/unreachable", "NoExecute")),
                                node("n3", Map.of(), taint("node.kubernetes.io/unschedulable", "NoSchedule")),
                                node("n4", Map.of(), taint("node.kubernetes.io/memory-pressure", "NoSchedule"))),
                        List.of(), List.of("create pod on n1", "create pod on n2", "create pod on n3", "create pod on n4")),
                new Case("network-unavailable only for hostNetwork", ds,
                        List.of(node("n1", Map.of(), taint("node.kubernetes.io/network-unavailable", "NoSchedule"))), List.of(), List.of()),
                new Case("two pods on a node: the newer goes", ds, List.of(node("n1")),
                        List.of(older(pod("a", ds, "n1", h, "Running", true)), pod("b", ds, "n1", h, "Running", true)),
                        List.of("delete pod default/b")),
                new Case("a pod being deleted is not replaced yet", ds, List.of(node("n1")),
                        List.of(deleting(pod("a", ds, "n1", h, "Running", true))), List.of()),
                new Case("an orphan is adopted", ds, List.of(node("n1")), List.of(pod("a", null, "n1", h, "Running", true)),
                        List.of("patch pod default/a adopt")));
    }

    static Pod older(Pod p) {
        p.getMetadata().setCreationTimestamp("2024-01-01T00:00:00Z");
        return p;
    }

    static Pod deleting(Pod p) {
        p.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        return p;
    }

    @ParameterizedTest
    @MethodSource("placements")
    void placesOnePodPerEligibleNode(Case c) {
        var f = new DaemonSetFixture().with(c.ds()).with(c.nodes().toArray(Node[]::new)).with(c.pods().toArray(Pod[]::new));
        f.sync();
        assertThat(f.take()).isEqualTo(c.want());
    }

    @Test
    void createdPodsArePinnedByNodeAffinityAndLabelledWithTheRevision() {
        DaemonSet ds = daemonSet();
        var f = new DaemonSetFixture().with(ds).with(node("n1"));
        f.sync();
        Pod p = f.created.getFirst();
        assertThat(p.getSpec().getNodeName()).isNull();
        var terms = p.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(terms).hasSize(1);
        assertThat(terms.getFirst().getMatchFields().getFirst().getKey()).isEqualTo("metadata.name");
        assertThat(terms.getFirst().getMatchFields().getFirst().getValues()).containsExactly("n1");
        assertThat(p.getMetadata().getLabels()).containsEntry(Revisions.HASH_LABEL, hash(ds)).containsEntry("pod-template-generation", "1")
                .containsEntry("app", "agent");
        assertThat(p.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect()).containsExactly(
                "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule",
                "node.kubernetes.io/memory-pressure:NoSchedule", "node.kubernetes.io/pid-pressure:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(p.getSpec().getTolerations()).allSatisfy(t -> assertThat(t.getTolerationSeconds()).isNull());
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("DaemonSet");
    }

    @Test
    void snapshotsTheTemplateAsARevisionNamedByItsHash() {
        DaemonSet ds = daemonSet();
        var f = new DaemonSetFixture().with(ds).with(node("n1"));
        f.sync();
        ControllerRevision r = f.revisions.get("default", "agent-" + hash(ds));
        assertThat(r).isNotNull();
        assertThat(r.getRevision()).isEqualTo(1L);
        assertThat(r.getMetadata().getLabels()).containsEntry(Revisions.HASH_LABEL, hash(ds)).containsEntry("app", "agent");
        assertThat(r.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo("agent-uid");
        assertThat(DaemonRevisions.match(ds, r)).isTrue();
        f.sync();
        assertThat(f.revisionClient.take()).containsExactly("create default/agent-" + hash(ds));
    }

    @Test
    void aNewTemplateGetsTheNextRevisionAndOldOnesAreTruncated() {
        DaemonSet ds = daemonSet();
        var f = new DaemonSetFixture().with(ds);
        for (int i = 2; i <= 5; i++) {
            ds = new DaemonSetBuilder(ds).editSpec().editTemplate().editSpec().editFirstContainer().withImage("agent:" + i).endContainer()
                    .endSpec().endTemplate().withRevisionHistoryLimit(2).endSpec().build();
            f.with(ds).sync();
        }
        assertThat(f.revisions.list("default")).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(2L, 3L, 4L);
        var current = f.revisions.list("default").stream().filter(r -> r.getRevision() == 4L).findFirst().orElseThrow();
        assertThat(DaemonRevisions.match(ds, current)).isTrue();
    }

    @Test
    void rollingBackToAnOldTemplateRenumbersItsRevision() {
        DaemonSet v1 = daemonSet();
        var f = new DaemonSetFixture().with(v1);
        f.sync();
        DaemonSet v2 = new DaemonSetBuilder(v1).editSpec().editTemplate().editSpec().editFirstContainer().withImage("agent:2").endContainer()
                .endSpec().endTemplate().endSpec().build();
        f.with(v2).sync();
        f.with(v1).sync();
        assertThat(f.revisions.get("default", "agent-" + hash(v1)).getRevision()).isEqualTo(3L);
    }

    @Test
    void aFailedPodIsDeletedWithAnEventThenBacksOff() {
        DaemonSet ds = daemonSet();
        var f = new DaemonSetFixture().with(ds).with(node("n1")).with(pod("a", ds, "n1", hash(ds), "Failed", false));
        f.sync();
        assertThat(f.take()).containsExactly("delete pod default/a");
        assertThat(f.events).containsExactly("Warning FailedDaemonPod Found failed daemon pod default/a on node n1, will try to kill it");
        // The replacement failed too, within the backoff: left alone, looked at again later.
        f.pods.remove("default", "a");
        f.controller.expectations().delete("default/agent");
        f.with(pod("b", ds, "n1", hash(ds), "Failed", false));
        f.sync();
        assertThat(f.take()).isEmpty();
        f.clock.advance(Duration.ofSeconds(2));
        f.sync();
        assertThat(f.take()).containsExactly("delete pod default/b");
    }

    @Test
    void unsatisfiedExpectationsHoldTheNextSync() {
        var f = new DaemonSetFixture().with(daemonSet()).with(node("n1"), node("n2"));
        f.sync();
        assertThat(f.take()).hasSize(2);
        f.sync();
        assertThat(f.take()).isEmpty();
        f.controller.expectations().creationObserved("default/agent");
        f.controller.expectations().creationObserved("default/agent");
        f.sync();
        assertThat(f.take()).hasSize(2);
    }

    @Test
    void statusCountsScheduledReadyAvailableUpdatedAndMisscheduled() {
        DaemonSet ds = new DaemonSetBuilder(daemonSet()).editSpec().editTemplate().editSpec().withNodeSelector(Map.of("role", "agent"))
                .endSpec().endTemplate().endSpec().build();
        Map<String, String> agent = Map.of("role", "agent");
        var f = new DaemonSetFixture().with(ds).with(node("n1", agent), node("n2", agent), node("n3", agent), node("n4"))
                .with(pod("a", ds, "n1", hash(ds), "Running", true), pod("b", ds, "n2", "old", "Running", false),
                        pod("c", ds, "n4", hash(ds), "Running", true));
        f.sync();
        var s = f.lastStatus().getStatus();
        assertThat(s.getDesiredNumberScheduled()).isEqualTo(3);
        assertThat(s.getCurrentNumberScheduled()).isEqualTo(2);
        assertThat(s.getNumberMisscheduled()).isEqualTo(1);
        assertThat(s.getNumberReady()).isEqualTo(1);
        assertThat(s.getNumberAvailable()).isEqualTo(1);
        assertThat(s.getUpdatedNumberScheduled()).isEqualTo(1);
        assertThat(s.getNumberUnavailable()).isEqualTo(2);
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        DaemonSet ds = new DaemonSetBuilder(daemonSet()).editSpec().withMinReadySeconds(30).endSpec().build();
        var f = new DaemonSetFixture().with(ds).with(node("n1")).with(pod("a", ds, "n1", hash(ds), "Running", true));
        f.clock.advance(Duration.ofSeconds(10));
        f.sync();
        assertThat(f.lastStatus().getStatus().getNumberReady()).isEqualTo(1);
        assertThat(f.lastStatus().getStatus().getNumberAvailable()).isZero();
        f.clock.advance(Duration.ofSeconds(30));
        f.sync();
        assertThat(f.lastStatus().getStatus().getNumberAvailable()).isEqualTo(1);
    }

    @Test
    void rollingUpdateDeletesOldPodsWithinMaxUnavailable() {
        DaemonSet ds = daemonSet("RollingUpdate", 2, 0);
        var f = new DaemonSetFixture().with(ds).with(node("n1"), node("n2"), node("n3"))
                .with(pod("a", ds, "n1", "old", "Running", true), pod("b", ds, "n2", "old", "Running", true), pod("c", ds, "n3", "old", "Running", true));
        f.sync();
        assertThat(f.take()).containsExactly("delete pod default/a", "delete pod default/b");
    }

    @Test
    void rollingUpdateCountsUnavailableNewPodsAgainstTheBudget() {
        DaemonSet ds = daemonSet("RollingUpdate", 1, 0);
        var f = new DaemonSetFixture().with(ds).with(node("n1"), node("n2"), node("n3"))
                .with(pod("a", ds, "n1", hash(ds), "Running", false), pod("b", ds, "n2", "old", "Running", true),
                        pod("c", ds, "n3", "old", "Running", true));
        f.sync();
        assertThat(f.take()).isEmpty();
    }

    @Test
    void rollingUpdateReplacesAnUnavailableOldPodAtOnce() {
        DaemonSet ds = daemonSet("RollingUpdate", 1, 0);
        var f = new DaemonSetFixture().with(ds).with(node("n1"), node("n2"))
                .with(pod("a", ds, "n1", "old", "Running", false), pod("b", ds, "n2", "old", "Running", true));
        f.sync();
        assertThat(f.take()).containsExactly("delete pod default/a");
    }

    @Test
    void maxSurgeStartsTheNewPodBeforeDeletingTheOld() {
        DaemonSet ds = daemonSet("RollingUpdate", 0, 1);
        var f = new DaemonSetFixture().with(ds).with(node("n1"), node("n2"))
                .with(pod("a", ds, "n1", "old", "Running", true), pod("b", ds, "n2", "old", "Running", true));
        f.sync();
        assertThat(f.take()).containsExactly("create pod on n1");
        f.controller.expectations().creationObserved("default/agent");
        f.with(pod("a2", ds, "n1", hash(ds), "Running", true));
        f.sync();
        assertThat(f.take()).containsExactly("create pod on n2", "delete pod default/a");
    }

    @Test
    void onDeleteLeavesOldPodsRunning() {
        DaemonSet ds = daemonSet("OnDelete", 0, 0);
        var f = new DaemonSetFixture().with(ds).with(node("n1")).with(pod("a", ds, "n1", "old", "Running", true));
        f.sync();
        assertThat(f.take()).isEmpty();
        assertThat(f.lastStatus().getStatus().getUpdatedNumberScheduled()).isZero();
    }

    @Test
    void aRevisionNameHeldByAnotherTemplateBumpsTheCollisionCount() {
        DaemonSet ds = daemonSet();
        DaemonSet other = new DaemonSetBuilder(ds).editSpec().editTemplate().editSpec().editFirstContainer().withImage("other").endContainer()
                .endSpec().endTemplate().endSpec().build();
        var f = new DaemonSetFixture().with(other).with(node("n1"));
        f.sync();
        // The squatter: a revision of another template under the name this template hashes to.
        ControllerRevision squatter = f.revisions.list("default").getFirst();
        f.revisions.remove("default", squatter.getMetadata().getName());
        squatter.getMetadata().setName("agent-" + hash(ds));
        f.revisions.put(squatter);
        f.with(ds);
        assertThatThrownBy(f::sync).isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
        assertThat(f.lastStatus().getStatus().getCollisionCount()).isEqualTo(1);
        f.take();
        f.controller.expectations().delete("default/agent");
        f.sync();
        String newHash = Revisions.hashTemplate(ds.getSpec().getTemplate(), 1);
        assertThat(newHash).isNotEqualTo(hash(ds));
        assertThat(f.revisions.get("default", "agent-" + newHash)).isNotNull();
        assertThat(f.created.getLast().getMetadata().getLabels()).containsEntry(Revisions.HASH_LABEL, newHash);
    }

    @Test
    void anEmptySelectorIsRefused() {
        DaemonSet ds = new DaemonSetBuilder(daemonSet()).editSpec().withNewSelector().endSelector().endSpec().build();
        var f = new DaemonSetFixture().with(ds).with(node("n1"));
        f.sync();
        assertThat(f.take()).isEmpty();
        assertThat(f.events).containsExactly("Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.");
    }

    @Test
    void anUnboundPodForAVanishedNodeIsDeleted() {
        DaemonSet ds = daemonSet();
        var f = new DaemonSetFixture().with(ds).with(node("n1"));
        f.sync();
        Pod unbound = f.created.getFirst();
        unbound.getMetadata().setName("a");
        unbound.getMetadata().setUid("a-uid");
        f.nodes.remove("", "n1");
        f.controller.expectations().delete("default/agent");
        f.take();
        f.with(unbound).sync();
        assertThat(f.take()).containsExactly("delete pod default/a");
    }
}
