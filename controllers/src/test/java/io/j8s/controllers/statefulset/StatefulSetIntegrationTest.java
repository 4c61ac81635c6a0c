package io.j8s.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Kubectl;
import io.j8s.controllers.common.Pods;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The StatefulSet controller against a real API server; the tests play the kubelet by writing pods' status. */
class StatefulSetIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "web");

    static StatefulSet statefulSet(int replicas, String policy) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("nginx").withPodManagementPolicy(policy)
                .withNewSelector().withMatchLabels(APP).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata().withNewSpec().addNewContainer().withName("nginx")
                .withImage("nginx:1").addNewVolumeMount().withName("www").withMountPath("/usr/share/nginx/html").endVolumeMount()
                .endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("www").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build();
    }

    StatefulSet get() {
        return client.apps().statefulSets().inNamespace("default").withName("web").get();
    }

    List<String> podNames() {
        return livePods("default", APP).stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    /** Waits until the controller has reported {@code replicas} pods: it has synced after seeing them. */
    void awaitStatusReplicas(int replicas) {
        awaitEquals("status.replicas", replicas, () -> {
            var s = get().getStatus();
            return s == null || s.getReplicas() == null ? 0 : s.getReplicas();
        });
    }

    void makeReady(String name) {
        makeReady(pod(name));
    }

    @Test
    void orderedReadyMakesEachPodOnlyAfterThePreviousIsReadyWithItsClaim() throws Exception {
        startManager("statefulset");
        client.apps().statefulSets().inNamespace("default").resource(statefulSet(3, "OrderedReady")).create();
        for (int i = 0; i < 3; i++) {
            int ord = i;
            await("web-" + ord, () -> pod("web-" + ord) != null);
            awaitStatusReplicas(ord + 1);
            // The controller has seen web-<ord> and reported it; it must not have gone on before it is ready.
            assertThat(podNames()).as("before web-" + ord + " is ready").hasSize(ord + 1);
            makeReady("web-" + ord);
        }
        awaitEquals("3 ready", 3, () -> Objects.requireNonNullElse(get().getStatus().getReadyReplicas(), 0));
        for (int i = 0; i < 3; i++) {
            Pod p = pod("web-" + i);
            assertThat(p.getSpec().getHostname()).isEqualTo("web-" + i);
            assertThat(p.getSpec().getSubdomain()).isEqualTo("nginx");
            assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-" + i)
                    .containsEntry("apps.kubernetes.io/pod-index", Integer.toString(i))
                    .containsEntry("controller-revision-hash", get().getStatus().getUpdateRevision());
            assertThat(p.getSpec().getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("www");
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-" + (Integer.parseInt(p.getMetadata().getName().substring(4))));
            });
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").withName("www-web-" + i).get();
            assertThat(claim).as("claim www-web-" + i).isNotNull();
            assertThat(claim.getMetadata().getLabels()).containsEntry("app", "web");
        }
        var status = get().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision());
        assertThat(status.getObservedGeneration()).isEqualTo(get().getMetadata().getGeneration());
        assertThat(client.apps().controllerRevisions().inNamespace("default").list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly(status.getUpdateRevision());
        await("upstream's events", () -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "SuccessfulCreate".equals(e.getReason()) && "create Pod web-0 in StatefulSet web successful".equals(e.getMessage())));
        assertThat(client.v1().events().inNamespace("default").list().getItems()).anyMatch(e -> "SuccessfulCreate".equals(e.getReason())
                && "create Claim www-web-1 Pod web-1 in StatefulSet web success".equals(e.getMessage()));

        Kubectl.assumeInstalled();
        var rollout = new Kubectl(server.kubeconfig()).run("rollout", "status", "statefulset/web", "--timeout=20s");
        assertThat(rollout.out()).contains("partitioned roll out complete: 3 new pods have been updated");
    }

    @Test
    void aDeletedPodComesBackWithItsNameAndScaleDownGoesInReverse() {
        startManager("statefulset");
        client.apps().statefulSets().inNamespace("default").resource(statefulSet(3, "OrderedReady")).create();
        driveReady(3);
        String oldUid = pod("web-1").getMetadata().getUid();
        client.pods().inNamespace("default").withName("web-1").delete();
        await("web-1 made again", () -> {
            Pod p = pod("web-1");
            return p != null && !p.getMetadata().getUid().equals(oldUid);
        });
        assertThat(pod("web-1").getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("www"));
        makeReady("web-1");

        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        try (var watch = client.pods().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) deleted.add(pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            client.apps().statefulSets().inNamespace("default").withName("web").scale(1);
            awaitEquals("scaled down to web-0", List.of("web-0"), this::podNames);
            awaitEquals("deletions in reverse order", List.of("web-2", "web-1"), () -> List.copyOf(deleted));
        }
        // Retain: the claims stay for a later scale up.
        assertThat(client.persistentVolumeClaims().inNamespace("default").list().getItems()).hasSize(3);
    }

    /** Makes pods ready one by one until {@code n} are ready. */
    void driveReady(int n) {
        await(n + " ready", () -> {
            makeAllReady("default", APP);
            var s = get().getStatus();
            return s != null && Objects.equals(s.getReadyReplicas(), n) && Objects.equals(s.getReplicas(), n);
        });
    }

    @Test
    void parallelMakesEveryPodAtOnce() {
        startManager("statefulset");
        client.apps().statefulSets().inNamespace("default").resource(statefulSet(3, "Parallel")).create();
        awaitEquals("all three without any ready", List.of("web-0", "web-1", "web-2"), this::podNames);
        assertThat(livePods("default", APP)).noneMatch(Pods::isReady);
        client.apps().statefulSets().inNamespace("default").withName("web").scale(0);
        awaitEquals("all gone at once", List.of(), this::podNames);
    }

    @Test
    void aRollingUpdateRespectsThePartitionThenCompletes() throws Exception {
        startManager("statefulset");
        client.apps().statefulSets().inNamespace("default").resource(statefulSet(3, "OrderedReady")).create();
        driveReady(3);
        String first = get().getStatus().getUpdateRevision();
        client.apps().statefulSets().inNamespace("default").withName("web").edit(s -> new StatefulSetBuilder(s).editSpec()
                .editUpdateStrategy().withNewRollingUpdate().withPartition(2).endRollingUpdate().endUpdateStrategy()
                .editTemplate().editSpec().editFirstContainer().withImage("nginx:2").endContainer().endSpec().endTemplate().endSpec().build());
        await("web-2 updated and ready", () -> {
            makeAllReady("default", APP);
            var s = get().getStatus();
            return Objects.equals(s.getUpdatedReplicas(), 1) && Objects.equals(s.getReadyReplicas(), 3);
        });
        assertThat(image("web-2")).isEqualTo("nginx:2");
        assertThat(image("web-1")).isEqualTo("nginx:1");
        assertThat(image("web-0")).isEqualTo("nginx:1");
        var status = get().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(first);
        assertThat(status.getUpdateRevision()).isNotEqualTo(first);
        assertThat(pod("web-2").getMetadata().getLabels()).containsEntry("controller-revision-hash", status.getUpdateRevision());

        client.apps().statefulSets().inNamespace("default").withName("web").edit(s -> new StatefulSetBuilder(s).editSpec()
                .editUpdateStrategy().withNewRollingUpdate().withPartition(0).endRollingUpdate().endUpdateStrategy().endSpec().build());
        await("the update completes", () -> {
            makeAllReady("default", APP);
            var s = get().getStatus();
            return Objects.equals(s.getUpdatedReplicas(), 3) && Objects.equals(s.getReadyReplicas(), 3)
                    && Objects.equals(s.getCurrentRevision(), s.getUpdateRevision());
        });
        assertThat(List.of(image("web-0"), image("web-1"), image("web-2"))).containsOnly("nginx:2");
        assertThat(client.apps().controllerRevisions().inNamespace("default").list().getItems()).hasSize(2);
        Kubectl.assumeInstalled();
        var rollout = new Kubectl(server.kubeconfig()).run("rollout", "status", "statefulset/web", "--timeout=20s");
        // A partition set (0 included) gets kubectl's partitioned message.
        assertThat(rollout.out()).contains("partitioned roll out complete: 3 new pods have been updated");

        // Back to the first template: its revision is bumped to 3 and becomes the update revision again.
        var undo = new Kubectl(server.kubeconfig()).run("rollout", "undo", "statefulset/web");
        assertThat(undo.code()).as(undo.out()).isZero();
        await("rolled back", () -> {
            makeAllReady("default", APP);
            var s = get().getStatus();
            return Objects.equals(s.getUpdateRevision(), first) && Objects.equals(s.getCurrentRevision(), first)
                    && Objects.equals(s.getUpdatedReplicas(), 3) && Objects.equals(s.getReadyReplicas(), 3);
        });
        assertThat(List.of(image("web-0"), image("web-1"), image("web-2"))).containsOnly("nginx:1");
        assertThat(client.apps().controllerRevisions().inNamespace("default").withName(first).get().getRevision()).isEqualTo(3L);
    }

    @Test
    void claimsGoWithTheirPodOrSetWhenTheRetentionPolicySaysDelete() {
        startManager("statefulset", "garbagecollector");
        StatefulSet set = statefulSet(2, "Parallel");
        set.getSpec().setPersistentVolumeClaimRetentionPolicy(new io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy(
                "Delete", "Delete"));
        client.apps().statefulSets().inNamespace("default").resource(set).create();
        driveReady(2);
        String setUid = get().getMetadata().getUid();
        await("claims owned by the set", () -> claimNames().equals(List.of("www-web-0", "www-web-1"))
                && client.persistentVolumeClaims().inNamespace("default").list().getItems().stream()
                        .allMatch(c -> c.getMetadata().getOwnerReferences() != null && c.getMetadata().getOwnerReferences().stream()
                                .anyMatch(r -> r.getUid().equals(setUid))));
        client.apps().statefulSets().inNamespace("default").withName("web").scale(1);
        awaitEquals("the scaled-away claim collected", List.of("www-web-0"), this::claimNames);
        client.apps().statefulSets().inNamespace("default").withName("web").delete();
        awaitEquals("the rest collected with the set", List.of(), this::claimNames);
    }

    List<String> claimNames() {
        return client.persistentVolumeClaims().inNamespace("default").list().getItems().stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null).map(c -> c.getMetadata().getName()).sorted().toList();
    }

    String image(String pod) {
        return pod(pod).getSpec().getContainers().getFirst().getImage();
    }
}
