package io.j8s.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Kubectl;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.history.Revisions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The DaemonSet controller against a real API server with simulated nodes (Node objects; tests play the kubelet). */
class DaemonSetIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "agent");

    DaemonSet daemonSet(String image, int maxUnavailable) {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(APP).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata().withNewSpec().addNewContainer().withName("agent")
                .withImage(image).endContainer().endSpec().endTemplate()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxUnavailable(new IntOrString(maxUnavailable))
                .endRollingUpdate().endUpdateStrategy().endSpec().build();
    }

    void addNode(String name, Map<String, String> labels) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
    }

    static final PatchContext MERGE = PatchContext.of(PatchType.STRATEGIC_MERGE);

    /** A patch without resourceVersion, as kubectl sends: the controller's status writes cannot make it conflict. */
    void patchDaemonSet(String patch) {
        client.apps().daemonSets().inNamespace("default").withName("agent").patch(MERGE, patch);
    }

    DaemonSet get() {
        return client.apps().daemonSets().inNamespace("default").withName("agent").get();
    }

    /** The nodes the live daemon pods are pinned to. */
    Set<String> podNodes() {
        return livePods("default", APP).stream().map(DaemonPods::targetNodeName).collect(Collectors.toCollection(TreeSet::new));
    }

    boolean rolledOut() {
        DaemonSet ds = get();
        var s = ds.getStatus();
        return s != null && Objects.equals(s.getObservedGeneration(), ds.getMetadata().getGeneration())
                && Objects.equals(s.getUpdatedNumberScheduled(), s.getDesiredNumberScheduled())
                && Objects.equals(s.getNumberAvailable(), s.getDesiredNumberScheduled());
    }

    @Test
    void followsNodesAddedRemovedTaintedAndRelabelled() {
        startManager("daemonset");
        addNode("n1", Map.of());
        addNode("n2", Map.of());
        client.apps().daemonSets().inNamespace("default").resource(daemonSet("agent:1", 1)).create();
        awaitEquals("a pod per node", Set.of("n1", "n2"), this::podNodes);
        Pod p = livePods("default", APP).getFirst();
        assertThat(p.getSpec().getNodeName()).as("left to the scheduler").isNull();
        assertThat(p.getMetadata().getLabels()).containsKeys(Revisions.HASH_LABEL, "pod-template-generation");

        addNode("n3", Map.of());
        awaitEquals("a pod on the new node", Set.of("n1", "n2", "n3"), this::podNodes);

        client.nodes().withName("n2").delete();
        awaitEquals("the pod of the removed node gone", Set.of("n1", "n3"), this::podNodes);

        client.nodes().withName("n3").patch(MERGE, "{\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoExecute\"}]}}");
        awaitEquals("evicted by an untolerated NoExecute taint", Set.of("n1"), this::podNodes);

        patchDaemonSet("{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"role\":\"edge\"}}}}}");
        awaitEquals("no node is an edge", Set.of(), this::podNodes);
        client.nodes().withName("n1").patch(MERGE, "{\"metadata\":{\"labels\":{\"role\":\"edge\"}}}");
        awaitEquals("n1 became an edge", Set.of("n1"), this::podNodes);

        makeAllReady("default", APP);
        await("status caught up", () -> {
            var s = get().getStatus();
            return s != null && s.getDesiredNumberScheduled() == 1 && s.getNumberReady() == 1 && s.getNumberAvailable() == 1
                    && s.getNumberMisscheduled() == 0 && s.getCurrentNumberScheduled() == 1;
        });
        await("SuccessfulCreate and SuccessfulDelete events", () -> {
            var reasons = client.v1().events().inNamespace("default").list().getItems().stream().map(e -> e.getReason()).toList();
            return reasons.contains("SuccessfulCreate") && reasons.contains("SuccessfulDelete");
        });
    }

    @Test
    void rollsOutOverThreeNodesWithinMaxUnavailableAndRollsBack() throws Exception {
        Kubectl.assumeInstalled();
        startManager("daemonset");
        for (String n : List.of("n1", "n2", "n3")) addNode(n, Map.of());
        client.apps().daemonSets().inNamespace("default").resource(daemonSet("agent:1", 1)).create();
        drive();
        String firstHash = livePods("default", APP).getFirst().getMetadata().getLabels().get(Revisions.HASH_LABEL);

        patchDaemonSet("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"agent\",\"image\":\"agent:2\"}]}}}}");
        drive();
        assertThat(livePods("default", APP)).hasSize(3).allSatisfy(p -> {
            assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("agent:2");
            assertThat(p.getMetadata().getLabels().get(Revisions.HASH_LABEL)).isNotEqualTo(firstHash);
        });
        List<ControllerRevision> revisions = client.apps().controllerRevisions().inNamespace("default").withLabels(APP).list().getItems();
        assertThat(revisions).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(1L, 2L);

        Kubectl kubectl = new Kubectl(server.kubeconfig());
        var status = kubectl.run("rollout", "status", "daemonset/agent", "--timeout=20s");
        assertThat(status.out()).contains("daemon set \"agent\" successfully rolled out");
        var history = kubectl.run("rollout", "history", "daemonset/agent");
        assertThat(history.code()).as(history.out()).isZero();
        assertThat(history.out()).contains("REVISION").containsPattern("(?m)^1 ").containsPattern("(?m)^2 ");
        var undo = kubectl.run("rollout", "undo", "daemonset/agent");
        assertThat(undo.code()).as(undo.out()).isZero();
        drive();
        assertThat(get().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("agent:1");
        assertThat(livePods("default", APP)).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Revisions.HASH_LABEL, firstHash));
        awaitEquals("the first revision renumbered", 3L, () -> client.apps().controllerRevisions().inNamespace("default")
                .withName("agent-" + firstHash).get().getRevision());
    }

    @Test
    void maxSurgeStartsEachNewPodBesideTheOldOne() {
        startManager("daemonset");
        for (String n : List.of("n1", "n2", "n3")) addNode(n, Map.of());
        DaemonSet ds = new DaemonSetBuilder(daemonSet("agent:1", 0)).editSpec().editUpdateStrategy().editRollingUpdate()
                .withMaxSurge(new IntOrString(1)).endRollingUpdate().endUpdateStrategy().endSpec().build();
        client.apps().daemonSets().inNamespace("default").resource(ds).create();
        drive();
        patchDaemonSet("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"agent\",\"image\":\"agent:2\"}]}}}}");
        await("the surge rollout completes", () -> {
            List<Pod> live = livePods("default", APP);
            // A node whose new pod is available may still show its old one for a moment (created before deleted, as upstream).
            long surging = live.stream().collect(Collectors.groupingBy(DaemonPods::targetNodeName)).values().stream()
                    .filter(ps -> ps.size() > 1 && ps.stream().anyMatch(p -> !Pods.isReady(p))).count();
            assertThat(surging).as("nodes with a new pod not yet available beside the old, within maxSurge").isLessThanOrEqualTo(1);
            long readyNodes = live.stream().filter(Pods::isReady).map(DaemonPods::targetNodeName).distinct().count();
            assertThat(readyNodes).as("no node without a ready pod").isEqualTo(3);
            if (live.size() == 3 && rolledOut()) return true;
            live.stream().filter(p -> !Pods.isReady(p)).findFirst().ifPresent(this::makeReady);
            return false;
        });
        assertThat(livePods("default", APP)).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("agent:2"));
    }

    int readySeen;

    /** Makes daemon pods ready one at a time until rolled out, checking at every step that at most one node lacks a ready pod. */
    void drive() {
        readySeen = 0;
        await("the rollout completes", () -> {
            List<Pod> live = livePods("default", APP);
            long readyNodes = live.stream().filter(Pods::isReady).map(DaemonPods::targetNodeName).distinct().count();
            assertThat(readyNodes).as("nodes with a ready pod within maxUnavailable").isGreaterThanOrEqualTo(Math.min(2, readySeen));
            readySeen = Math.max(readySeen, (int) readyNodes);
            if (live.size() == 3 && rolledOut()) return true;
            live.stream().filter(p -> !Pods.isReady(p)).findFirst().ifPresent(this::makeReady);
            return false;
        });
    }
}
