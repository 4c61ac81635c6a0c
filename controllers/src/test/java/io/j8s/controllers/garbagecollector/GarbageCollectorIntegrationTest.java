package io.j8s.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.Kubectl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cascading deletion end to end: the real kubectl's three propagation policies against a real API server. */
class GarbageCollectorIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "web");
    Kubectl kubectl;

    @BeforeEach
    void setUp() throws Exception {
        Kubectl.assumeInstalled();
        kubectl = new Kubectl(server.kubeconfig());
        startManager("replicaset", "deployment", "garbage-collector-controller");
    }

    List<Pod> pods() {
        return client.pods().inNamespace("default").withLabels(APP).list().getItems();
    }

    /** A ReplicaSet whose pods are bound to a node: with no kubelet to confirm, they stay Terminating until forced. */
    void boundReplicaSet(int replicas) {
        ReplicaSet rs = Fixtures.replicaSet("web", replicas, APP);
        rs.getMetadata().setUid(null);
        rs.getMetadata().setResourceVersion(null);
        rs.getSpec().getTemplate().getSpec().setNodeName("node-1");
        client.apps().replicaSets().inNamespace("default").resource(rs).create();
        awaitEquals("pods", replicas, () -> pods().size());
    }

    @Test
    void deletingADeploymentCollectsItsReplicaSetsAndPods() {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(APP).endSelector().withNewTemplate().withNewMetadata()
                .withLabels(APP).endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        awaitEquals("pods", 2, () -> pods().size());
        var run = kubectl.run("delete", "deployment", "web");
        assertThat(run.code()).as(run.out()).isZero();
        await("its ReplicaSet and pods are collected", () -> pods().isEmpty()
                && client.apps().replicaSets().inNamespace("default").list().getItems().isEmpty());
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsPodsAreGone() {
        boundReplicaSet(2);
        var run = kubectl.run("delete", "replicaset", "web", "--cascade=foreground", "--wait=false");
        assertThat(run.code()).as(run.out()).isZero();
        await("the pods are Terminating", () -> pods().stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
        ReplicaSet waiting = client.apps().replicaSets().inNamespace("default").withName("web").get();
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(waiting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
        // The kubelet would confirm; here the test does.
        for (Pod p : pods()) client.pods().inNamespace("default").resource(p).withGracePeriod(0).delete();
        await("the ReplicaSet goes once its pods have", () -> client.apps().replicaSets().inNamespace("default").withName("web").get() == null);
    }

    @Test
    void orphanDeletionLeavesThePodsWithoutOwner() {
        boundReplicaSet(2);
        var run = kubectl.run("delete", "replicaset", "web", "--cascade=orphan");
        assertThat(run.code()).as(run.out()).isZero();
        await("the ReplicaSet is gone", () -> client.apps().replicaSets().inNamespace("default").withName("web").get() == null);
        assertThat(pods()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
        });
    }
}
