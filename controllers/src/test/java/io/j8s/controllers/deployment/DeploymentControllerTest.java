package io.j8s.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fixtures of Deployments and ReplicaSets in the cache, and the exact writes the controller makes. */
class DeploymentControllerTest {

    static final Map<String, String> APP = Map.of("app", "web");
    static final PodTemplateSpec V1 = Fixtures.template(APP, "nginx:1");
    static final PodTemplateSpec V2 = Fixtures.template(APP, "nginx:2");

    final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T01:00:00Z"));
    final StaticLister<Deployment> deployments = new StaticLister<>();
    final StaticLister<ReplicaSet> replicaSets = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final List<String> actions = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));
    Deployment lastStatus;

    final DeploymentController.DeploymentClient client = new DeploymentController.DeploymentClient() {
        @Override
        public ReplicaSet createReplicaSet(ReplicaSet rs) {
            actions.add("create " + describe(rs));
            return rs;
        }

        @Override
        public ReplicaSet updateReplicaSet(ReplicaSet rs) {
            actions.add("update " + describe(rs));
            return rs;
        }

        @Override
        public void deleteReplicaSet(String namespace, String name) {
            actions.add("delete rs " + name);
        }

        @Override
        public void patchReplicaSet(String namespace, String name, String patch) {
            actions.add("patch rs " + name);
        }

        @Override
        public Deployment updateStatus(Deployment d) {
            var s = d.getStatus();
            actions.add("status replicas=" + s.getReplicas() + " updated=" + s.getUpdatedReplicas() + " available=" + s.getAvailableReplicas()
                    + " " + conditions(s.getConditions()));
            lastStatus = d;
            return d;
        }

        @Override
        public Deployment getDeployment(String namespace, String name) {
            return deployments.get(namespace, name);
        }

        @Override
        public ReplicaSet getReplicaSet(String namespace, String name) {
            return replicaSets.get(namespace, name);
        }
    };

    /** The ReplicaSet writes only. */
    List<String> rsWrites() {
        return actions.stream().filter(a -> !a.startsWith("status")).toList();
    }

    static String describe(ReplicaSet rs) {
        var a = rs.getMetadata().getAnnotations() == null ? Map.<String, String>of() : rs.getMetadata().getAnnotations();
        String history = a.containsKey(DeploymentUtil.REVISION_HISTORY) ? " history=" + a.get(DeploymentUtil.REVISION_HISTORY) : "";
        return "rs " + rs.getMetadata().getName() + " replicas=" + rs.getSpec().getReplicas() + " revision=" + a.get(DeploymentUtil.REVISION)
                + history;
    }

    static String conditions(List<DeploymentCondition> cs) {
        if (cs == null) return "";
        return cs.stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).sorted().collect(Collectors.joining(" "));
    }

    DeploymentController controller() {
        EventRecorder recorder = (obj, type, reason, message) -> events.add(reason + " " + message);
        return new DeploymentController(deployments, replicaSets, pods, client, recorder, queue, clock);
    }

    static Deployment deployment(int replicas, PodTemplateSpec template, int maxSurge, int maxUnavailable) {
        return new DeploymentBuilder().withNewMetadata().withNamespace("default").withName("web").withUid("web-uid").withGeneration(1L)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(APP).endSelector().withTemplate(template)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(maxSurge))
                .withMaxUnavailable(new IntOrString(maxUnavailable)).endRollingUpdate().endStrategy()
                .withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600).endSpec()
                .withNewStatus().endStatus().build();
    }

    static String hash(PodTemplateSpec t) {
        return DeploymentUtil.computeHash(t, null);
    }

    /** A ReplicaSet of {@code d} for {@code template}: its size, how many are available, its revision, created at minute {@code minute}. */
    static ReplicaSet rs(Deployment d, PodTemplateSpec template, int replicas, int available, long revision, int minute) {
        String h = hash(template);
        Map<String, String> labels = new HashMap<>(APP);
        labels.put("pod-template-hash", h);
        PodTemplateSpec t = Fixtures.template(labels, template.getSpec().getContainers().getFirst().getImage());
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("default").withName("web-" + h).withUid("rs-" + h)
                .withLabels(labels).withGeneration(1L).withCreationTimestamp(String.format("2025-01-01T00:%02d:00Z", minute))
                .withOwnerReferences(Fixtures.controllerRef(d))
                .withAnnotations(Map.of(DeploymentUtil.REVISION, String.valueOf(revision), DeploymentUtil.DESIRED_REPLICAS,
                        String.valueOf(d.getSpec().getReplicas()), DeploymentUtil.MAX_REPLICAS,
                        String.valueOf(d.getSpec().getReplicas() + DeploymentUtil.maxSurge(d))))
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(t).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available).withObservedGeneration(1L)
                .endStatus().build();
    }

    /** Syncs {@code d} over {@code rss}; {@code d} carries the revision of the ReplicaSet of its template, as after an earlier sync. */
    void sync(Deployment d, ReplicaSet... rss) {
        for (ReplicaSet r : rss) {
            if (DeploymentUtil.equalIgnoreHash(r.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                DeploymentUtil.annotations(d).put(DeploymentUtil.REVISION, r.getMetadata().getAnnotations().get(DeploymentUtil.REVISION));
            }
        }
        deployments.put(d);
        for (ReplicaSet r : rss) replicaSets.put(r);
        controller().sync("default/web");
    }

    @Test
    void aNewDeploymentGetsItsFirstReplicaSetAtFullSize() {
        sync(deployment(3, V1, 1, 0));
        String name = "web-" + hash(V1);
        assertThat(actions).containsExactly(
                "create rs " + name + " replicas=3 revision=1",
                "status replicas=null updated=null available=null Progressing=True/NewReplicaSetCreated",
                "status replicas=0 updated=0 available=0 Available=False/MinimumReplicasUnavailable Progressing=True/NewReplicaSetCreated");
        assertThat(events).containsExactly("ScalingReplicaSet Scaled up replica set " + name + " from 0 to 3");
        assertThat(lastStatus.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1");
    }

    @Test
    void aTemplateChangeStartsTheNewReplicaSetWithinMaxSurge() {
        Deployment d = deployment(3, V2, 1, 0);
        sync(d, rs(d, V1, 3, 3, 1, 0));
        assertThat(actions.getFirst()).isEqualTo("create rs web-" + hash(V2) + " replicas=1 revision=2");
        assertThat(events).containsExactly("ScalingReplicaSet Scaled up replica set web-" + hash(V2) + " from 0 to 1");
    }

    @Test
    void theOldReplicaSetShrinksOnlyAsFarAsMaxUnavailableAllows() {
        Deployment d = deployment(3, V2, 1, 0);
        // The new one has one available pod, the old three: four in all, three must stay available.
        sync(d, rs(d, V1, 3, 3, 1, 0), rs(d, V2, 1, 1, 2, 1));
        assertThat(rsWrites()).containsExactly("update rs web-" + hash(V1) + " replicas=2 revision=1");
        assertThat(events).containsExactly("ScalingReplicaSet Scaled down replica set web-" + hash(V1) + " from 3 to 2");
    }

    @Test
    void anUnavailableNewReplicaSetHoldsTheOldOneWhereItIs() {
        Deployment d = deployment(3, V2, 1, 0);
        sync(d, rs(d, V1, 3, 3, 1, 0), rs(d, V2, 1, 0, 2, 1));
        assertThat(actions).noneMatch(a -> a.startsWith("update rs") || a.startsWith("create"));
        assertThat(actions).last().asString().contains("Progressing=True/ReplicaSetUpdated");
    }

    @Test
    void maxUnavailableLetsTheOldReplicaSetShrinkBeforeTheNewIsReady() {
        Deployment d = deployment(4, V2, 0, 2);
        sync(d, rs(d, V1, 4, 4, 1, 0), rs(d, V2, 0, 0, 2, 1));
        assertThat(rsWrites()).containsExactly("update rs web-" + hash(V1) + " replicas=2 revision=1");
    }

    @Test
    void aCompleteRolloutSaysSoAndIsAvailable() {
        Deployment d = deployment(3, V2, 1, 0);
        sync(d, rs(d, V1, 0, 0, 1, 0), rs(d, V2, 3, 3, 2, 1));
        assertThat(actions).containsExactly(
                "status replicas=null updated=null available=null Progressing=True/FoundNewReplicaSet",
                "status replicas=3 updated=3 available=3 Available=True/MinimumReplicasAvailable Progressing=True/NewReplicaSetAvailable");
    }

    @Test
    void scalingTheDeploymentScalesItsOnlyActiveReplicaSet() {
        Deployment d = deployment(3, V1, 1, 0);
        ReplicaSet current = rs(d, V1, 3, 3, 1, 0);
        d.getSpec().setReplicas(5);
        sync(d, current);
        assertThat(rsWrites()).containsExactly("update rs web-" + hash(V1) + " replicas=5 revision=1");
        assertThat(events).containsExactly("ScalingReplicaSet Scaled up replica set web-" + hash(V1) + " from 3 to 5");
    }

    @Test
    void scalingMidRolloutIsProportional() {
        Deployment d = deployment(10, V2, 3, 0);
        ReplicaSet old = rs(d, V1, 8, 8, 1, 0);
        ReplicaSet cur = rs(d, V2, 5, 0, 2, 1);
        d.getSpec().setReplicas(20);
        // 13 of a max of 13 before; now 23 allowed: 10 more, 8/13 and 5/13 of the new max each.
        sync(d, old, cur);
        assertThat(rsWrites()).containsExactlyInAnyOrder(
                "update rs web-" + hash(V1) + " replicas=14 revision=1", "update rs web-" + hash(V2) + " replicas=9 revision=2");
    }

    @Test
    void aRollbackMakesTheOldReplicaSetNewAgainUnderTheNextRevision() {
        Deployment d = deployment(3, V1, 1, 0);
        sync(d, rs(d, V1, 0, 0, 1, 0), rs(d, V2, 3, 3, 2, 1));
        assertThat(actions.getFirst()).isEqualTo("update rs web-" + hash(V1) + " replicas=0 revision=3 history=1");
    }

    @Test
    void oldReplicaSetsBeyondTheHistoryLimitAreDeletedLowestRevisionFirst() {
        Deployment d = deployment(1, V2, 1, 0);
        d.getSpec().setRevisionHistoryLimit(1);
        // Only a complete rollout cleans up.
        d.getStatus().setReplicas(1);
        d.getStatus().setUpdatedReplicas(1);
        d.getStatus().setAvailableReplicas(1);
        d.getStatus().setObservedGeneration(1L);
        PodTemplateSpec v0 = Fixtures.template(APP, "nginx:0");
        PodTemplateSpec vx = Fixtures.template(APP, "nginx:x");
        sync(d, rs(d, v0, 0, 0, 1, 0), rs(d, vx, 0, 0, 3, 1), rs(d, V1, 0, 0, 4, 2), rs(d, V2, 1, 1, 5, 3));
        assertThat(actions).filteredOn(a -> a.startsWith("delete")).containsExactly("delete rs web-" + hash(v0), "delete rs web-" + hash(vx));
    }

    @Test
    void recreateScalesTheOldDownFirstAndStartsTheNewOnlyWhenTheirPodsAreGone() {
        Deployment d = deployment(2, V2, 1, 0);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        ReplicaSet old = rs(d, V1, 2, 2, 1, 0);
        sync(d, old);
        assertThat(actions.getFirst()).isEqualTo("update rs web-" + hash(V1) + " replicas=0 revision=1");
        assertThat(actions).noneMatch(a -> a.startsWith("create"));

        actions.clear();
        ReplicaSet emptied = new ReplicaSetBuilder(old).editSpec().withReplicas(0).endSpec().build();
        pods.put(Fixtures.pod("old-pod", APP, emptied, "Running", true, "n1"));
        emptied.getStatus().setReplicas(0);
        sync(d, emptied);
        assertThat(actions).as("an old pod still runs").noneMatch(a -> a.startsWith("create"));

        actions.clear();
        pods.remove("default", "old-pod");
        controller().sync("default/web");
        assertThat(actions.getFirst()).isEqualTo("create rs web-" + hash(V2) + " replicas=2 revision=2");
    }

    @Test
    void aPausedDeploymentDoesNotRollOut() {
        Deployment d = deployment(3, V2, 1, 0);
        d.getSpec().setPaused(true);
        sync(d, rs(d, V1, 3, 3, 1, 0));
        assertThat(actions).noneMatch(a -> a.startsWith("create"));
        assertThat(actions.getFirst()).contains("Progressing=Unknown/DeploymentPaused");
    }

    @Test
    void noProgressPastTheDeadlineIsProgressDeadlineExceeded() {
        Deployment d = deployment(3, V2, 1, 0);
        d.getSpec().setProgressDeadlineSeconds(60);
        d.getStatus().setReplicas(4);
        d.getStatus().setUpdatedReplicas(1);
        d.getStatus().setAvailableReplicas(3);
        d.getStatus().setReadyReplicas(3);
        d.getStatus().setObservedGeneration(1L);
        d.getStatus().setConditions(List.of(DeploymentUtil.newCondition("Progressing", "True", "ReplicaSetUpdated", "x",
                clock.instant().minusSeconds(61))));
        sync(d, rs(d, V1, 3, 3, 1, 0), rs(d, V2, 1, 0, 2, 1));
        assertThat(actions).last().asString().contains("Progressing=False/ProgressDeadlineExceeded");
        assertThat(events).anyMatch(e -> e.startsWith("ProgressDeadlineExceeded ReplicaSet \"web-" + hash(V2) + "\" has timed out progressing."));
    }

    @Test
    void aStuckRolloutIsLookedAtAgainWhenItsDeadlinePasses() {
        Deployment d = deployment(3, V2, 1, 0);
        d.getSpec().setProgressDeadlineSeconds(60);
        d.getStatus().setConditions(List.of(DeploymentUtil.newCondition("Progressing", "True", "ReplicaSetUpdated", "x", clock.instant())));
        d.getStatus().setObservedGeneration(1L);
        d.getStatus().setReplicas(4);
        d.getStatus().setUpdatedReplicas(1);
        d.getStatus().setAvailableReplicas(3);
        d.getStatus().setReadyReplicas(3);
        d.getStatus().setUnavailableReplicas(1);
        d.getStatus().setConditions(new ArrayList<>(List.of(
                DeploymentUtil.newCondition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", clock.instant()),
                DeploymentUtil.newCondition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"web-" + hash(V2) + "\" is progressing.",
                        clock.instant()))));
        sync(d, rs(d, V1, 3, 3, 1, 0), rs(d, V2, 1, 0, 2, 1));
        assertThat(actions).isEmpty();
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(queue.poll()).contains("default/web");
    }

    @Test
    void aReplicaSetsFailureToCreatePodsShowsOnTheDeployment() {
        Deployment d = deployment(3, V1, 1, 0);
        ReplicaSet failing = rs(d, V1, 3, 0, 1, 0);
        failing.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder()
                .withType("ReplicaFailure").withStatus("True").withReason("FailedCreate").withMessage("pods \"web-x\" is forbidden: quota")
                .withLastTransitionTime("2025-01-01T00:59:00Z").build()));
        sync(d, failing);
        assertThat(actions).last().asString().contains("ReplicaFailure=True/FailedCreate");
    }

    @Test
    void orphanReplicaSetsThatMatchAreAdopted() {
        Deployment d = deployment(3, V1, 1, 0);
        ReplicaSet orphan = rs(d, V1, 3, 3, 1, 0);
        orphan.getMetadata().setOwnerReferences(null);
        sync(d, orphan);
        assertThat(actions.getFirst()).isEqualTo("patch rs web-" + hash(V1));
    }

    @Test
    void theHashIsUpstreamsEncodingOfFnv32a() {
        assertThat(DeploymentUtil.safeEncodeString("0123456789")).isEqualTo("456789bcdf");
        assertThat(hash(V1)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}").isEqualTo(hash(Fixtures.template(APP, "nginx:1")));
        assertThat(hash(V1)).isNotEqualTo(hash(V2)).isNotEqualTo(DeploymentUtil.computeHash(V1, 1));
        PodTemplateSpec labelled = Fixtures.template(Map.of("app", "web", "pod-template-hash", "x"), "nginx:1");
        assertThat(DeploymentUtil.equalIgnoreHash(V1, labelled)).isTrue();
    }

    static HasMetadata unused() {
        return null;
    }
}
