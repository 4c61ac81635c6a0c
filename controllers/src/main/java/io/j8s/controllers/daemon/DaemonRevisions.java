package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.PodControl;
import io.j8s.controllers.history.History;
import io.j8s.controllers.history.RevisionClient;
import io.j8s.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DaemonSet's ControllerRevisions (upstream's {@code constructHistory}, {@code snapshot},
 * {@code dedupCurHistories}, {@code cleanupHistory}): a revision per template the DaemonSet has
 * had, named {@code <ds>-<controller-revision-hash>}, holding the patch that restores the template
 * (what {@code kubectl rollout undo daemonset} applies).
 */
final class DaemonRevisions {

    private static final Logger log = LoggerFactory.getLogger(DaemonRevisions.class);

    /** The current revision and the others the DaemonSet owns. */
    record Constructed(ControllerRevision current, List<ControllerRevision> old) {
        String hash() {
            return Revisions.labels(current).get(Revisions.HASH_LABEL);
        }
    }

    private final History history;
    private final RevisionClient revisions;
    private final DaemonSetController.DaemonSetClient dsClient;
    private final PodControl podControl;

    DaemonRevisions(History history, RevisionClient revisions, DaemonSetController.DaemonSetClient dsClient, PodControl podControl) {
        this.history = history;
        this.revisions = revisions;
        this.dsClient = dsClient;
        this.podControl = podControl;
    }

    /** Upstream's {@code getPatch}: {@code {"spec":{"template":{…,"$patch":"replace"}}}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> patch(DaemonSet ds) {
        Map<String, Object> template = new LinkedHashMap<>(Serialization.jsonMapper().convertValue(ds.getSpec().getTemplate(), Map.class));
        template.put("$patch", "replace");
        return Map.of("spec", Map.of("template", template));
    }

    /** Upstream's {@code Match}: whether the revision holds the DaemonSet's current template. */
    static boolean match(DaemonSet ds, ControllerRevision revision) {
        return Revisions.equalData(patch(ds), revision.getData());
    }

    List<ControllerRevision> controlled(DaemonSet ds, LabelSelector selector) {
        return history.claim(ds, "apps/v1", "DaemonSet", selector, () -> ControllerRefManager.recheck(ds,
                dsClient.get(ds.getMetadata().getNamespace(), ds.getMetadata().getName())));
    }

    /** Upstream's {@code constructHistory}: finds or makes the current revision and gives it the highest number. */
    Constructed construct(DaemonSet ds, LabelSelector selector, List<Pod> pods) {
        List<ControllerRevision> current = new ArrayList<>();
        List<ControllerRevision> old = new ArrayList<>();
        for (ControllerRevision r : controlled(ds, selector)) {
            if (!Revisions.labels(r).containsKey(Revisions.HASH_LABEL)) {
                // Upstream labels an unlabelled revision with its name, not a hash: no collision to fear.
                ControllerRevision copy = Copies.deepCopy(r);
                Map<String, String> labels = new HashMap<>(Revisions.labels(copy));
                labels.put(Revisions.HASH_LABEL, copy.getMetadata().getName());
                copy.getMetadata().setLabels(labels);
                r = revisions.update(copy);
            }
            (match(ds, r) ? current : old).add(r);
        }
        long next = Revisions.nextRevision(old);
        ControllerRevision cur;
        if (current.isEmpty()) {
            cur = snapshot(ds, next);
        } else {
            cur = dedup(ds, current, pods);
            if (cur.getRevision() == null || cur.getRevision() < next) cur = history.updateRevision(cur, next);
        }
        return new Constructed(cur, old);
    }

    /** Upstream's {@code snapshot}: creates the revision of the current template, bumping collisionCount on a name clash. */
    private ControllerRevision snapshot(DaemonSet ds, long revision) {
        Integer collisionCount = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String hash = Revisions.hashTemplate(ds.getSpec().getTemplate(), collisionCount);
        String name = Revisions.revisionName(ds.getMetadata().getName(), hash);
        ControllerRevision cr = new ControllerRevision();
        cr.setApiVersion("apps/v1");
        cr.setKind("ControllerRevision");
        cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        cr.getMetadata().setName(name);
        cr.getMetadata().setNamespace(ds.getMetadata().getNamespace());
        var tm = ds.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new HashMap<>(tm == null || tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(Revisions.HASH_LABEL, hash);
        cr.getMetadata().setLabels(labels);
        cr.getMetadata().setAnnotations(ds.getMetadata().getAnnotations() == null ? null : new HashMap<>(ds.getMetadata().getAnnotations()));
        cr.getMetadata().setOwnerReferences(List.of(ControllerRefs.newControllerRef(ds, "apps/v1", "DaemonSet")));
        cr.setData(patch(ds));
        cr.setRevision(revision);
        try {
            return revisions.create(cr);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            ControllerRevision existing = revisions.get(ds.getMetadata().getNamespace(), name);
            if (existing != null && match(ds, existing)) return existing;
            // A revision of another template holds the name: count a collision, so the next sync hashes anew.
            DaemonSet fresh = dsClient.get(ds.getMetadata().getNamespace(), ds.getMetadata().getName());
            if (fresh == null) throw e;
            Integer freshCount = fresh.getStatus() == null ? null : fresh.getStatus().getCollisionCount();
            if (!Objects.equals(freshCount, collisionCount)) {
                throw new IllegalStateException("found a stale collision count (" + collisionCount + ", expected " + freshCount
                        + ") of DaemonSet \"" + ds.getMetadata().getName() + "\" while processing; will retry until it is updated");
            }
            if (fresh.getStatus() == null) fresh.setStatus(new io.fabric8.kubernetes.api.model.apps.DaemonSetStatus());
            fresh.getStatus().setCollisionCount(freshCount == null ? 1 : freshCount + 1);
            dsClient.updateStatus(fresh);
            log.info("Found a hash collision for DaemonSet {}/{} - bumping collisionCount to {}", ds.getMetadata().getNamespace(),
                    ds.getMetadata().getName(), fresh.getStatus().getCollisionCount());
            throw e;
        }
    }

    /** Upstream's {@code dedupCurHistories}: keeps the highest-numbered equal revision, relabels pods onto it, deletes the rest. */
    private ControllerRevision dedup(DaemonSet ds, List<ControllerRevision> current, List<Pod> pods) {
        if (current.size() == 1) return current.getFirst();
        ControllerRevision keep = current.getFirst();
        for (ControllerRevision r : current) {
            if (Objects.requireNonNullElse(r.getRevision(), 0L) >= Objects.requireNonNullElse(keep.getRevision(), 0L)) keep = r;
        }
        String keepHash = Revisions.labels(keep).get(Revisions.HASH_LABEL);
        for (ControllerRevision r : current) {
            if (r.getMetadata().getName().equals(keep.getMetadata().getName())) continue;
            for (Pod p : pods) {
                if (!Objects.equals(p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Revisions.HASH_LABEL), keepHash)) {
                    podControl.patchPod(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                            "{\"metadata\":{\"labels\":{\"" + Revisions.HASH_LABEL + "\":\"" + keepHash + "\"}}}");
                }
            }
            history.delete(r);
        }
        return keep;
    }

    /**
     * Upstream's {@code cleanupHistory}: deletes the oldest old revisions beyond revisionHistoryLimit,
     * skipping those some daemon pod still runs (which, as upstream, still count towards the excess).
     */
    void cleanup(DaemonSet ds, List<ControllerRevision> old, Set<String> liveHashes) {
        int limit = Objects.requireNonNullElse(ds.getSpec().getRevisionHistoryLimit(), 10);
        int toKill = old.size() - limit;
        for (ControllerRevision r : Revisions.sorted(old)) {
            if (toKill <= 0) break;
            if (liveHashes.contains(Revisions.labels(r).get(Revisions.HASH_LABEL))) continue;
            history.delete(r);
            toKill--;
        }
    }
}
