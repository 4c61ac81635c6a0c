package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ApiPodControl;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Expectations;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.PodControl;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's ReplicaSet controller ({@code pkg/controller/replicaset/replica_set.go}): keeps
 * {@code spec.replicas} active pods matching the selector, adopting orphans and releasing pods that
 * no longer match; creates in slow-start batches, deletes the least valuable pods first; does not
 * act again on a key while its own creates and deletes are unobserved (expectations); writes
 * replicas, fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration.
 */
public final class ReplicaSetController {

    public static final String NAME = "replicaset";
    static final String COMPONENT = "replicaset-controller";
    /** Upstream's {@code BurstReplicas}: the most creates or deletes one sync makes. */
    static final int BURST_REPLICAS = 500;
    /** Upstream's {@code SlowStartInitialBatchSize}. */
    static final int SLOW_START_INITIAL_BATCH = 1;

    private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);

    /** The writes besides pods' (replaced by a recording fake in tests). */
    interface ReplicaSetClient {
        ReplicaSet updateStatus(ReplicaSet rs);

        /** A fresh read, past the cache (adoption's recheck); null when gone. */
        ReplicaSet get(String namespace, String name);
    }

    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final PodControl podControl;
    private final ReplicaSetClient client;
    private final Expectations expectations;
    private final WorkQueue queue;
    private final Clock clock;
    private final int burstReplicas;

    ReplicaSetController(Lister<ReplicaSet> replicaSets, Lister<Pod> pods, PodControl podControl, ReplicaSetClient client,
            WorkQueue queue, Clock clock, int burstReplicas) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.podControl = podControl;
        this.client = client;
        this.queue = queue;
        this.clock = clock;
        this.expectations = new Expectations(clock);
        this.burstReplicas = burstReplicas;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<ReplicaSet> rsInformer = ctx.informers().of(ReplicaSet.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        WorkQueue queue = ctx.workQueue("replicaset");
        var k8s = ctx.client();
        ReplicaSetClient client = new ReplicaSetClient() {
            @Override
            public ReplicaSet updateStatus(ReplicaSet rs) {
                return k8s.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).updateStatus();
            }

            @Override
            public ReplicaSet get(String namespace, String name) {
                return k8s.apps().replicaSets().inNamespace(namespace).withName(name).get();
            }
        };
        var rsc = new ReplicaSetController(Lister.of(rsInformer), Lister.of(podInformer),
                new ApiPodControl(k8s, ctx.recorder(COMPONENT)), client, queue, ctx.clock(), BURST_REPLICAS);
        rsInformer.addEventHandler(rsc.replicaSetHandler());
        podInformer.addEventHandler(rsc.podHandler());
        return new Controller(NAME, queue, rsc::sync, List.of(rsInformer::hasSynced, podInformer::hasSynced));
    }

    Expectations expectations() {
        return expectations;
    }

    // ---- the sync ----

    void sync(String key) {
        String ns = Keys.namespace(key);
        ReplicaSet rs = replicaSets.get(ns, Keys.name(key));
        if (rs == null) {
            expectations.delete(key);
            return;
        }
        boolean needsSync = expectations.satisfied(key);
        LabelSelector selector;
        try {
            selector = LabelSelector.fromMeta(rs.getSpec().getSelector());
        } catch (InvalidSelectorException e) {
            log.warn("ReplicaSet {} has an invalid selector: {}", key, e.getMessage());
            return;
        }
        List<Pod> active = pods.list(ns).stream().filter(Pods::isActive).toList();
        List<Pod> owned = claimPods(rs, selector, active);
        RuntimeException manageError = null;
        if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(key, owned, rs);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        ReplicaSetStatus status = ReplicaSetStatuses.calculate(rs, owned, manageError, clock.instant());
        ReplicaSet updated = updateStatusIfNeeded(rs, status);
        int replicas = replicas(rs);
        int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
        if (manageError == null && minReady > 0 && intOf(updated.getStatus().getReadyReplicas()) == replicas
                && intOf(updated.getStatus().getAvailableReplicas()) != replicas) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
        if (manageError != null) throw manageError;
    }

    private List<Pod> claimPods(ReplicaSet rs, LabelSelector selector, List<Pod> candidates) {
        var manager = new ControllerRefManager<Pod>(rs, "apps/v1", "ReplicaSet", selector,
                () -> ControllerRefManager.recheck(rs, client.get(rs.getMetadata().getNamespace(), rs.getMetadata().getName())),
                podControl::patchPod);
        return manager.claim(candidates);
    }

    private void manageReplicas(String key, List<Pod> owned, ReplicaSet rs) {
        int diff = owned.size() - replicas(rs);
        String ns = rs.getMetadata().getNamespace();
        if (diff < 0) {
            int n = Math.min(-diff, burstReplicas);
            expectations.expectCreations(key, n);
            log.info("Too few replicas for ReplicaSet {}: need {}, creating {}", key, replicas(rs), n);
            OwnerReference ref = ControllerRefs.newControllerRef(rs, "apps/v1", "ReplicaSet");
            var result = slowStartBatch(n, SLOW_START_INITIAL_BATCH, () -> podControl.createPod(ns, rs.getSpec().getTemplate(), rs, ref));
            int skipped = n - result.successes();
            if (skipped > 0) expectations.lowerCreations(key, skipped);
            if (result.error() != null) throw result.error();
        } else if (diff > 0) {
            int n = Math.min(diff, burstReplicas);
            log.info("Too many replicas for ReplicaSet {}: need {}, deleting {}", key, replicas(rs), n);
            List<Pod> victims = Pods.leastValuable(owned, relatedPods(rs), n);
            expectations.expectDeletions(key, victims.stream().map(Keys::of).toList());
            RuntimeException first = null;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (Pod p : victims) running.add(pool.submit(() -> {
                    try {
                        podControl.deletePod(ns, p.getMetadata().getName(), rs);
                    } catch (RuntimeException e) {
                        // Not deleted: its deletion will never be observed.
                        expectations.deletionObserved(key, Keys.of(p));
                        throw e;
                    }
                }));
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (first == null) first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (first != null) throw first;
        }
    }

    /** The pods of every ReplicaSet that shares this one's controller (its Deployment's other revisions). */
    private List<Pod> relatedPods(ReplicaSet rs) {
        OwnerReference owner = ControllerRefs.controllerOf(rs);
        List<ReplicaSet> siblings = new ArrayList<>();
        if (owner == null) {
            siblings.add(rs);
        } else {
            for (ReplicaSet other : replicaSets.list(rs.getMetadata().getNamespace())) {
                OwnerReference o = ControllerRefs.controllerOf(other);
                if (o != null && Objects.equals(o.getUid(), owner.getUid())) siblings.add(other);
            }
        }
        List<Pod> related = new ArrayList<>();
        for (Pod p : pods.list(rs.getMetadata().getNamespace())) {
            OwnerReference o = ControllerRefs.controllerOf(p);
            if (o == null) continue;
            for (ReplicaSet s : siblings) {
                if (Objects.equals(o.getUid(), s.getMetadata().getUid())) related.add(p);
            }
        }
        return related;
    }

    record BatchResult(int successes, RuntimeException error) {}

    /**
     * Upstream's {@code slowStartBatch}: calls {@code fn} {@code count} times in batches of 1, 2,
     * 4, … run in parallel, stopping after the first batch with a failure, so a controller that
     * cannot create (a quota, a webhook) fails once rather than {@code count} times.
     */
    static BatchResult slowStartBatch(int count, int initialBatch, Runnable fn) {
        int remaining = count;
        int successes = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < batch; i++) running.add(pool.submit(fn));
                RuntimeException error = null;
                for (Future<?> f : running) {
                    try {
                        f.get();
                        successes++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (error == null) error = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new BatchResult(successes, new IllegalStateException(e));
                    }
                }
                if (error != null) return new BatchResult(successes, error);
                remaining -= batch;
            }
        }
        return new BatchResult(successes, null);
    }

    private ReplicaSet updateStatusIfNeeded(ReplicaSet rs, ReplicaSetStatus status) {
        long generation = Objects.requireNonNullElse(rs.getMetadata().getGeneration(), 0L);
        if (ReplicaSetStatuses.same(rs.getStatus(), status) && Objects.equals(observedGeneration(rs), generation)) return rs;
        status.setObservedGeneration(generation);
        ReplicaSet copy = io.j8s.controllers.common.Copies.deepCopy(rs);
        copy.setStatus(status);
        try {
            return client.updateStatus(copy);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            // Upstream reads the latest and tries once more; the next event re-syncs otherwise.
            ReplicaSet latest = client.get(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
            if (latest == null) return rs;
            latest.setStatus(status);
            return client.updateStatus(latest);
        }
    }

    private static Long observedGeneration(ReplicaSet rs) {
        return rs.getStatus() == null ? null : rs.getStatus().getObservedGeneration();
    }

    static int replicas(ReplicaSet rs) {
        return Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
    }

    static int intOf(Integer i) {
        return i == null ? 0 : i;
    }

    // ---- the informers' side ----

    private String key(ReplicaSet rs) {
        return Keys.of(rs);
    }

    /** The ReplicaSet a controller reference names, if the cache has that very one (same uid). */
    private ReplicaSet resolve(String namespace, OwnerReference ref) {
        return ControllerRefs.resolve(replicaSets, "ReplicaSet", namespace, ref);
    }

    /** The ReplicaSets whose selector matches an orphan pod's labels. */
    private List<ReplicaSet> replicaSetsMatching(Pod pod) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.list(pod.getMetadata().getNamespace())) {
            try {
                if (LabelSelector.fromMeta(rs.getSpec().getSelector()).matches(pod.getMetadata().getLabels())) out.add(rs);
            } catch (InvalidSelectorException e) {
                // such a ReplicaSet selects nothing
            }
        }
        return out;
    }

    ResourceEventHandler<ReplicaSet> replicaSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                queue.add(key(rs));
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet cur) {
                if (!Objects.equals(old.getMetadata().getUid(), cur.getMetadata().getUid())) expectations.delete(key(old));
                queue.add(key(cur));
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                expectations.delete(key(rs));
                queue.add(key(rs));
            }
        };
    }

    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    // A restarted controller sees a pod already being deleted: as a deletion.
                    onDelete(pod, false);
                    return;
                }
                OwnerReference ref = ControllerRefs.controllerOf(pod);
                if (ref != null) {
                    ReplicaSet rs = resolve(pod.getMetadata().getNamespace(), ref);
                    if (rs == null) return;
                    expectations.creationObserved(key(rs));
                    queue.add(key(rs));
                    return;
                }
                replicaSetsMatching(pod).forEach(rs -> queue.add(key(rs)));
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) return;
                boolean labelsChanged = !Objects.equals(Pods.labels(old), Pods.labels(cur));
                if (cur.getMetadata().getDeletionTimestamp() != null) {
                    // Deletion starts here for a graceful delete: count it now, so a replacement is made at once.
                    onDelete(cur, false);
                    if (labelsChanged) onDelete(old, false);
                    return;
                }
                OwnerReference curRef = ControllerRefs.controllerOf(cur);
                OwnerReference oldRef = ControllerRefs.controllerOf(old);
                boolean refChanged = !Objects.equals(curRef == null ? null : curRef.getUid(), oldRef == null ? null : oldRef.getUid());
                if (refChanged && oldRef != null) {
                    ReplicaSet rs = resolve(old.getMetadata().getNamespace(), oldRef);
                    if (rs != null) queue.add(key(rs));
                }
                if (curRef != null) {
                    ReplicaSet rs = resolve(cur.getMetadata().getNamespace(), curRef);
                    if (rs == null) return;
                    queue.add(key(rs));
                    int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
                    if (!Pods.isReady(old) && Pods.isReady(cur) && minReady > 0) {
                        // Available only once ready for minReadySeconds: look again then (upstream adds a second).
                        queue.addAfter(key(rs), Duration.ofSeconds(minReady + 1L));
                    }
                    return;
                }
                if (labelsChanged || refChanged) replicaSetsMatching(cur).forEach(rs -> queue.add(key(rs)));
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                ReplicaSet rs = resolve(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(pod));
                if (rs == null) return;
                expectations.deletionObserved(key(rs), Keys.of(pod));
                queue.add(key(rs));
            }
        };
    }
}
