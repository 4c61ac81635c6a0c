package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.history.History;
import io.j8s.controllers.history.Revisions;
import io.j8s.controllers.runtime.EventRecorder;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's {@code defaultStatefulSetControl.UpdateStatefulSet}: finds (or makes) the current and
 * update ControllerRevisions, lets {@link ReplicaUpdate} make one round of pod decisions, writes
 * the status when it changed (completing a rolling update once every pod is updated and ready),
 * and truncates the revision history to {@code revisionHistoryLimit}.
 */
final class StatefulSetControl {

    /** The status write (upstream's {@code StatefulSetStatusUpdaterInterface}): retries a conflict on a fresh read. */
    interface StatusUpdater {
        void updateStatus(StatefulSet set, StatefulSetStatus status);
    }

    /** The two revisions a sync works with and the collision count it took to name the update revision. */
    record RevisionPair(ControllerRevision current, ControllerRevision update, int collisionCount) {}

    private final StatefulPodControl podControl;
    private final History history;
    private final StatusUpdater statusUpdater;
    private final EventRecorder recorder;
    private final Clock clock;

    StatefulSetControl(StatefulPodControl podControl, History history, StatusUpdater statusUpdater, EventRecorder recorder, Clock clock) {
        this.podControl = podControl;
        this.history = history;
        this.statusUpdater = statusUpdater;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * One round for {@code set} over its claimed {@code pods} and {@code revisions}; answers the
     * status computed (also when a pod write failed: the error is thrown after the status is written).
     */
    StatefulSetStatus updateStatefulSet(StatefulSet set, List<Pod> pods, List<ControllerRevision> revisions) {
        set = Copies.deepCopy(set);
        List<ControllerRevision> sorted = Revisions.sorted(revisions);
        RevisionPair pair = revisions(set, sorted);
        ReplicaUpdate.Result result = new ReplicaUpdate(set, pair, podControl, recorder, clock.instant()).run(pods);
        StatefulSetStatus status = result.status();
        completeRollingUpdate(set, status);
        if (inconsistentStatus(set, status)) statusUpdater.updateStatus(set, status);
        if (result.error() != null) throw result.error();
        truncateHistory(set, pods, sorted, pair);
        return status;
    }

    /** Upstream's {@code getStatefulSetRevisions}. */
    RevisionPair revisions(StatefulSet set, List<ControllerRevision> sorted) {
        int collisionCount = set.getStatus() == null ? 0 : Objects.requireNonNullElse(set.getStatus().getCollisionCount(), 0);
        ControllerRevision update = newRevision(set, Revisions.nextRevision(sorted), collisionCount);
        List<ControllerRevision> equal = Revisions.findEqual(sorted, update);
        if (!equal.isEmpty() && Revisions.equalRevision(sorted.getLast(), equal.getLast())) {
            // The newest revision is the template: nothing changed.
            update = sorted.getLast();
        } else if (!equal.isEmpty()) {
            // An older revision is the template again (a rollback): it becomes the newest.
            update = history.updateRevision(equal.getLast(), update.getRevision());
        } else {
            History.Created created = history.create(set, update, collisionCount);
            update = created.revision();
            collisionCount = created.collisionCount();
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = sorted.stream().filter(r -> r.getMetadata().getName().equals(currentName)).findFirst().orElse(update);
        return new RevisionPair(current, update, collisionCount);
    }

    /** Upstream's {@code newRevision}: the template patch, labelled like the template, annotated like the set. */
    static ControllerRevision newRevision(StatefulSet set, long revision, int collisionCount) {
        Map<String, String> labels = set.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : set.getSpec().getTemplate().getMetadata().getLabels();
        ControllerRevision cr = Revisions.newRevision(set, StatefulSets.API_VERSION, StatefulSets.KIND, labels,
                StatefulSets.patch(set), revision, collisionCount);
        Map<String, String> annotations = new HashMap<>();
        if (set.getMetadata().getAnnotations() != null) annotations.putAll(set.getMetadata().getAnnotations());
        cr.getMetadata().setAnnotations(annotations);
        return cr;
    }

    /** Upstream's {@code completeRollingUpdate}: every pod updated and ready makes the update revision current. */
    static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
        if (!StatefulSets.onDelete(set) && Objects.equals(status.getUpdatedReplicas(), status.getReplicas())
                && Objects.equals(status.getReadyReplicas(), status.getReplicas())) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
    }

    /** Upstream's {@code inconsistentStatus}: whether the computed status differs from the set's. */
    static boolean inconsistentStatus(StatefulSet set, StatefulSetStatus status) {
        StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        return Objects.requireNonNullElse(status.getObservedGeneration(), 0L) > Objects.requireNonNullElse(old.getObservedGeneration(), 0L)
                || !intEq(status.getReplicas(), old.getReplicas()) || !intEq(status.getCurrentReplicas(), old.getCurrentReplicas())
                || !intEq(status.getReadyReplicas(), old.getReadyReplicas()) || !intEq(status.getUpdatedReplicas(), old.getUpdatedReplicas())
                || !intEq(status.getAvailableReplicas(), old.getAvailableReplicas())
                || !Objects.equals(status.getCurrentRevision(), old.getCurrentRevision())
                || !Objects.equals(status.getUpdateRevision(), old.getUpdateRevision())
                || !intEq(status.getCollisionCount(), old.getCollisionCount());
    }

    private static boolean intEq(Integer a, Integer b) {
        return Objects.requireNonNullElse(a, 0).equals(Objects.requireNonNullElse(b, 0));
    }

    /** Upstream's {@code truncateHistory}: revisions no pod runs, beyond the limit, oldest first. */
    private void truncateHistory(StatefulSet set, List<Pod> pods, List<ControllerRevision> sorted, RevisionPair pair) {
        Set<String> live = new HashSet<>();
        live.add(pair.current().getMetadata().getName());
        live.add(pair.update().getMetadata().getName());
        for (Pod p : pods) live.add(StatefulSets.podRevision(p));
        int limit = Objects.requireNonNullElse(set.getSpec().getRevisionHistoryLimit(), 10);
        for (ControllerRevision r : Revisions.toTruncate(sorted, r -> live.contains(r.getMetadata().getName()), limit)) {
            history.delete(r);
        }
    }
}
