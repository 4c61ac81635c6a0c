package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.runtime.EventRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's {@code defaultStatefulSetControl.updateStatefulSet}: one round of decisions over a
 * StatefulSet's pods. Pods in the ordinal range are replicas, the others condemned. Missing and
 * finished replicas are (re)made; with OrderedReady ("monotonic") the round stops at the first
 * replica that is not Running, Ready and available, so ordinal n is made only once 0..n-1 are
 * healthy, and condemned pods go one at a time from the highest ordinal, after every replica is
 * healthy. Parallel makes and removes them all at once. Then RollingUpdate deletes the
 * highest-ordinal pod at or above the partition that does not run the update revision, one at a
 * time, waiting for each replacement to be healthy; OnDelete leaves that to the user.
 */
final class ReplicaUpdate {

    private static final Logger log = LoggerFactory.getLogger(ReplicaUpdate.class);

    /** The status computed, and the first write that failed (null when none did). */
    record Result(StatefulSetStatus status, RuntimeException error) {}

    /** A step's outcome: go on, or stop this round (blocked or failed). */
    private static final class Stop extends RuntimeException {
        Stop(RuntimeException cause) {
            super(null, cause, false, false);
        }
    }

    private final StatefulSet set;
    private final StatefulSet currentSet;
    private final StatefulSet updateSet;
    private final String currentRevision;
    private final String updateRevision;
    private final StatefulPodControl podControl;
    private final EventRecorder recorder;
    private final Instant now;
    private final boolean monotonic;
    private final int minReadySeconds;
    private final int collisionCount;
    /** This round's replicas by ordinal (a pod not yet created has no phase) and its condemned pods, highest ordinal first. */
    private Pod[] replicas;
    private List<Pod> condemned;

    ReplicaUpdate(StatefulSet set, StatefulSetControl.RevisionPair pair, StatefulPodControl podControl, EventRecorder recorder,
            Instant now) {
        this.set = set;
        this.currentSet = StatefulSets.applyRevision(set, pair.current());
        this.updateSet = StatefulSets.applyRevision(set, pair.update());
        this.currentRevision = pair.current().getMetadata().getName();
        this.updateRevision = pair.update().getMetadata().getName();
        this.podControl = podControl;
        this.recorder = recorder;
        this.now = now;
        this.monotonic = !StatefulSets.allowsBurst(set);
        this.minReadySeconds = StatefulSets.minReadySeconds(set);
        this.collisionCount = pair.collisionCount();
    }

    Result run(List<Pod> pods) {
        int start = StatefulSets.startOrdinal(set);
        replicas = new Pod[StatefulSets.replicas(set)];
        condemned = new ArrayList<>();
        for (Pod pod : pods) {
            int ord = StatefulSets.ordinal(pod);
            if (StatefulSets.inOrdinalRange(pod, set)) replicas[ord - start] = pod;
            else if (ord >= 0) condemned.add(pod);
        }
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == null) replicas[i] = newReplica(i);
        }
        condemned.sort(Comparator.comparingInt(StatefulSets::ordinal).reversed());
        Pod firstUnhealthy = null;
        for (Pod p : replicas) {
            if (!StatefulSets.isHealthy(p) && firstUnhealthy == null) firstUnhealthy = p;
        }
        for (int i = condemned.size() - 1; i >= 0; i--) {
            if (!StatefulSets.isHealthy(condemned.get(i)) && firstUnhealthy == null) firstUnhealthy = condemned.get(i);
        }
        if (set.getMetadata().getDeletionTimestamp() != null) return new Result(status(), null);
        try {
            for (int i = 0; i < replicas.length; i++) {
                int idx = i;
                step(() -> processReplica(idx));
            }
            for (Pod p : condemned) step(() -> fixClaims(p));
            Pod unhealthy = firstUnhealthy;
            for (Pod p : condemned) step(() -> processCondemned(p, unhealthy));
        } catch (Stop stop) {
            return new Result(status(), (RuntimeException) stop.getCause());
        }
        // Scaling first: only now, with every replica there (and, OrderedReady, healthy), may an update begin.
        StatefulSetStatus status = status();
        if (StatefulSets.onDelete(set)) return new Result(status, null);
        try {
            rollingUpdate(status);
        } catch (RuntimeException e) {
            return new Result(status, e);
        }
        return new Result(status, null);
    }

    /** A step answers whether the round must stop; with Parallel only an error stops it. */
    private interface Step {
        boolean run();
    }

    private void step(Step s) {
        boolean stop;
        try {
            stop = s.run();
        } catch (RuntimeException e) {
            throw new Stop(e);
        }
        if (stop && monotonic) throw new Stop(null);
    }

    private Pod newReplica(int i) {
        return StatefulSets.newVersionedPod(currentSet, updateSet, currentRevision, updateRevision, StatefulSets.startOrdinal(set) + i);
    }

    /** Upstream's {@code processReplica}: true when the round must stop at this replica. */
    private boolean processReplica(int i) {
        Pod pod = replicas[i];
        if (StatefulSets.isFailed(pod) || StatefulSets.isSucceeded(pod)) {
            boolean failed = StatefulSets.isFailed(pod);
            recorder.event(set, failed ? EventRecorder.WARNING : EventRecorder.NORMAL, failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
                    "StatefulSet " + set.getMetadata().getNamespace() + "/" + set.getMetadata().getName() + " is recreating "
                            + (failed ? "failed" : "terminated") + " Pod " + pod.getMetadata().getName());
            podControl.deleteStatefulPod(set, pod);
            replicas[i] = pod = newReplica(i);
        }
        if (!StatefulSets.isCreated(pod)) {
            // A claim still owned by an earlier pod of this name is being collected: wait for it.
            if (podControl.podClaimIsStale(set, pod)) return true;
            podControl.createStatefulPod(set, pod);
            // With OrderedReady nothing more until this pod is Running and Ready.
            return monotonic;
        }
        if (StatefulSets.isPending(pod)) podControl.createMissingClaims(set, pod);
        if (StatefulSets.isTerminating(pod) && monotonic) return true;
        if (!StatefulSets.isRunningAndReady(pod) && monotonic) return true;
        if (!StatefulSets.isRunningAndAvailable(pod, minReadySeconds, now) && monotonic) return true;
        boolean retentionMatch;
        try {
            retentionMatch = podControl.claimsMatchRetentionPolicy(updateSet, pod);
        } catch (RuntimeException e) {
            retentionMatch = true;
        }
        if (StatefulSets.identityMatches(set, pod) && StatefulSets.storageMatches(set, pod) && retentionMatch) return false;
        podControl.updateStatefulPod(updateSet, Copies.deepCopy(pod));
        return false;
    }

    private boolean fixClaims(Pod pod) {
        if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) podControl.updateClaimsForRetentionPolicy(updateSet, pod);
        return false;
    }

    /** Upstream's {@code processCondemned}: with OrderedReady, removes the highest ordinal only once the others are healthy. */
    private boolean processCondemned(Pod pod, Pod firstUnhealthy) {
        if (StatefulSets.isTerminating(pod)) return true;
        if (!StatefulSets.isRunningAndReady(pod) && monotonic && pod != firstUnhealthy) return true;
        if (!StatefulSets.isRunningAndAvailable(pod, minReadySeconds, now) && monotonic && pod != firstUnhealthy) return true;
        log.info("Pod {} of StatefulSet {}/{} is terminating for scale down", pod.getMetadata().getName(),
                set.getMetadata().getNamespace(), set.getMetadata().getName());
        podControl.deleteStatefulPod(set, pod);
        return true;
    }

    /**
     * Upstream's {@code updateStatefulSetAfterInvariantEstablished} (MaxUnavailableStatefulSet),
     * taken when the set names {@code rollingUpdate.maxUnavailable}: as many pods at or above the
     * partition, highest ordinal first, as maxUnavailable leaves room for beside the unavailable ones.
     */
    private void rollingUpdateWithMaxUnavailable(StatefulSetStatus status, int maxUnavailable) {
        Integer partition = StatefulSets.partition(set);
        int updateMin = partition == null ? 0 : partition;
        int unavailable = 0;
        for (Pod pod : replicas) {
            if (!StatefulSets.isHealthy(pod) || !StatefulSets.isRunningAndAvailable(pod, minReadySeconds, now)) unavailable++;
        }
        int toDelete = maxUnavailable - unavailable;
        for (int target = replicas.length - 1; target >= updateMin && toDelete > 0; target--) {
            Pod pod = replicas[target];
            if (StatefulSets.podRevision(pod).equals(updateRevision) || StatefulSets.isTerminating(pod)) continue;
            log.info("Pod {} of StatefulSet {}/{} is terminating for update", pod.getMetadata().getName(),
                    set.getMetadata().getNamespace(), set.getMetadata().getName());
            podControl.deleteStatefulPod(set, pod);
            status.setCurrentReplicas(status.getCurrentReplicas() - 1);
            toDelete--;
        }
    }

    /** The RollingUpdate: the highest ordinal at or above the partition not at the update revision is deleted, one per round. */
    private void rollingUpdate(StatefulSetStatus status) {
        Integer maxUnavailable = StatefulSets.maxUnavailable(set);
        if (maxUnavailable != null) {
            rollingUpdateWithMaxUnavailable(status, maxUnavailable);
            return;
        }
        Integer partition = StatefulSets.partition(set);
        int updateMin = partition == null ? 0 : partition;
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            Pod pod = replicas[target];
            if (!StatefulSets.podRevision(pod).equals(updateRevision) && !StatefulSets.isTerminating(pod)) {
                log.info("Pod {} of StatefulSet {}/{} is terminating for update", pod.getMetadata().getName(),
                        set.getMetadata().getNamespace(), set.getMetadata().getName());
                podControl.deleteStatefulPod(set, pod);
                // Gone from the current count at once, as upstream reports it.
                status.setCurrentReplicas(status.getCurrentReplicas() - 1);
                return;
            }
            // Wait for the pod just replaced to be healthy before the next.
            if (!StatefulSets.isHealthy(pod)) return;
        }
    }

    /** Upstream's {@code updateStatus}/{@code computeReplicaStatus} over the replicas and the condemned. */
    private StatefulSetStatus status() {
        StatefulSetStatus s = new StatefulSetStatus();
        s.setObservedGeneration(Objects.requireNonNullElse(set.getMetadata().getGeneration(), 0L));
        s.setCurrentRevision(currentRevision);
        s.setUpdateRevision(updateRevision);
        s.setCollisionCount(collisionCount);
        int replicasN = 0, ready = 0, available = 0, current = 0, updated = 0;
        List<Pod> all = new ArrayList<>(List.of(replicas));
        all.addAll(condemned);
        for (Pod pod : all) {
            if (StatefulSets.isCreated(pod)) replicasN++;
            if (StatefulSets.isRunningAndReady(pod)) {
                ready++;
                if (StatefulSets.isRunningAndAvailable(pod, minReadySeconds, now)) available++;
            }
            if (StatefulSets.isCreated(pod) && !StatefulSets.isTerminating(pod)) {
                String rev = StatefulSets.podRevision(pod);
                if (rev.equals(currentRevision)) current++;
                if (rev.equals(updateRevision)) updated++;
            }
        }
        s.setReplicas(replicasN);
        s.setReadyReplicas(ready);
        s.setAvailableReplicas(available);
        s.setCurrentReplicas(current);
        s.setUpdatedReplicas(updated);
        return s;
    }
}
