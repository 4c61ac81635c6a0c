package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.BuiltinResources;
import io.j8s.api.ResourceType;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's garbage collector ({@code pkg/controller/garbagecollector}): objects whose owners are
 * all gone are deleted (background); an owner deleted in the foreground keeps its
 * {@code foregroundDeletion} finalizer until its blocking dependents are gone; an owner deleted
 * with {@code orphan} has the references to it removed from its dependents, then the finalizer.
 * The API server adds those finalizers on a DELETE with {@code propagationPolicy}.
 *
 * <p>One queue carries both of upstream's: keys {@code delete/<uid>} and {@code orphan/<uid>}.
 */
public final class GarbageCollector {

    public static final String NAME = "garbagecollector";

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    /** Kinds the collector does not watch: Events are many, short-lived and never owners here. */
    private static final Set<String> NOT_WATCHED = Set.of("Event", "Binding");

    /** The collector's reads and writes of any kind (a recording fake in tests). */
    interface GcClient {
        /** A live read; null when there is no such object. */
        Identity.View get(Identity id);

        void delete(Identity id, String propagationPolicy, String resourceVersion);

        /** A strategic merge patch of any object. */
        void patch(Identity id, String patch);

        /** Removes {@code finalizer} from the live object (read, then write with its resourceVersion). */
        void removeFinalizer(Identity id, String finalizer);
    }

    private final Graph graph;
    private final GcClient client;

    GarbageCollector(WorkQueue queue, GcClient client) {
        this.client = client;
        this.graph = new Graph(uid -> queue.add("delete/" + uid), uid -> queue.add("orphan/" + uid));
    }

    Graph graph() {
        return graph;
    }

    public static Controller create(ControllerContext ctx) {
        WorkQueue queue = ctx.workQueue("garbage_collector_attempt_to_delete");
        var gc = new GarbageCollector(queue, new ApiGcClient(ctx.client()));
        List<BooleanSupplier> synced = new ArrayList<>();
        for (ResourceType type : watched()) {
            SharedIndexInformer<? extends HasMetadata> informer = ctx.informers().of(type.type());
            informer.addEventHandler(gc.handler(type));
            synced.add(informer::hasSynced);
        }
        return new Controller(NAME, queue, gc::sync, synced);
    }

    /** Every kind that can be listed, watched and deleted, but Events. */
    static List<ResourceType> watched() {
        return BuiltinResources.all().stream().filter(t -> !NOT_WATCHED.contains(t.kind()))
                .filter(t -> t.verbs().containsAll(List.of("list", "watch", "delete")))
                .filter(t -> !(t.group().equals("events.k8s.io"))).toList();
    }

    static Identity.View view(ResourceType type, HasMetadata obj) {
        var m = obj.getMetadata();
        return new Identity.View(new Identity(type.apiVersion(), type.kind(), m.getNamespace(), m.getName(), m.getUid()),
                m.getResourceVersion(), m.getOwnerReferences(), m.getDeletionTimestamp() != null, m.getFinalizers());
    }

    <T extends HasMetadata> ResourceEventHandler<T> handler(ResourceType type) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                graph.upsert(view(type, obj));
            }

            @Override
            public void onUpdate(T old, T cur) {
                graph.upsert(view(type, cur));
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                graph.delete(obj.getMetadata().getUid());
            }
        };
    }

    void sync(String key) {
        int slash = key.indexOf('/');
        String uid = key.substring(slash + 1);
        Graph.Node node = graph.node(uid);
        if (node == null) return;
        if (key.startsWith("orphan/")) {
            attemptToOrphan(node);
        } else {
            attemptToDelete(node);
        }
    }

    /** Upstream's {@code attemptToDeleteItem}. */
    private void attemptToDelete(Graph.Node item) {
        if (item.beingDeleted && !graph.isDeletingDependents(item)) return;
        Identity id = item.identity;
        Identity.View latest = client.get(id);
        if (latest == null || !Objects.equals(latest.identity().uid(), id.uid())) {
            graph.deleteVirtual(id.uid());
            return;
        }
        if (graph.isDeletingDependents(item)) {
            processDeletingDependents(item);
            return;
        }
        if (latest.owners().isEmpty()) return;
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : latest.owners()) {
            Identity.View owner = client.get(ownerIdentity(ref, id.namespace()));
            if (owner == null || !Objects.equals(owner.identity().uid(), ref.getUid())) {
                dangling.add(ref);
            } else if (owner.beingDeleted() && owner.hasFinalizer(Graph.FOREGROUND)) {
                waiting.add(ref);
            } else {
                solid.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) return;
            List<String> uids = new ArrayList<>();
            dangling.forEach(r -> uids.add(r.getUid()));
            waiting.forEach(r -> uids.add(r.getUid()));
            log.info("Removing dangling owner references {} from {}", uids, id);
            client.patch(id, deleteOwnerRefsPatch(id.uid(), uids));
            return;
        }
        if (!waiting.isEmpty() && !graph.dependents(item).isEmpty()) {
            // An owner waits for this one, which has dependents of its own: collect them first, in the foreground too.
            log.info("Deleting {} in the foreground: its owner waits for its dependents", id);
            client.delete(id, "Foreground", latest.resourceVersion());
            return;
        }
        String policy = latest.hasFinalizer(Graph.ORPHAN) ? "Orphan" : latest.hasFinalizer(Graph.FOREGROUND) ? "Foreground" : "Background";
        log.info("Deleting {}, its owners are gone, propagationPolicy {}", id, policy);
        try {
            client.delete(id, policy, latest.resourceVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;
        }
    }

    /** An owner deleted in the foreground: its finalizer goes once no dependent blocks it. */
    private void processDeletingDependents(Graph.Node item) {
        List<Graph.Node> blocking = graph.blockingDependents(item);
        if (blocking.isEmpty()) {
            log.info("Removing the foregroundDeletion finalizer of {}: no dependent blocks it", item.identity);
            client.removeFinalizer(item.identity, Graph.FOREGROUND);
            return;
        }
        for (Graph.Node d : blocking) {
            if (!graph.isDeletingDependents(d)) attemptToDelete(d);
        }
    }

    /** Upstream's {@code attemptToOrphanWorker}: dependents lose the reference, then the owner its finalizer. */
    private void attemptToOrphan(Graph.Node owner) {
        for (Graph.Node d : graph.dependents(owner)) {
            try {
                client.patch(d.identity, deleteOwnerRefsPatch(d.identity.uid(), List.of(owner.identity.uid())));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) throw e;
            }
        }
        log.info("Orphaned the dependents of {}; removing its orphan finalizer", owner.identity);
        client.removeFinalizer(owner.identity, Graph.ORPHAN);
    }

    private static Identity ownerIdentity(OwnerReference ref, String dependentNamespace) {
        ResourceType type = ApiGcClient.type(ref.getApiVersion(), ref.getKind());
        String ns = type != null && !type.namespaced() ? "" : dependentNamespace;
        return new Identity(ref.getApiVersion(), ref.getKind(), ns, ref.getName(), ref.getUid());
    }

    /** Upstream's {@code GenerateDeleteOwnerRefStrategicMergeBytes}. */
    static String deleteOwnerRefsPatch(String dependentUid, List<String> ownerUids) {
        StringBuilder refs = new StringBuilder();
        for (String u : ownerUids) {
            if (!refs.isEmpty()) refs.append(',');
            refs.append("{\"$patch\":\"delete\",\"uid\":\"").append(u).append("\"}");
        }
        return "{\"metadata\":{\"ownerReferences\":[" + refs + "],\"uid\":\"" + dependentUid + "\"}}";
    }
}
