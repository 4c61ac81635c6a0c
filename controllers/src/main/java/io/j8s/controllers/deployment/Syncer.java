package io.j8s.controllers.deployment;

import static io.j8s.controllers.deployment.DeploymentUtil.*;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.Times;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one sync of a Deployment does, as upstream's {@code sync.go}, {@code rolling.go},
 * {@code recreate.go} and {@code progress.go}. {@code d} is the sync's own copy: conditions and
 * the revision annotation are set on it as it goes, and written with its status.
 */
final class Syncer {

    private static final Logger log = LoggerFactory.getLogger(Syncer.class);

    private final DeploymentController.DeploymentClient client;
    private final Lister<Pod> pods;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;

    Syncer(DeploymentController.DeploymentClient client, Lister<Pod> pods, EventRecorder recorder, WorkQueue queue, Clock clock) {
        this.client = client;
        this.pods = pods;
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
    }

    EventRecorder recorder() {
        return recorder;
    }

    /** Writes {@code d}'s status and takes its new resourceVersion, so the sync's later writes do not conflict. */
    void updateStatus(Deployment d) {
        Deployment updated = client.updateStatus(d);
        if (updated != null && updated.getMetadata() != null) d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    }

    private record All(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            List<ReplicaSet> out = new ArrayList<>(oldRSs);
            if (newRS != null) out.add(newRS);
            return out;
        }
    }

    /** Upstream's {@code FindNewReplicaSet}: the oldest ReplicaSet whose template is the Deployment's. */
    static ReplicaSet findNewReplicaSet(Deployment d, List<ReplicaSet> rsList) {
        return rsList.stream().sorted(BY_CREATION).filter(rs -> equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
    }

    private All getAllReplicaSetsAndSyncRevision(Deployment d, List<ReplicaSet> rsList, boolean create) {
        ReplicaSet found = findNewReplicaSet(d, rsList);
        List<ReplicaSet> oldRSs = rsList.stream().filter(rs -> found == null || !Objects.equals(rs.getMetadata().getUid(),
                found.getMetadata().getUid())).toList();
        return new All(getNewReplicaSet(d, rsList, oldRSs, create), oldRSs);
    }

    private ReplicaSet getNewReplicaSet(Deployment d, List<ReplicaSet> rsList, List<ReplicaSet> oldRSs, boolean create) {
        ReplicaSet existing = findNewReplicaSet(d, rsList);
        String newRevision = String.valueOf(maxRevision(oldRSs) + 1);
        Instant now = clock.instant();
        if (existing != null) {
            ReplicaSet rsCopy = Copies.deepCopy(existing);
            boolean annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
            boolean minReadyNeedsUpdate = n(rsCopy.getSpec().getMinReadySeconds()) != n(d.getSpec().getMinReadySeconds());
            if (annotationsUpdated || minReadyNeedsUpdate) {
                rsCopy.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
                return client.updateReplicaSet(rsCopy);
            }
            boolean needsUpdate = setDeploymentRevision(d, annotations(rsCopy).get(REVISION));
            if (hasProgressDeadline(d) && condition(d.getStatus(), "Progressing") == null) {
                setCondition(d.getStatus(), newCondition("Progressing", "True", FOUND_NEW_RS_REASON,
                        "Found new replica set \"" + rsCopy.getMetadata().getName() + "\"", now));
                needsUpdate = true;
            }
            if (needsUpdate) updateStatus(d);
            return rsCopy;
        }
        if (!create) return null;

        var template = Copies.deepCopy(d.getSpec().getTemplate());
        String hash = computeHash(d.getSpec().getTemplate(), d.getStatus().getCollisionCount());
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        labels.put(POD_TEMPLATE_HASH, hash);
        if (template.getMetadata() == null) template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        template.getMetadata().setLabels(labels);
        var selector = Copies.deepCopy(d.getSpec().getSelector());
        Map<String, String> matchLabels = new HashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
        matchLabels.put(POD_TEMPLATE_HASH, hash);
        selector.setMatchLabels(matchLabels);
        String name = d.getMetadata().getName() + "-" + hash;
        ReplicaSet newRS = new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
                .withOwnerReferences(ControllerRefs.newControllerRef(d, "apps/v1", "Deployment")).withLabels(new HashMap<>(labels))
                .endMetadata().withNewSpec().withReplicas(0).withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector).withTemplate(template).endSpec().build();
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.add(newRS);
        int newReplicas = newRSNewReplicas(d, all, newRS);
        newRS.getSpec().setReplicas(newReplicas);
        setNewReplicaSetAnnotations(d, newRS, newRevision, false);

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = client.createReplicaSet(newRS);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 && e.getStatus() != null && "AlreadyExists".equals(e.getStatus().getReason())) {
                alreadyExists = true;
                ReplicaSet rs = client.getReplicaSet(d.getMetadata().getNamespace(), name);
                if (rs != null && ControllerRefs.isControlledBy(rs, d) && equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())) {
                    created = rs;
                } else {
                    // A hash collision: another template already has this name. Count it and hash again.
                    d.getStatus().setCollisionCount(n(d.getStatus().getCollisionCount()) + 1);
                    updateStatus(d);
                    throw new IllegalStateException("hash collision for ReplicaSet " + name + "; collisionCount is now "
                            + d.getStatus().getCollisionCount());
                }
            } else {
                if (hasProgressDeadline(d)) {
                    setCondition(d.getStatus(), newCondition("Progressing", "False", FAILED_RS_CREATE_REASON,
                            "Failed to create new replica set \"" + name + "\": " + e.getMessage(), now));
                    updateStatus(d);
                }
                throw e;
            }
        }
        if (!alreadyExists && newReplicas > 0) {
            recorder.event(d, EventRecorder.NORMAL, "ScalingReplicaSet",
                    "Scaled up replica set " + created.getMetadata().getName() + " from 0 to " + newReplicas);
        }
        boolean needsUpdate = setDeploymentRevision(d, newRevision);
        if (!alreadyExists && hasProgressDeadline(d)) {
            setCondition(d.getStatus(), newCondition("Progressing", "True", NEW_RS_REASON,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", now));
            needsUpdate = true;
        }
        if (needsUpdate) updateStatus(d);
        return created;
    }

    /** Upstream's {@code NewRSNewReplicas}: how big the new ReplicaSet may be now. */
    static int newRSNewReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRS) {
        if (!isRollingUpdate(d)) return replicas(d);
        int current = specReplicas(all);
        int maxTotal = replicas(d) + maxSurge(d);
        if (current >= maxTotal) return replicas(newRS);
        int up = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
        return replicas(newRS) + up;
    }

    // ---- scaling ----

    /** True when it changed the size. */
    private boolean scaleAndRecord(ReplicaSet rs, int newScale, Deployment d) {
        if (replicas(rs) == newScale) return false;
        return scaleReplicaSet(rs, newScale, d, replicas(rs) < newScale ? "up" : "down");
    }

    private boolean scaleReplicaSet(ReplicaSet rs, int newScale, Deployment d, String op) {
        boolean sizeNeedsUpdate = replicas(rs) != newScale;
        int max = replicas(d) + maxSurge(d);
        if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas(d), max)) return false;
        int oldScale = replicas(rs);
        ReplicaSet copy = Copies.deepCopy(rs);
        copy.getSpec().setReplicas(newScale);
        setReplicasAnnotations(copy, replicas(d), max);
        client.updateReplicaSet(copy);
        if (sizeNeedsUpdate) {
            recorder.event(d, EventRecorder.NORMAL, "ScalingReplicaSet",
                    "Scaled " + op + " replica set " + rs.getMetadata().getName() + " from " + oldScale + " to " + newScale);
        }
        return sizeNeedsUpdate;
    }

    boolean isScalingEvent(Deployment d, List<ReplicaSet> rsList) {
        All all = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        for (ReplicaSet rs : active(all.all())) {
            Integer desired = desiredReplicasAnnotation(rs);
            if (desired != null && desired != replicas(d)) return true;
        }
        return false;
    }

    /** Upstream's {@code sync}: scaling, and cleanup of a paused Deployment; no rollout. */
    void syncScale(Deployment d, List<ReplicaSet> rsList) {
        All all = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        scale(d, all.newRS(), all.oldRSs());
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) cleanup(all.oldRSs(), d);
        syncDeploymentStatus(all.all(), all.newRS(), d);
    }

    void syncStatusOnly(Deployment d, List<ReplicaSet> rsList) {
        All all = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        syncDeploymentStatus(all.all(), all.newRS(), d);
    }

    /** Upstream's {@code scale}: the one active ReplicaSet takes the new size, else proportional scaling. */
    private void scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        ReplicaSet activeOrLatest = findActiveOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            if (replicas(activeOrLatest) != replicas(d)) scaleAndRecord(activeOrLatest, replicas(d), d);
            return;
        }
        if (isSaturated(d, newRS)) {
            for (ReplicaSet old : active(oldRSs)) scaleAndRecord(old, 0, d);
            return;
        }
        if (!isRollingUpdate(d)) return;
        List<ReplicaSet> all = new ArrayList<>(active(withNew(oldRSs, newRS)));
        int allReplicas = specReplicas(all);
        int allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
        int toAdd = allowed - allReplicas;
        String op;
        if (toAdd > 0) {
            all.sort(BY_SIZE_NEWER);
            op = "up";
        } else if (toAdd < 0) {
            all.sort(BY_SIZE_OLDER);
            op = "down";
        } else {
            return;
        }
        int added = 0;
        Map<String, Integer> sizes = new HashMap<>();
        for (ReplicaSet rs : all) {
            int proportion = proportion(rs, d, toAdd, added);
            sizes.put(rs.getMetadata().getName(), replicas(rs) + proportion);
            added += proportion;
        }
        for (int i = 0; i < all.size(); i++) {
            ReplicaSet rs = all.get(i);
            String name = rs.getMetadata().getName();
            if (i == 0) sizes.put(name, Math.max(0, sizes.get(name) + toAdd - added));
            scaleReplicaSet(rs, sizes.get(name), d, op);
        }
    }

    private static List<ReplicaSet> withNew(List<ReplicaSet> oldRSs, ReplicaSet newRS) {
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        if (newRS != null) all.add(newRS);
        return all;
    }

    /** Upstream's {@code FindActiveOrLatest}. */
    private static ReplicaSet findActiveOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) return null;
        List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(BY_CREATION.reversed());
        List<ReplicaSet> active = active(withNew(newestFirst, newRS));
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : newestFirst.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    private static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) return false;
        Integer desired = desiredReplicasAnnotation(rs);
        return desired != null && desired == replicas(d) && available(rs) == replicas(d) && replicas(rs) == replicas(d);
    }

    /** Upstream's {@code GetProportion}. */
    private static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) return -replicas(rs);
        int max = replicas(d) + maxSurge(d);
        Integer before = intAnnotation(rs, MAX_REPLICAS);
        int maxBefore = before == null || before == 0 ? n(d.getStatus().getReplicas()) : before;
        if (maxBefore == 0) return 0;
        double size = (double) replicas(rs) * max / maxBefore;
        return (int) Math.round(size) - replicas(rs);
    }

    // ---- rolling update ----

    void rolloutRolling(Deployment d, List<ReplicaSet> rsList) {
        All all = getAllReplicaSetsAndSyncRevision(d, rsList, true);
        List<ReplicaSet> allRSs = all.all();
        if (reconcileNewReplicaSet(allRSs, all.newRS(), d)) {
            syncRolloutStatus(allRSs, all.newRS(), d);
            return;
        }
        if (reconcileOldReplicaSets(allRSs, active(all.oldRSs()), all.newRS(), d)) {
            syncRolloutStatus(allRSs, all.newRS(), d);
            return;
        }
        if (complete(d, d.getStatus())) cleanup(all.oldRSs(), d);
        syncRolloutStatus(allRSs, all.newRS(), d);
    }

    private boolean reconcileNewReplicaSet(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        if (newRS == null) return false;
        if (replicas(newRS) == replicas(d)) return false;
        if (replicas(newRS) > replicas(d)) return scaleAndRecord(newRS, replicas(d), d);
        return scaleAndRecord(newRS, newRSNewReplicas(d, allRSs, newRS), d);
    }

    private boolean reconcileOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS, Deployment d) {
        int oldPods = specReplicas(oldRSs);
        if (oldPods == 0) return false;
        int allPods = specReplicas(allRSs);
        int minAvailable = replicas(d) - maxUnavailable(d);
        int newUnavailable = newRS == null ? 0 : replicas(newRS) - available(newRS);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;
        // Unhealthy old replicas go first: they cost no availability.
        List<ReplicaSet> olds = new ArrayList<>(oldRSs);
        olds.sort(BY_CREATION);
        int cleaned = 0;
        for (int i = 0; i < olds.size(); i++) {
            ReplicaSet rs = olds.get(i);
            if (cleaned >= maxScaledDown) break;
            if (replicas(rs) == 0 || replicas(rs) == available(rs)) continue;
            int down = Math.min(maxScaledDown - cleaned, replicas(rs) - available(rs));
            int newSize = replicas(rs) - down;
            if (newSize > replicas(rs)) throw new IllegalStateException("when cleaning up unhealthy replicas, got invalid request to scale down "
                    + rs.getMetadata().getName() + " " + replicas(rs) + " -> " + newSize);
            scaleAndRecord(rs, newSize, d);
            ReplicaSet scaled = Copies.deepCopy(rs);
            scaled.getSpec().setReplicas(newSize);
            olds.set(i, scaled);
            cleaned += down;
        }
        List<ReplicaSet> all = withNew(olds, newRS);
        int scaledDown = scaleDownOldForRollingUpdate(all, olds, d);
        return cleaned + scaledDown > 0;
    }

    private int scaleDownOldForRollingUpdate(List<ReplicaSet> all, List<ReplicaSet> olds, Deployment d) {
        int minAvailable = replicas(d) - maxUnavailable(d);
        int availablePods = availableReplicas(all);
        if (availablePods <= minAvailable) return 0;
        List<ReplicaSet> sorted = new ArrayList<>(olds);
        sorted.sort(BY_CREATION);
        int total = 0;
        int totalToScaleDown = availablePods - minAvailable;
        for (ReplicaSet rs : sorted) {
            if (total >= totalToScaleDown) break;
            if (replicas(rs) == 0) continue;
            int down = Math.min(replicas(rs), totalToScaleDown - total);
            scaleAndRecord(rs, replicas(rs) - down, d);
            total += down;
        }
        return total;
    }

    // ---- recreate ----

    void rolloutRecreate(Deployment d, List<ReplicaSet> rsList) {
        All all = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        boolean scaledDown = false;
        for (ReplicaSet rs : active(all.oldRSs())) {
            if (scaleAndRecord(rs, 0, d)) scaledDown = true;
        }
        if (scaledDown) {
            syncRolloutStatus(all.all(), all.newRS(), d);
            return;
        }
        if (oldPodsRunning(all.newRS(), all.oldRSs())) {
            syncRolloutStatus(all.all(), all.newRS(), d);
            return;
        }
        if (all.newRS() == null) all = getAllReplicaSetsAndSyncRevision(d, rsList, true);
        scaleAndRecord(all.newRS(), replicas(d), d);
        if (complete(d, d.getStatus())) cleanup(all.oldRSs(), d);
        syncRolloutStatus(all.all(), all.newRS(), d);
    }

    private boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (statusReplicas(oldRSs) > 0) return true;
        for (ReplicaSet rs : oldRSs) {
            for (Pod p : pods.list(rs.getMetadata().getNamespace())) {
                OwnerReference ref = ControllerRefs.controllerOf(p);
                if (ref == null || !Objects.equals(ref.getUid(), rs.getMetadata().getUid())) continue;
                if (!Pods.isTerminated(p)) return true;
            }
        }
        return false;
    }

    // ---- history ----

    /** Upstream's {@code cleanupDeployment}: old, empty, settled ReplicaSets beyond revisionHistoryLimit go, lowest revision first. */
    private void cleanup(List<ReplicaSet> oldRSs, Deployment d) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) return;
        List<ReplicaSet> cleanable = new ArrayList<>(oldRSs.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) return;
        cleanable.sort(BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null ? 0 : Objects.requireNonNullElse(rs.getStatus().getObservedGeneration(), 0L);
            boolean settled = rs.getStatus() != null && n(rs.getStatus().getReplicas()) == 0 && replicas(rs) == 0
                    && Objects.requireNonNullElse(rs.getMetadata().getGeneration(), 0L) <= observed;
            if (!settled) continue;
            log.info("Trying to clean up replica set {} for deployment {}", rs.getMetadata().getName(), d.getMetadata().getName());
            try {
                client.deleteReplicaSet(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) throw e;
            }
        }
    }

    // ---- status and progress ----

    private DeploymentStatus calculateStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        int available = availableReplicas(allRSs);
        int total = specReplicas(allRSs);
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(d.getMetadata().getGeneration());
        s.setReplicas(statusReplicas(allRSs));
        s.setUpdatedReplicas(statusReplicas(newRS == null ? List.of() : List.of(newRS)));
        s.setReadyReplicas(readyReplicas(allRSs));
        s.setAvailableReplicas(available);
        s.setUnavailableReplicas(Math.max(0, total - available));
        s.setCollisionCount(d.getStatus().getCollisionCount());
        if (d.getStatus().getConditions() != null) {
            List<DeploymentCondition> copy = new ArrayList<>();
            for (DeploymentCondition c : d.getStatus().getConditions()) copy.add(Copies.deepCopy(c));
            s.setConditions(copy);
        }
        Instant now = clock.instant();
        if (available >= replicas(d) - maxUnavailable(d)) {
            setCondition(s, newCondition("Available", "True", MIN_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            setCondition(s, newCondition("Available", "False", MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    private void syncDeploymentStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        DeploymentStatus s = calculateStatus(allRSs, newRS, d);
        if (s.equals(d.getStatus())) return;
        d.setStatus(s);
        updateStatus(d);
    }

    /** Upstream's {@code syncRolloutStatus}: status, and the Progressing condition against the deadline. */
    private void syncRolloutStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        DeploymentStatus s = calculateStatus(allRSs, newRS, d);
        Instant now = clock.instant();
        if (!hasProgressDeadline(d)) removeCondition(s, "Progressing");
        DeploymentCondition current = condition(s, "Progressing");
        boolean completeAlready = n(s.getReplicas()) == n(s.getUpdatedReplicas()) && current != null
                && NEW_RS_AVAILABLE_REASON.equals(current.getReason());
        if (hasProgressDeadline(d) && !completeAlready) {
            String rsName = newRS == null ? null : newRS.getMetadata().getName();
            if (complete(d, s)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" has successfully progressed." : "Deployment has successfully progressed.";
                setCondition(s, newCondition("Progressing", "True", NEW_RS_AVAILABLE_REASON, msg, now));
            } else if (progressing(d, s)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" is progressing." : "Deployment is progressing.";
                DeploymentCondition c = newCondition("Progressing", "True", RS_UPDATED_REASON, msg, now);
                // Progress moves lastUpdateTime, keeping the transition time.
                if (current != null) {
                    if ("True".equals(current.getStatus())) c.setLastTransitionTime(current.getLastTransitionTime());
                    removeCondition(s, "Progressing");
                }
                setCondition(s, c);
            } else if (timedOut(d, s, now)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" has timed out progressing." : "Deployment has timed out progressing.";
                setCondition(s, newCondition("Progressing", "False", TIMED_OUT_REASON, msg, now));
                recorderTimedOut(d, msg);
            }
        }
        DeploymentCondition failure = replicaFailure(allRSs, newRS);
        if (failure != null) setCondition(s, failure);
        else removeCondition(s, "ReplicaFailure");
        if (s.equals(d.getStatus())) {
            requeueStuckDeployment(d, s, now);
            return;
        }
        d.setStatus(s);
        updateStatus(d);
    }

    private void recorderTimedOut(Deployment d, String msg) {
        DeploymentCondition before = condition(d.getStatus(), "Progressing");
        if (before == null || !TIMED_OUT_REASON.equals(before.getReason())) {
            recorder.event(d, EventRecorder.WARNING, TIMED_OUT_REASON, msg);
        }
    }

    /** Upstream's {@code requeueStuckDeployment}: look again when the progress deadline passes. */
    private void requeueStuckDeployment(Deployment d, DeploymentStatus s, Instant now) {
        DeploymentCondition c = condition(s, "Progressing");
        if (!hasProgressDeadline(d) || c == null) return;
        if (complete(d, s) || TIMED_OUT_REASON.equals(c.getReason())) return;
        Instant last = Times.parse(c.getLastUpdateTime());
        if (last == null) return;
        Instant deadline = last.plusSeconds(d.getSpec().getProgressDeadlineSeconds());
        Duration after = Duration.between(now, deadline);
        // Times are in whole seconds: a second more so the deadline has surely passed.
        queue.addAfter(Keys.of(d), after.isNegative() ? Duration.ZERO : after.plusSeconds(1));
    }

    /** Upstream's {@code checkPausedConditions}. */
    void checkPausedConditions(Deployment d) {
        if (!hasProgressDeadline(d)) return;
        DeploymentCondition c = condition(d.getStatus(), "Progressing");
        if (c != null && TIMED_OUT_REASON.equals(c.getReason())) return;
        boolean pausedCond = c != null && PAUSED_REASON.equals(c.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        Instant now = clock.instant();
        if (paused && !pausedCond) {
            setCondition(d.getStatus(), newCondition("Progressing", "Unknown", PAUSED_REASON, "Deployment is paused", now));
        } else if (!paused && pausedCond) {
            setCondition(d.getStatus(), newCondition("Progressing", "Unknown", RESUMED_REASON, "Deployment is resumed", now));
        } else {
            return;
        }
        updateStatus(d);
    }
}
