package io.j8s.controllers.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.Lister;
import java.util.List;
import java.util.function.Supplier;

/**
 * Upstream's {@code history.Interface}: a workload controller's ControllerRevisions, read from the
 * informer's cache and written through a {@link RevisionClient}. The pure helpers (hashes, names,
 * order, equality, truncation) are in {@link Revisions}.
 *
 * <p>Typical use in a sync: {@link #claim} the owner's revisions, find the one equal to the
 * owner's current template ({@link Revisions#findEqual}), else {@link #create} it with
 * {@link Revisions#nextRevision}; bump an older equal one with {@link #updateRevision}; and
 * {@link #delete} what {@link Revisions#toTruncate} returns.
 */
public final class History {

    /** A created (or found identical) revision and the collision count it took to name it. */
    public record Created(ControllerRevision revision, int collisionCount) {}

    private final Lister<ControllerRevision> revisions;
    private final RevisionClient client;

    public History(Lister<ControllerRevision> revisions, RevisionClient client) {
        this.revisions = revisions;
        this.client = client;
    }

    /** Upstream's {@code ListControllerRevisions}: the cached revisions in the parent's namespace its selector matches, owned or not. */
    public List<ControllerRevision> list(HasMetadata parent, LabelSelector selector) {
        return revisions.list(parent.getMetadata().getNamespace()).stream()
                .filter(r -> selector.matches(Revisions.labels(r))).toList();
    }

    /**
     * Upstream's {@code ClaimControllerRevisions}: the revisions the parent controls after adopting
     * matching orphans and releasing its own that no longer match (others' are left alone).
     *
     * @param canAdoptError a fresh read of the parent: null when it may adopt, else why not
     *     ({@link ControllerRefManager#recheck})
     */
    public List<ControllerRevision> claim(HasMetadata parent, String apiVersion, String kind, LabelSelector selector,
            Supplier<String> canAdoptError) {
        var manager = new ControllerRefManager<ControllerRevision>(parent, apiVersion, kind, selector, canAdoptError, client::patch);
        return manager.claim(list(parent, selector));
    }

    /**
     * Upstream's {@code CreateControllerRevision}: creates {@code revision} named
     * {@code <parent>-<hash>}; when the name is taken by a revision with other data, bumps the
     * collision count and tries the next hash; when taken by an equal one, returns that one.
     */
    public Created create(HasMetadata parent, ControllerRevision revision, int collisionCount) {
        ControllerRevision clone = Copies.deepCopy(revision);
        String ns = parent.getMetadata().getNamespace();
        clone.getMetadata().setNamespace(ns);
        if (clone.getMetadata().getLabels() == null) clone.getMetadata().setLabels(new java.util.HashMap<>());
        while (true) {
            String hash = Revisions.hashRevision(revision, collisionCount);
            clone.getMetadata().setName(Revisions.revisionName(parent.getMetadata().getName(), hash));
            clone.getMetadata().getLabels().put(Revisions.HASH_LABEL, hash);
            try {
                return new Created(client.create(clone), collisionCount);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) throw e;
                ControllerRevision exists = client.get(ns, clone.getMetadata().getName());
                if (exists == null) continue; // deleted meanwhile: the name is free again
                if (Revisions.equalData(exists.getData(), clone.getData())) return new Created(exists, collisionCount);
                collisionCount++;
            }
        }
    }

    /** Upstream's {@code UpdateControllerRevision}: gives an existing revision a new revision number (a rollback to it). */
    public ControllerRevision updateRevision(ControllerRevision revision, long newRevision) {
        if (Revisions.revisionOf(revision) == newRevision) return revision;
        ControllerRevision copy = Copies.deepCopy(revision);
        copy.setRevision(newRevision);
        try {
            return client.update(copy);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            ControllerRevision latest = client.get(revision.getMetadata().getNamespace(), revision.getMetadata().getName());
            if (latest == null) throw e;
            latest.setRevision(newRevision);
            return client.update(latest);
        }
    }

    /** Upstream's {@code DeleteControllerRevision}. */
    public void delete(ControllerRevision revision) {
        client.delete(revision.getMetadata().getNamespace(), revision.getMetadata().getName());
    }
}
