package io.j8s.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.Times;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod garbage collector ({@code pkg/controller/podgc}), every {@code gcCheckPeriod}:
 * finished pods beyond {@code --terminated-pod-gc-threshold} go, oldest first; pods bound to a
 * node that has been gone for the quarantine time (checked against the API, not only the cache)
 * are force-deleted; so are pods being deleted that were never scheduled.
 */
public final class PodGcController {

    public static final String NAME = "podgc";
    static final String KEY = "gc";

    private static final Logger log = LoggerFactory.getLogger(PodGcController.class);

    /** The collector's reads past the cache and its writes (a recording fake in tests). */
    interface PodGcClient {
        /** Whether the node exists, read from the API. */
        boolean nodeExists(String name);

        /** Deletes with a grace period of 0. */
        void forceDelete(String namespace, String name);
    }

    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final PodGcClient client;
    private final WorkQueue queue;
    private final Clock clock;
    private final ControllerManagerOptions.PodGc options;
    /** Nodes pods name that the cache does not have, and since when. */
    private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();

    PodGcController(Lister<Pod> pods, Lister<Node> nodes, PodGcClient client, WorkQueue queue, Clock clock,
            ControllerManagerOptions.PodGc options) {
        this.pods = pods;
        this.nodes = nodes;
        this.client = client;
        this.queue = queue;
        this.clock = clock;
        this.options = options;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        SharedIndexInformer<Node> nodeInformer = ctx.informers().of(Node.class);
        WorkQueue queue = ctx.workQueue("orphaned_pods_nodes");
        var k8s = ctx.client();
        PodGcClient client = new PodGcClient() {
            @Override
            public boolean nodeExists(String name) {
                return k8s.nodes().withName(name).get() != null;
            }

            @Override
            public void forceDelete(String namespace, String name) {
                k8s.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            }
        };
        var gc = new PodGcController(Lister.of(podInformer), Lister.of(nodeInformer), client, queue, ctx.clock(), ctx.options().podGc());
        queue.add(KEY);
        return new Controller(NAME, queue, gc::sync, List.of(podInformer::hasSynced, nodeInformer::hasSynced));
    }

    void sync(String key) {
        try {
            gc();
        } finally {
            queue.addAfter(KEY, options.gcCheckPeriod());
        }
    }

    void gc() {
        List<Pod> all = pods.list();
        gcTerminated(all);
        gcOrphaned(all);
        gcUnscheduledTerminating(all);
    }

    private void gcTerminated(List<Pod> all) {
        int threshold = options.terminatedPodGcThreshold();
        if (threshold <= 0) return;
        List<Pod> terminated = all.stream().filter(p -> Pods.isTerminated(p) && !Pods.isDeleting(p)).toList();
        int excess = terminated.size() - threshold;
        if (excess <= 0) return;
        log.info("Garbage collecting {} terminated pods (threshold {})", excess, threshold);
        terminated.stream().sorted(Comparator.comparing((Pod p) -> Objects.requireNonNullElse(Times.parse(p.getMetadata().getCreationTimestamp()),
                Instant.EPOCH)).thenComparing(p -> p.getMetadata().getName())).limit(excess).forEach(this::delete);
    }

    private void gcOrphaned(List<Pod> all) {
        Instant now = clock.instant();
        missingSince.keySet().removeIf(n -> nodes.get("", n) != null);
        for (Pod p : all) {
            String node = Pods.nodeName(p);
            if (node.isEmpty() || nodes.get("", node) != null) continue;
            Instant since = missingSince.computeIfAbsent(node, n -> now);
            if (now.isBefore(since.plus(options.quarantine()))) continue;
            if (client.nodeExists(node)) {
                missingSince.remove(node);
                continue;
            }
            log.info("Found orphaned Pod {} assigned to the Node {}. Deleting.", Keys.of(p), node);
            delete(p);
        }
    }

    private void gcUnscheduledTerminating(List<Pod> all) {
        for (Pod p : all) {
            if (Pods.isDeleting(p) && Pods.nodeName(p).isEmpty()) {
                log.info("Found unscheduled terminating Pod {} not assigned to any Node. Deleting.", Keys.of(p));
                delete(p);
            }
        }
    }

    private void delete(Pod p) {
        try {
            client.forceDelete(p.getMetadata().getNamespace(), p.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;
        }
    }
}
