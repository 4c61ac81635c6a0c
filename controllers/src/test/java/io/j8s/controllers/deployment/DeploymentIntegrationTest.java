package io.j8s.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Kubectl;
import io.j8s.controllers.common.Pods;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The Deployment and ReplicaSet controllers against a real API server, driven by the real kubectl where it counts. */
class DeploymentIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "web");

    Deployment deployment(int replicas, String image, int maxSurge, int maxUnavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(APP).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage(image).endContainer().endSpec().endTemplate()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(maxSurge))
                .withMaxUnavailable(new IntOrString(maxUnavailable)).endRollingUpdate().endStrategy().endSpec().build();
    }

    Deployment get() {
        return client.apps().deployments().inNamespace("default").withName("web").get();
    }

    boolean complete() {
        Deployment d = get();
        var s = d.getStatus();
        return s != null && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(s.getUpdatedReplicas(), d.getSpec().getReplicas()) && Objects.equals(s.getReplicas(), d.getSpec().getReplicas())
                && Objects.equals(s.getAvailableReplicas(), d.getSpec().getReplicas());
    }

    /** Makes pods ready one at a time until the rollout completes, checking the strategy's bounds at every step. */
    void driveRollout(int replicas, int maxSurge, int maxUnavailable) {
        await("the rollout completes", () -> {
            List<Pod> live = livePods("default", APP);
            assertThat(live.size()).as("live pods within maxSurge").isLessThanOrEqualTo(replicas + maxSurge);
            long ready = live.stream().filter(Pods::isReady).count();
            if (complete()) return true;
            // Readiness only grows here, and the controller may only take a ready pod away within maxUnavailable.
            assertThat(ready).as("ready pods within maxUnavailable").isGreaterThanOrEqualTo(Math.min(replicas - maxUnavailable, readySeen));
            readySeen = Math.max(readySeen, (int) ready);
            live.stream().filter(p -> !Pods.isReady(p)).findFirst().ifPresent(this::makeReady);
            return false;
        });
        readySeen = 0;
    }

    int readySeen;

    List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace("default").withLabels(APP).list().getItems();
    }

    @Test
    void rollsOutScalesUpdatesWithinItsBoundsAndRollsBack() throws Exception {
        Kubectl.assumeInstalled();
        Kubectl kubectl = new Kubectl(server.kubeconfig());
        startManager("replicaset", "deployment");
        client.apps().deployments().inNamespace("default").resource(deployment(3, "nginx:1", 1, 0)).create();
        driveRollout(3, 1, 0);
        var status = kubectl.run("rollout", "status", "deployment/web", "--timeout=20s");
        assertThat(status.out()).contains("successfully rolled out");
        ReplicaSet first = replicaSets().getFirst();
        assertThat(first.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(first.getMetadata().getLabels()).containsKey("pod-template-hash");
        assertThat(first.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(livePods("default", APP)).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
                .containsEntry("pod-template-hash", first.getMetadata().getLabels().get("pod-template-hash")));
        await("a ScalingReplicaSet event", () -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> e.getMessage().equals("Scaled up replica set " + first.getMetadata().getName() + " from 0 to 3")));

        assertThat(kubectl.run("scale", "deployment/web", "--replicas=5").code()).isZero();
        driveRollout(5, 1, 0);
        assertThat(kubectl.run("get", "deployment", "web").out()).contains("5/5");

        assertThat(kubectl.run("set", "image", "deployment/web", "web=nginx:2").code()).isZero();
        driveRollout(5, 1, 0);
        assertThat(replicaSets()).hasSize(2);
        assertThat(kubectl.run("rollout", "history", "deployment/web").out()).contains("1 ").contains("2 ");
        assertThat(get().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");

        var undo = kubectl.run("rollout", "undo", "deployment/web");
        assertThat(undo.code()).as(undo.out()).isZero();
        driveRollout(5, 1, 0);
        assertThat(get().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1");
        assertThat(replicaSets()).hasSize(2);
        ReplicaSet back = client.apps().replicaSets().inNamespace("default").withName(first.getMetadata().getName()).get();
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(back.getSpec().getReplicas()).isEqualTo(5);
        assertThat(kubectl.run("rollout", "status", "deployment/web", "--timeout=20s").out()).contains("successfully rolled out");
    }

    @Test
    void maxUnavailableRollsWithoutSurge() {
        startManager("replicaset", "deployment");
        client.apps().deployments().inNamespace("default").resource(deployment(4, "nginx:1", 0, 2)).create();
        driveRollout(4, 0, 2);
        client.apps().deployments().inNamespace("default").withName("web")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().withImage("nginx:2")
                        .endContainer().endSpec().endTemplate().endSpec().build());
        driveRollout(4, 0, 2);
        assertThat(livePods("default", APP)).hasSize(4)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:2"));
    }

    @Test
    void aRolloutThatDoesNotProgressExceedsItsDeadline() throws Exception {
        Kubectl.assumeInstalled();
        Kubectl kubectl = new Kubectl(server.kubeconfig());
        startManager("replicaset", "deployment");
        Deployment d = deployment(2, "nginx:1", 1, 0);
        d.getSpec().setProgressDeadlineSeconds(2);
        client.apps().deployments().inNamespace("default").resource(d).create();
        await("ProgressDeadlineExceeded", () -> {
            var s = get().getStatus();
            return s != null && s.getConditions() != null && s.getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Progressing") && "ProgressDeadlineExceeded".equals(c.getReason()));
        });
        var status = kubectl.run("rollout", "status", "deployment/web", "--timeout=20s");
        assertThat(status.code()).isNotZero();
        assertThat(status.out()).contains("exceeded its progress deadline");
    }
}
