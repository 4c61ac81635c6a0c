package io.j8s.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.history.FakeRevisionClient;
import io.j8s.controllers.history.History;
import io.j8s.controllers.runtime.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One round of {@link StatefulSetControl} over a fixture (the set, its pods and claims in the
 * informers, its revisions) and the exact writes it makes, as upstream's
 * {@code stateful_set_control_test.go}.
 */
class StatefulSetControlTest {

    static final Map<String, String> APP = Map.of("app", "web");
    static final String OLD = "nginx:1";
    static final String NEW = "nginx:2";

    /** A pod of the fixture: {@code web-1 Running ready old}, "Pending", "Failed", "terminating" … */
    record P(String name, String phase, boolean ready, String image, boolean terminating) {
        static P ready(String name) {
            return new P(name, "Running", true, OLD, false);
        }

        static P of(String name, String phase, boolean ready) {
            return new P(name, phase, ready, OLD, false);
        }

        P image(String i) {
            return new P(name, phase, ready, i, terminating);
        }

        P deleting() {
            return new P(name, phase, ready, image, true);
        }
    }

    record Case(String name, UnaryOperator<StatefulSetBuilder> set, List<P> pods, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static StatefulSetBuilder set(int replicas, String image) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace("default").withName("web").withUid("web-uid").withGeneration(1L)
                .endMetadata().withNewSpec().withReplicas(replicas).withServiceName("nginx").withPodManagementPolicy("OrderedReady")
                .withRevisionHistoryLimit(10).withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(io.j8s.controllers.Fixtures.template(APP, image))
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate()
                .endUpdateStrategy().endSpec();
    }

    static PersistentVolumeClaim claimTemplate(String name) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources().endSpec().build();
    }

    static Stream<Case> cases() {
        List<P> none = List.of();
        return Stream.of(
                new Case("OrderedReady makes web-0 first", s -> s.editSpec().withReplicas(3).endSpec(), none, List.of("create pod web-0")),
                new Case("OrderedReady waits for web-0 to be Running and Ready", s -> s, List.of(P.of("web-0", "Pending", false)), List.of()),
                new Case("OrderedReady waits while web-0 runs unready", s -> s, List.of(P.of("web-0", "Running", false)), List.of()),
                new Case("OrderedReady makes web-1 once web-0 is Ready", s -> s, List.of(P.ready("web-0")), List.of("create pod web-1")),
                new Case("OrderedReady fills a gap before going on", s -> s, List.of(P.ready("web-0"), P.ready("web-2")),
                        List.of("create pod web-1")),
                new Case("Parallel makes them all at once", s -> s.editSpec().withPodManagementPolicy("Parallel").endSpec(), none,
                        List.of("create pod web-0", "create pod web-1", "create pod web-2")),
                new Case("claims are made before their pod", s -> s.editSpec().withVolumeClaimTemplates(claimTemplate("www")).endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1")), List.of("create claim www-web-2", "create pod web-2")),
                new Case("a failed pod is deleted and made again", s -> s, List.of(P.of("web-0", "Failed", false)),
                        List.of("delete pod web-0", "create pod web-0")),
                new Case("a succeeded pod is made again too", s -> s, List.of(P.ready("web-0"), P.of("web-1", "Succeeded", false)),
                        List.of("delete pod web-1", "create pod web-1")),
                new Case("scale down removes the highest ordinal, one at a time", s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2")), List.of("delete pod web-2")),
                new Case("scale down waits for a terminating pod", s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2").deleting()), List.of()),
                new Case("scale down halts on an unhealthy replica", s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.of("web-0", "Running", false), P.ready("web-1"), P.ready("web-2")), List.of()),
                new Case("scale down takes the highest ordinal though a lower condemned pod is unready",
                        s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.ready("web-0"), P.of("web-1", "Running", false), P.ready("web-2")), List.of("delete pod web-2")),
                new Case("scale down removes an unready highest ordinal when it is the first unhealthy pod",
                        s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.of("web-2", "Running", false)), List.of("delete pod web-2")),
                new Case("scale down halts on an unready pod that is not the first unhealthy one",
                        s -> s.editSpec().withReplicas(1).endSpec(),
                        List.of(P.ready("web-0"), P.of("web-1", "Pending", false), P.of("web-2", "Running", false)), List.of()),
                new Case("Parallel scale down removes every condemned pod",
                        s -> s.editSpec().withReplicas(1).withPodManagementPolicy("Parallel").endSpec(),
                        List.of(P.ready("web-0"), P.of("web-1", "Pending", false), P.ready("web-2")), List.of("delete pod web-2", "delete pod web-1")),
                new Case("rolling update deletes the highest ordinal not at the update revision", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2")), List.of("delete pod web-2")),
                new Case("rolling update waits for the replacement to be ready", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.of("web-2", "Running", false).image(NEW)), List.of()),
                new Case("rolling update goes on once it is", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2").image(NEW)), List.of("delete pod web-1")),
                new Case("rolling update stops at the partition", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().editUpdateStrategy().editRollingUpdate()
                        .withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2").image(NEW)), List.of()),
                new Case("a pod below the partition is made again at the current revision", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().editUpdateStrategy().editRollingUpdate()
                        .withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec(),
                        List.of(P.of("web-0", "Failed", false), P.ready("web-1"), P.ready("web-2").image(NEW)),
                        List.of("delete pod web-0", "create pod web-0 " + OLD)),
                new Case("maxUnavailable 2 updates two pods at once", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().editUpdateStrategy().editRollingUpdate()
                        .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(2)).endRollingUpdate().endUpdateStrategy().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2")), List.of("delete pod web-2", "delete pod web-1")),
                new Case("maxUnavailable 34% of 3 is one, taken by the pod being replaced", s -> s.editSpec().withPodManagementPolicy("Parallel").editTemplate()
                        .editSpec().editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().editUpdateStrategy()
                        .editRollingUpdate().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("34%")).endRollingUpdate()
                        .endUpdateStrategy().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.of("web-2", "Running", false).image(NEW)), List.of()),
                new Case("OnDelete leaves old pods alone", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().withNewUpdateStrategy().withType("OnDelete")
                        .endUpdateStrategy().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2")), List.of()),
                new Case("OnDelete makes a deleted pod at the update revision", s -> s.editSpec().editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().withNewUpdateStrategy().withType("OnDelete")
                        .endUpdateStrategy().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-2")), List.of("create pod web-1 " + NEW)),
                new Case("scaling comes before updating", s -> s.editSpec().withReplicas(2).editTemplate().editSpec()
                        .editFirstContainer().withImage(NEW).endContainer().endSpec().endTemplate().endSpec(),
                        List.of(P.ready("web-0"), P.ready("web-1"), P.ready("web-2")), List.of("delete pod web-2")),
                new Case("a set being deleted is left as it is", s -> s.editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata(),
                        none, List.of()),
                new Case("ordinals start where spec.ordinals says", s -> s.editSpec().withNewOrdinals(5).endSpec(),
                        List.of(P.ready("web-5"), P.ready("web-0")), List.of("create pod web-6")));
    }

    /** The fixture: the set with a revision for its old template (what pods at OLD run) already made. */
    static final class Fixture {
        final FakeObjectManager objects = new FakeObjectManager();
        final StaticLister<ControllerRevision> revisionStore = new StaticLister<>();
        final FakeRevisionClient revisionClient = new FakeRevisionClient(revisionStore);
        final List<StatefulSetStatus> statuses = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final FakeClock clock = new FakeClock();
        final EventRecorder recorder = (o, type, reason, message) -> events.add(reason + ": " + message);
        final StatefulSetControl control = new StatefulSetControl(new StatefulPodControl(objects, recorder),
                new History(revisionStore, revisionClient), (set, status) -> statuses.add(status), recorder, clock);
        final String oldRevision;
        final StatefulSet set;

        Fixture(StatefulSet set) {
            StatefulSet old = new StatefulSetBuilder(set).editSpec().withTemplate(io.j8s.controllers.Fixtures.template(APP, OLD)).endSpec().build();
            ControllerRevision rev = StatefulSetControl.newRevision(old, 1, 0);
            rev.getMetadata().setUid("rev-uid");
            revisionStore.put(rev);
            this.oldRevision = rev.getMetadata().getName();
            this.set = new StatefulSetBuilder(set).withNewStatus().withCurrentRevision(oldRevision).endStatus().build();
        }

        Pod pod(P p) {
            Pod pod = io.j8s.controllers.Fixtures.pod(p.name(), APP, set, p.phase(), p.ready(), "node-1");
            int ord = StatefulSets.ordinal(pod);
            StatefulSet at = new StatefulSetBuilder(set).editSpec().withTemplate(io.j8s.controllers.Fixtures.template(APP, p.image())).endSpec().build();
            String rev = p.image().equals(OLD) ? oldRevision : StatefulSetControl.newRevision(at, 2, 0).getMetadata().getName();
            Pod made = StatefulSets.newPod(at, ord);
            made.getMetadata().setUid(pod.getMetadata().getUid());
            made.getMetadata().setResourceVersion("1");
            made.getMetadata().getLabels().put(StatefulSets.REVISION_LABEL, rev);
            made.setStatus(pod.getStatus());
            if (p.terminating()) made.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
            return made;
        }

        StatefulSetStatus sync(List<Pod> pods) {
            return control.updateStatefulSet(set, pods, revisionStore.list("default"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneRoundMakesExactlyTheseWrites(Case c) {
        Fixture f = new Fixture(c.set().apply(set(3, OLD)).build());
        List<Pod> pods = c.pods().stream().map(f::pod).toList();
        f.sync(pods);
        List<String> got = new ArrayList<>();
        int created = 0;
        for (String a : f.objects.actions) {
            boolean withImage = c.want().stream().anyMatch(w -> w.startsWith(a + " "));
            if (a.startsWith("create pod") && withImage) {
                got.add(a + " " + f.objects.createdPods.get(created).getSpec().getContainers().getFirst().getImage());
            } else {
                got.add(a);
            }
            if (a.startsWith("create pod")) created++;
        }
        assertThat(got).isEqualTo(c.want());
    }

    @Test
    void aNewPodHasItsStableIdentityAndItsClaims() {
        StatefulSet set = set(3, OLD).editSpec().withVolumeClaimTemplates(claimTemplate("www"), claimTemplate("logs")).endSpec().build();
        set.getSpec().getTemplate().getSpec().setVolumes(new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("config").withNewEmptyDir().endEmptyDir().build())));
        Fixture f = new Fixture(set);
        f.sync(List.of());
        Pod pod = f.objects.createdPods.getFirst();
        assertThat(pod.getMetadata().getName()).isEqualTo("web-0");
        assertThat(pod.getMetadata().getGenerateName()).isNull();
        assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0").containsKey("controller-revision-hash");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind() + " " + r.getName() + " " + r.getController()).isEqualTo("StatefulSet web true"));
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName() + "=" + (v.getPersistentVolumeClaim() == null ? "other"
                : v.getPersistentVolumeClaim().getClaimName())).containsExactly("www=www-web-0", "logs=logs-web-0", "config=other");
        assertThat(f.objects.createdClaims).extracting(c -> c.getMetadata().getName()).containsExactly("www-web-0", "logs-web-0");
        assertThat(f.objects.createdClaims.getFirst().getMetadata().getLabels()).containsEntry("app", "web");
        // Retain/Retain (the default): claims belong to nobody and outlive the set.
        assertThat(f.objects.createdClaims.getFirst().getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(f.events).containsExactly("SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
                "SuccessfulCreate: create Claim logs-web-0 Pod web-0 in StatefulSet web success",
                "SuccessfulCreate: create Pod web-0 in StatefulSet web successful");
    }

    record RetentionCase(String whenDeleted, String whenScaled, int replicas, boolean wantSetRef, boolean wantPodRef) {}

    static Stream<RetentionCase> retentionCases() {
        return Stream.of(new RetentionCase("Retain", "Retain", 3, false, false), new RetentionCase("Delete", "Retain", 3, true, false),
                new RetentionCase("Retain", "Delete", 3, false, false), new RetentionCase("Retain", "Delete", 1, false, true),
                new RetentionCase("Delete", "Delete", 3, true, false), new RetentionCase("Delete", "Delete", 1, false, true));
    }

    @ParameterizedTest
    @MethodSource("retentionCases")
    void claimOwnerReferencesFollowTheRetentionPolicy(RetentionCase c) {
        StatefulSet set = set(c.replicas(), OLD).editSpec().withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(c.whenDeleted())
                .withWhenScaled(c.whenScaled()).endPersistentVolumeClaimRetentionPolicy().endSpec().build();
        Pod pod = StatefulSets.newPod(set, 2);
        pod.getMetadata().setUid("web-2-uid");
        PersistentVolumeClaim claim = claimTemplate("www-web-2");
        StatefulSets.updateClaimOwnerRefs(claim, set, pod);
        assertThat(StatefulSets.hasOwnerRef(claim, set)).as("set ref").isEqualTo(c.wantSetRef());
        assertThat(StatefulSets.hasOwnerRef(claim, pod)).as("pod ref").isEqualTo(c.wantPodRef());
        assertThat(StatefulSets.claimOwnerUpToDate(claim, set, pod)).isTrue();
    }

    @Test
    void statusCountsReadyCurrentAndUpdatedReplicasAndTheRevisions() {
        StatefulSet set = set(3, NEW).build();
        Fixture f = new Fixture(set);
        List<Pod> pods = List.of(f.pod(P.ready("web-0")), f.pod(P.ready("web-1")), f.pod(P.of("web-2", "Running", false).image(NEW)));
        StatefulSetStatus s = f.sync(pods);
        assertThat(s.getReplicas()).isEqualTo(3);
        assertThat(s.getReadyReplicas()).isEqualTo(2);
        assertThat(s.getAvailableReplicas()).isEqualTo(2);
        assertThat(s.getCurrentReplicas()).isEqualTo(2);
        assertThat(s.getUpdatedReplicas()).isEqualTo(1);
        assertThat(s.getCurrentRevision()).isEqualTo(f.oldRevision);
        assertThat(s.getUpdateRevision()).isNotEqualTo(f.oldRevision).startsWith("web-");
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
        assertThat(s.getCollisionCount()).isZero();
        assertThat(f.statuses).containsExactly(s);
        assertThat(f.revisionClient.take()).containsExactly("create default/" + s.getUpdateRevision());
    }

    @Test
    void aCompletedRollingUpdateMakesTheUpdateRevisionCurrent() {
        Fixture f = new Fixture(set(2, NEW).build());
        StatefulSetStatus s = f.sync(List.of(f.pod(P.ready("web-0").image(NEW)), f.pod(P.ready("web-1").image(NEW))));
        assertThat(s.getCurrentRevision()).isEqualTo(s.getUpdateRevision());
        assertThat(s.getCurrentReplicas()).isEqualTo(2);
    }

    @Test
    void minReadySecondsHoldsOrderedReadyUntilAvailable() {
        Fixture f = new Fixture(set(2, OLD).editSpec().withMinReadySeconds(10).endSpec().build());
        // Fixtures' pods became ready at 2025-01-01T00:00:00Z, the fake clock's now.
        StatefulSetStatus s = f.sync(List.of(f.pod(P.ready("web-0"))));
        assertThat(f.objects.actions).isEmpty();
        assertThat(s.getAvailableReplicas()).isZero();
        f.clock.advance(java.time.Duration.ofSeconds(10));
        s = f.sync(List.of(f.pod(P.ready("web-0"))));
        assertThat(f.objects.actions).containsExactly("create pod web-1");
        assertThat(s.getAvailableReplicas()).isEqualTo(1);
    }

    @Test
    void aFailedCreateIsReportedAndRetried() {
        Fixture f = new Fixture(set(2, OLD).build());
        f.objects.failCreate = "web-0";
        assertThatThrownBy(() -> f.sync(List.of())).hasMessageContaining("exceeded quota");
        assertThat(f.events).containsExactly("FailedCreate: create Pod web-0 in StatefulSet web failed error: exceeded quota");
        assertThat(f.statuses).hasSize(1);
    }

    @Test
    void historyBeyondTheLimitIsTruncatedButLiveRevisionsKept() {
        Fixture f = new Fixture(set(1, NEW).editSpec().withRevisionHistoryLimit(0).endSpec().build());
        for (int i = 0; i < 3; i++) {
            StatefulSet other = set(1, "nginx:old" + i).build();
            ControllerRevision r = StatefulSetControl.newRevision(other, -2 + i, 0);
            r.getMetadata().setUid("old" + i);
            f.revisionStore.put(r);
        }
        f.sync(List.of(f.pod(P.ready("web-0"))));
        List<String> deleted = f.revisionClient.take().stream().filter(a -> a.startsWith("delete")).toList();
        assertThat(deleted).hasSize(3).noneMatch(a -> a.endsWith(f.oldRevision));
    }

    @Test
    void aFailedPodIsRecreatedWithUpstreamsEvent() {
        Fixture f = new Fixture(set(1, OLD).build());
        f.sync(List.of(f.pod(P.of("web-0", "Failed", false))));
        assertThat(f.events).containsExactly("RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-0",
                "SuccessfulDelete: delete Pod web-0 in StatefulSet web successful", "SuccessfulCreate: create Pod web-0 in StatefulSet web successful");
    }
}
