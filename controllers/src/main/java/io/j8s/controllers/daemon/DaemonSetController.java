package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ApiPodControl;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Expectations;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.PodControl;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.history.History;
import io.j8s.controllers.history.RevisionClient;
import io.j8s.controllers.history.Revisions;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's DaemonSet controller ({@code pkg/controller/daemon/daemon_controller.go}): one pod of
 * each DaemonSet on every node whose labels, affinity and taints admit it. Pods are made unbound,
 * pinned by a required node affinity on {@code metadata.name}, and the scheduler binds them; extra
 * pods, pods on nodes that no longer fit, and failed pods (with a per-node backoff) are deleted.
 * Templates are versioned as ControllerRevisions; RollingUpdate replaces pods within maxUnavailable
 * (or surges within maxSurge), OnDelete only when a pod goes. Status is what
 * {@code kubectl rollout status daemonset} reads.
 */
public final class DaemonSetController {

    public static final String NAME = "daemonset";
    static final String COMPONENT = "daemonset-controller";
    /** Upstream's {@code BurstReplicas}. */
    static final int BURST_REPLICAS = 250;
    static final String FAILED_DAEMON_POD = "FailedDaemonPod";
    static final String SELECTING_ALL = "SelectingAll";

    private static final Logger log = LoggerFactory.getLogger(DaemonSetController.class);

    /** The DaemonSet writes (replaced by a recording fake in tests). */
    interface DaemonSetClient {
        DaemonSet updateStatus(DaemonSet ds);

        /** A fresh read past the cache; null when gone. */
        DaemonSet get(String namespace, String name);
    }

    private final Lister<DaemonSet> daemonSets;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final PodControl podControl;
    private final DaemonSetClient client;
    private final DaemonRevisions revisions;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;
    private final Expectations expectations;
    private final FailedPodsBackoff failedPodsBackoff;
    private final int burstReplicas;

    DaemonSetController(Lister<DaemonSet> daemonSets, Lister<Pod> pods, Lister<Node> nodes, Lister<ControllerRevision> revisionLister,
            PodControl podControl, DaemonSetClient client, RevisionClient revisionClient, EventRecorder recorder, WorkQueue queue,
            Clock clock, int burstReplicas) {
        this.daemonSets = daemonSets;
        this.pods = pods;
        this.nodes = nodes;
        this.podControl = podControl;
        this.client = client;
        this.revisions = new DaemonRevisions(new History(revisionLister, revisionClient), revisionClient, client, podControl);
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
        this.expectations = new Expectations(clock);
        this.failedPodsBackoff = new FailedPodsBackoff(clock, Duration.ofSeconds(1), Duration.ofMinutes(15));
        this.burstReplicas = burstReplicas;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<DaemonSet> dsInformer = ctx.informers().of(DaemonSet.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        SharedIndexInformer<Node> nodeInformer = ctx.informers().of(Node.class);
        SharedIndexInformer<ControllerRevision> revInformer = ctx.informers().of(ControllerRevision.class);
        WorkQueue queue = ctx.workQueue("daemonset");
        var k8s = ctx.client();
        DaemonSetClient client = new DaemonSetClient() {
            @Override
            public DaemonSet updateStatus(DaemonSet ds) {
                return k8s.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(ds).updateStatus();
            }

            @Override
            public DaemonSet get(String namespace, String name) {
                return k8s.apps().daemonSets().inNamespace(namespace).withName(name).get();
            }
        };
        EventRecorder recorder = ctx.recorder(COMPONENT);
        var dsc = new DaemonSetController(Lister.of(dsInformer), Lister.of(podInformer), Lister.of(nodeInformer), Lister.of(revInformer),
                new ApiPodControl(k8s, recorder), client, RevisionClient.of(k8s), recorder, queue, ctx.clock(), BURST_REPLICAS);
        var handlers = new DaemonSetHandlers(dsc);
        dsInformer.addEventHandler(handlers.daemonSetHandler());
        podInformer.addEventHandler(handlers.podHandler());
        nodeInformer.addEventHandler(handlers.nodeHandler());
        revInformer.addEventHandler(handlers.revisionHandler());
        return new Controller(NAME, queue, dsc::sync, List.of(dsInformer::hasSynced, podInformer::hasSynced, nodeInformer::hasSynced,
                revInformer::hasSynced));
    }

    Expectations expectations() {
        return expectations;
    }

    WorkQueue queue() {
        return queue;
    }

    Lister<DaemonSet> daemonSets() {
        return daemonSets;
    }

    Lister<Node> nodes() {
        return nodes;
    }

    // ---- the sync ----

    /** Upstream's {@code syncDaemonSet}. */
    void sync(String key) {
        failedPodsBackoff.gcIfDue();
        DaemonSet ds = daemonSets.get(Keys.namespace(key), Keys.name(key));
        if (ds == null) {
            expectations.delete(key);
            return;
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.fromMeta(ds.getSpec().getSelector());
        } catch (InvalidSelectorException e) {
            log.warn("DaemonSet {} has an invalid selector: {}", key, e.getMessage());
            return;
        }
        if (selectsEverything(ds)) {
            recorder.event(ds, EventRecorder.WARNING, SELECTING_ALL, "This daemon set is selecting all pods. A non-empty selector is required.");
            return;
        }
        // Nothing more for a DaemonSet being deleted: the garbage collector removes its pods.
        if (ds.getMetadata().getDeletionTimestamp() != null) return;
        List<Node> nodeList = nodes.list();
        List<Pod> claimed = claimPods(ds, selector);
        Map<String, List<Pod>> nodeToDaemonPods = byNode(claimed);
        DaemonRevisions.Constructed history = revisions.construct(ds, selector, claimed);
        String hash = history.hash();
        if (!expectations.satisfied(key)) {
            updateStatus(ds, nodeList, nodeToDaemonPods, hash, false);
            return;
        }
        manage(ds, key, nodeList, nodeToDaemonPods, hash);
        if (expectations.satisfied(key) && RollingUpdate.isRollingUpdate(ds)) {
            // Read the cache again: what manage deleted may have been observed meanwhile (that is what satisfied says).
            var plan = RollingUpdate.plan(ds, nodeList, byNode(reread(ds, selector, claimed)), hash, clock.instant());
            syncNodes(ds, key, plan.podsToDelete(), plan.nodesToCreate(), hash);
        }
        Set<String> liveHashes = new HashSet<>();
        for (Pod p : claimed) {
            String h = Pods.labels(p).get(Revisions.HASH_LABEL);
            if (h != null && !h.isEmpty()) liveHashes.add(h);
        }
        revisions.cleanup(ds, history.old(), liveHashes);
        updateStatus(ds, nodeList, byNode(reread(ds, selector, claimed)), hash, true);
    }

    private static boolean selectsEverything(DaemonSet ds) {
        var s = ds.getSpec().getSelector();
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }

    /** The DaemonSet's pods after claiming: adopts matching orphans, releases its own that no longer match. */
    private List<Pod> claimPods(DaemonSet ds, LabelSelector selector) {
        var manager = new ControllerRefManager<Pod>(ds, "apps/v1", "DaemonSet", selector,
                () -> ControllerRefManager.recheck(ds, client.get(ds.getMetadata().getNamespace(), ds.getMetadata().getName())),
                podControl::patchPod);
        return manager.claim(pods.list(ds.getMetadata().getNamespace()));
    }

    /**
     * The claimed pods as the cache shows them now: a later read within a sync (upstream reads and
     * claims again; j8s claims once, so an orphan is not patched thrice).
     */
    private List<Pod> reread(DaemonSet ds, LabelSelector selector, List<Pod> claimed) {
        Set<String> uids = new HashSet<>();
        for (Pod p : claimed) uids.add(p.getMetadata().getUid());
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods.list(ds.getMetadata().getNamespace())) {
            if (uids.contains(p.getMetadata().getUid())
                    || (ControllerRefs.isControlledBy(p, ds) && selector.matches(Pods.labels(p)))) out.add(p);
        }
        return out;
    }

    /**
     * Upstream's {@code getNodesToDaemonPods}: the DaemonSet's pods by the node they are bound or
     * pinned to; terminal pods already being deleted are left out.
     */
    static Map<String, List<Pod>> byNode(List<Pod> daemonPods) {
        Map<String, List<Pod>> out = new HashMap<>();
        for (Pod p : daemonPods) {
            if (Pods.isTerminated(p) && p.getMetadata().getDeletionTimestamp() != null) continue;
            String node = DaemonPods.targetNodeName(p);
            if (node == null) continue;
            out.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** Upstream's {@code manage}: a pod for every node that should run one and has none; away with the pods that should not be. */
    private void manage(DaemonSet ds, String key, List<Node> nodeList, Map<String, List<Pod>> nodeToDaemonPods, String hash) {
        List<String> nodesNeeding = new ArrayList<>();
        List<String> podsToDelete = new ArrayList<>();
        Set<String> existing = new HashSet<>();
        for (Node node : nodeList) {
            existing.add(node.getMetadata().getName());
            podsShouldBeOnNode(node, nodeToDaemonPods, ds, hash, nodesNeeding, podsToDelete);
        }
        // Unbound pods pinned to a node that is gone would never be scheduled, and PodGC leaves unbound pods alone.
        for (Map.Entry<String, List<Pod>> e : nodeToDaemonPods.entrySet()) {
            if (existing.contains(e.getKey())) continue;
            for (Pod p : e.getValue()) {
                String bound = Pods.nodeName(p);
                if ((bound == null || bound.isEmpty()) && p.getMetadata().getDeletionTimestamp() == null) podsToDelete.add(p.getMetadata().getName());
            }
        }
        syncNodes(ds, key, podsToDelete, nodesNeeding, hash);
    }

    /** Upstream's {@code podsShouldBeOnNode}. */
    private void podsShouldBeOnNode(Node node, Map<String, List<Pod>> nodeToDaemonPods, DaemonSet ds, String hash,
            List<String> nodesNeeding, List<String> podsToDelete) {
        String nodeName = node.getMetadata().getName();
        DaemonPods.ShouldRun should = DaemonPods.nodeShouldRunDaemonPod(node, ds);
        List<Pod> daemonPods = nodeToDaemonPods.get(nodeName);
        boolean exists = daemonPods != null && !daemonPods.isEmpty();
        if (should.run() && !exists) {
            nodesNeeding.add(nodeName);
        } else if (should.continueRunning() && exists) {
            List<Pod> running = new ArrayList<>();
            for (Pod p : daemonPods) {
                if (p.getMetadata().getDeletionTimestamp() != null) continue;
                String phase = Pods.phase(p);
                if ("Failed".equals(phase)) {
                    // A kubelet that rejects the pod would fight the controller: back off per node.
                    String backoffKey = ds.getMetadata().getUid() + "/" + nodeName;
                    Instant now = failedPodsBackoff.now();
                    if (failedPodsBackoff.inBackoffSinceUpdate(backoffKey, now)) {
                        queue.addAfter(Keys.of(ds), failedPodsBackoff.get(backoffKey));
                        continue;
                    }
                    failedPodsBackoff.next(backoffKey, now);
                    String msg = "Found failed daemon pod " + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()
                            + " on node " + nodeName + ", will try to kill it";
                    log.info(msg);
                    recorder.event(ds, EventRecorder.WARNING, FAILED_DAEMON_POD, msg);
                    podsToDelete.add(p.getMetadata().getName());
                } else if ("Succeeded".equals(phase)) {
                    podsToDelete.add(p.getMetadata().getName());
                } else {
                    running.add(p);
                }
            }
            if (running.size() <= 1) return;
            running.sort(DaemonPods.BY_CREATION_AND_PHASE);
            if (!allowsSurge(ds)) {
                // More than one pod on the node: keep the oldest.
                for (int i = 1; i < running.size(); i++) podsToDelete.add(running.get(i).getMetadata().getName());
                return;
            }
            // With surge, an old and a new pod may share the node for a while: keep the oldest of each.
            Pod oldestNew = null;
            Pod oldestOld = null;
            Long generation = DaemonPods.templateGeneration(ds);
            for (Pod p : running) {
                if (DaemonPods.isUpdated(p, hash, generation)) {
                    if (oldestNew == null) {
                        oldestNew = p;
                        continue;
                    }
                } else if (oldestOld == null) {
                    oldestOld = p;
                    continue;
                }
                podsToDelete.add(p.getMetadata().getName());
            }
        } else if (!should.continueRunning() && exists) {
            for (Pod p : daemonPods) {
                if (p.getMetadata().getDeletionTimestamp() == null) podsToDelete.add(p.getMetadata().getName());
            }
        }
    }

    static boolean allowsSurge(DaemonSet ds) {
        if (!RollingUpdate.isRollingUpdate(ds)) return false;
        var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        return ru != null && RollingUpdate.scaled(ru.getMaxSurge(), 100, 0) > 0;
    }

    /** Upstream's {@code syncNodes}: creates pods on {@code nodesNeeding} in slow-start batches and deletes {@code podsToDelete}, under expectations. */
    void syncNodes(DaemonSet ds, String key, List<String> podsToDelete, List<String> nodesNeeding, String hash) {
        if (podsToDelete.isEmpty() && nodesNeeding.isEmpty()) return;
        List<String> create = nodesNeeding.subList(0, Math.min(nodesNeeding.size(), burstReplicas));
        List<String> delete = podsToDelete.subList(0, Math.min(podsToDelete.size(), burstReplicas));
        String ns = ds.getMetadata().getNamespace();
        expectations.expect(key, create.size(), delete.stream().map(n -> ns + "/" + n).toList());
        RuntimeException first = null;
        if (!create.isEmpty()) {
            log.info("Nodes needing daemon pods for daemon set {}: {}, creating {}", key, nodesNeeding, create.size());
            PodTemplateSpec template = DaemonPods.podTemplate(ds, hash);
            OwnerReference ref = ControllerRefs.newControllerRef(ds, "apps/v1", "DaemonSet");
            first = slowStartCreate(ds, key, ns, create, template, ref);
        }
        if (!delete.isEmpty()) {
            log.info("Pods to delete for daemon set {}: {}, deleting {}", key, podsToDelete, delete.size());
            RuntimeException e = parallelDelete(ds, key, ns, delete);
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }

    private RuntimeException slowStartCreate(DaemonSet ds, String key, String ns, List<String> nodeNames, PodTemplateSpec template,
            OwnerReference ref) {
        int pos = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int batch = Math.min(nodeNames.size(), 1); batch > 0; batch = Math.min(2 * batch, nodeNames.size() - pos)) {
                List<Future<?>> running = new ArrayList<>();
                for (String node : nodeNames.subList(pos, pos + batch)) {
                    running.add(pool.submit(() -> {
                        try {
                            podControl.createPod(ns, DaemonPods.forNode(template, node), ds, ref);
                        } catch (RuntimeException e) {
                            // Not created: it will never be observed.
                            expectations.lowerCreations(key, 1);
                            throw e;
                        }
                    }));
                }
                pos += batch;
                RuntimeException error = firstFailure(running);
                if (error != null) {
                    // The rest of this round is skipped: neither will they be observed.
                    expectations.lowerCreations(key, nodeNames.size() - pos);
                    return error;
                }
            }
        }
        return null;
    }

    private RuntimeException parallelDelete(DaemonSet ds, String key, String ns, List<String> names) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (String name : names) {
                running.add(pool.submit(() -> {
                    try {
                        podControl.deletePod(ns, name, ds);
                    } catch (RuntimeException e) {
                        expectations.deletionObserved(key, ns + "/" + name);
                        throw e;
                    }
                }));
            }
            return firstFailure(running);
        }
    }

    private static RuntimeException firstFailure(List<Future<?>> running) {
        RuntimeException first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException(e);
            }
        }
        return first;
    }

    // ---- status ----

    /** Upstream's {@code updateDaemonSetStatus}. */
    private void updateStatus(DaemonSet ds, List<Node> nodeList, Map<String, List<Pod>> nodeToDaemonPods, String hash, boolean updateObservedGen) {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        Instant now = clock.instant();
        int minReady = Objects.requireNonNullElse(ds.getSpec().getMinReadySeconds(), 0);
        Long generation = DaemonPods.templateGeneration(ds);
        for (Node node : nodeList) {
            boolean shouldRun = DaemonPods.nodeShouldRunDaemonPod(node, ds).run();
            List<Pod> daemonPods = nodeToDaemonPods.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !daemonPods.isEmpty();
            if (!shouldRun) {
                if (scheduled) misscheduled++;
                continue;
            }
            desired++;
            if (!scheduled) continue;
            current++;
            Pod pod = daemonPods.stream().sorted(DaemonPods.BY_CREATION_AND_PHASE).findFirst().orElseThrow();
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) available++;
            }
            if (DaemonPods.isUpdated(pod, hash, generation)) updated++;
        }
        DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        DaemonSetStatus status = Copies.deepCopy(old);
        status.setDesiredNumberScheduled(desired);
        status.setCurrentNumberScheduled(current);
        status.setNumberMisscheduled(misscheduled);
        status.setNumberReady(ready);
        status.setNumberAvailable(available);
        status.setUpdatedNumberScheduled(updated);
        status.setNumberUnavailable(desired - available);
        if (updateObservedGen) status.setObservedGeneration(ds.getMetadata().getGeneration());
        if (!Objects.equals(status, old)) store(ds, status);
        // Available only once ready for minReadySeconds: look again then.
        if (minReady > 0 && ready != available) queue.addAfter(Keys.of(ds), Duration.ofSeconds(minReady));
    }

    /** Upstream's {@code storeDaemonSetStatus}: one retry on a fresh read after a conflict. */
    private void store(DaemonSet ds, DaemonSetStatus status) {
        DaemonSet copy = Copies.deepCopy(ds);
        copy.setStatus(status);
        try {
            client.updateStatus(copy);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            DaemonSet latest = client.get(ds.getMetadata().getNamespace(), ds.getMetadata().getName());
            if (latest == null) return;
            // The collision count is the API's, not this (possibly stale) sync's.
            status.setCollisionCount(latest.getStatus() == null ? null : latest.getStatus().getCollisionCount());
            latest.setStatus(status);
            client.updateStatus(latest);
        }
    }
}
