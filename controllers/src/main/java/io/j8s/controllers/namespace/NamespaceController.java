package io.j8s.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.BuiltinResources;
import io.j8s.api.ResourceType;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Times;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's namespace controller ({@code pkg/controller/namespace/deletion}): a namespace being
 * deleted has everything in it deleted, kind by kind; while content remains it says so in its
 * status conditions and looks again after half the longest grace period; once empty it gives up
 * the {@code kubernetes} finalizer through {@code namespaces/{name}/finalize}, and the API server
 * removes it.
 */
public final class NamespaceController {

    public static final String NAME = "namespace";
    static final String FINALIZER = "kubernetes";

    private static final Logger log = LoggerFactory.getLogger(NamespaceController.class);
    /** The two views of one Event storage are deleted once, through core/v1. */
    private static final Set<String> SKIPPED = Set.of("events.k8s.io/v1/Event", "v1/Binding");

    /** One object in the namespace, as far as deletion cares. */
    record Item(String name, List<String> finalizers, long graceSeconds) {
        Item {
            finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
        }
    }

    /** The controller's reads and writes (a recording fake in tests). */
    interface NamespaceClient {
        /** A live read; null when gone. */
        Namespace get(String name);

        List<Item> list(ResourceType type, String namespace);

        /** Deletes every object of {@code type} in {@code namespace}. */
        void deleteAll(ResourceType type, String namespace);

        void updateStatus(Namespace ns);

        /** PUT namespaces/{name}/finalize with {@code ns}'s spec.finalizers. */
        void finalize(Namespace ns);
    }

    private final io.j8s.controllers.common.Lister<Namespace> namespaces;
    private final NamespaceClient client;
    private final WorkQueue queue;
    private final Clock clock;
    private final List<ResourceType> kinds;

    NamespaceController(io.j8s.controllers.common.Lister<Namespace> namespaces, NamespaceClient client, WorkQueue queue, Clock clock) {
        this.namespaces = namespaces;
        this.client = client;
        this.queue = queue;
        this.clock = clock;
        this.kinds = deletable();
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Namespace> informer = ctx.informers().of(Namespace.class);
        WorkQueue queue = ctx.workQueue("namespace");
        var nc = new NamespaceController(io.j8s.controllers.common.Lister.of(informer), new ApiNamespaceClient(ctx.client()), queue,
                ctx.clock());
        informer.addEventHandler(new EnqueueHandler<Namespace>(queue, n -> n.getMetadata().getName()));
        // Beyond upstream, which only waits out its estimate: a pod gone from a terminating namespace looks again at once.
        SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> pods = ctx.informers().of(io.fabric8.kubernetes.api.model.Pod.class);
        pods.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.Pod p) {
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.Pod old, io.fabric8.kubernetes.api.model.Pod cur) {
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.Pod p, boolean unknown) {
                Namespace ns = informer.getIndexer().getByKey(p.getMetadata().getNamespace());
                if (ns != null && ns.getMetadata().getDeletionTimestamp() != null) queue.add(ns.getMetadata().getName());
            }
        });
        return new Controller(NAME, queue, nc::sync, List.of(informer::hasSynced, pods::hasSynced));
    }

    /** Every namespaced kind that can be listed and deleted. */
    static List<ResourceType> deletable() {
        return BuiltinResources.all().stream().filter(ResourceType::namespaced)
                .filter(t -> t.verbs().containsAll(List.of("list", "delete")))
                .filter(t -> !SKIPPED.contains(t.apiVersion() + "/" + t.kind())).toList();
    }

    void sync(String name) {
        Namespace cached = namespaces.get("", name);
        if (cached == null || cached.getMetadata().getDeletionTimestamp() == null) return;
        Namespace ns = client.get(name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) return;
        if (!hasFinalizer(ns)) return;
        Remaining remaining = deleteAllContent(name);
        updateConditions(ns, remaining);
        if (!remaining.counts().isEmpty()) {
            long wait = remaining.estimateSeconds() / 2 + 1;
            log.info("Namespace {} still has content ({}); looking again in {} s", name, remaining.counts(), wait);
            queue.addAfter(name, Duration.ofSeconds(wait));
            return;
        }
        Namespace finalized = Copies.deepCopy(ns);
        List<String> finalizers = new ArrayList<>(finalized.getSpec().getFinalizers());
        finalizers.remove(FINALIZER);
        finalized.getSpec().setFinalizers(finalizers);
        client.finalize(finalized);
        log.info("Namespace {} is empty: finalized", name);
    }

    private static boolean hasFinalizer(Namespace ns) {
        return ns.getSpec() != null && ns.getSpec().getFinalizers() != null && ns.getSpec().getFinalizers().contains(FINALIZER);
    }

    /** What is left after a round of deletes: instances by resource, finalizers by name, the longest grace period. */
    record Remaining(Map<String, Integer> counts, Map<String, Integer> finalizers, long estimateSeconds) {}

    private Remaining deleteAllContent(String namespace) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> finalizers = new TreeMap<>();
        long estimate = 0;
        for (ResourceType type : kinds) {
            List<Item> items = client.list(type, namespace);
            if (items.isEmpty()) continue;
            client.deleteAll(type, namespace);
            List<Item> left = client.list(type, namespace);
            if (left.isEmpty()) continue;
            counts.put(type.groupResource(), left.size());
            for (Item i : left) {
                estimate = Math.max(estimate, i.graceSeconds());
                for (String f : i.finalizers()) finalizers.merge(f, 1, Integer::sum);
            }
        }
        return new Remaining(counts, finalizers, estimate);
    }

    /** Upstream's namespace deletion conditions, written only when they change. */
    private void updateConditions(Namespace ns, Remaining remaining) {
        String now = Times.format(clock.instant());
        List<NamespaceCondition> want = new ArrayList<>();
        want.add(condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered", now));
        want.add(condition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                "All legacy kube types successfully parsed", now));
        want.add(condition("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                "All content successfully deleted, may be waiting on finalization", now));
        if (remaining.counts().isEmpty()) {
            want.add(condition("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed", now));
        } else {
            List<String> parts = new ArrayList<>();
            remaining.counts().forEach((r, n) -> parts.add(r + " has " + n + " resource instances"));
            want.add(condition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", parts), now));
        }
        if (remaining.finalizers().isEmpty()) {
            want.add(condition("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
                    "All content-preserving finalizers finished", now));
        } else {
            List<String> parts = new ArrayList<>();
            remaining.finalizers().forEach((f, n) -> parts.add(f + " in " + n + " resource instances"));
            want.add(condition("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", parts), now));
        }
        NamespaceStatus status = ns.getStatus() == null ? new NamespaceStatus() : ns.getStatus();
        List<NamespaceCondition> current = status.getConditions() == null ? List.of() : status.getConditions();
        List<NamespaceCondition> merged = new ArrayList<>();
        boolean changed = !"Terminating".equals(status.getPhase());
        for (NamespaceCondition w : want) {
            NamespaceCondition c = current.stream().filter(x -> w.getType().equals(x.getType())).findFirst().orElse(null);
            if (c != null && Objects.equals(c.getStatus(), w.getStatus()) && Objects.equals(c.getReason(), w.getReason())
                    && Objects.equals(c.getMessage(), w.getMessage())) {
                merged.add(c);
            } else {
                merged.add(w);
                changed = true;
            }
        }
        if (!changed) return;
        Namespace copy = Copies.deepCopy(ns);
        copy.setStatus(new NamespaceStatus(merged, "Terminating"));
        client.updateStatus(copy);
    }

    private static NamespaceCondition condition(String type, String status, String reason, String message, String now) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now).build();
    }
}
