package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.runtime.Keys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DaemonSet controller's informer handlers (upstream's {@code addDaemonset} … {@code updateNode}):
 * they only enqueue DaemonSet keys and count observed creations and deletions.
 */
final class DaemonSetHandlers {

    private final DaemonSetController dsc;

    DaemonSetHandlers(DaemonSetController dsc) {
        this.dsc = dsc;
    }

    private void enqueue(DaemonSet ds) {
        dsc.queue().add(Keys.of(ds));
    }

    /** The DaemonSet a controller reference names, if the cache has that very one. */
    private DaemonSet resolve(String namespace, OwnerReference ref) {
        return ControllerRefs.resolve(dsc.daemonSets(), "DaemonSet", namespace, ref);
    }

    /** Upstream's {@code getDaemonSetsForPod}: those whose selector matches an orphan's labels. */
    private List<DaemonSet> matching(String namespace, Map<String, String> labels) {
        List<DaemonSet> out = new ArrayList<>();
        for (DaemonSet ds : dsc.daemonSets().list(namespace)) {
            try {
                var sel = ds.getSpec().getSelector();
                if (sel == null) continue;
                if (LabelSelector.fromMeta(sel).matches(labels == null ? Map.of() : labels)) out.add(ds);
            } catch (InvalidSelectorException e) {
                // selects nothing
            }
        }
        return out;
    }

    ResourceEventHandler<DaemonSet> daemonSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(DaemonSet ds) {
                enqueue(ds);
            }

            @Override
            public void onUpdate(DaemonSet old, DaemonSet cur) {
                if (!Objects.equals(old.getMetadata().getUid(), cur.getMetadata().getUid())) dsc.expectations().delete(Keys.of(old));
                enqueue(cur);
            }

            @Override
            public void onDelete(DaemonSet ds, boolean unknown) {
                dsc.expectations().delete(Keys.of(ds));
                enqueue(ds);
            }
        };
    }

    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(pod, false);
                    return;
                }
                OwnerReference ref = ControllerRefs.controllerOf(pod);
                if (ref != null) {
                    DaemonSet ds = resolve(pod.getMetadata().getNamespace(), ref);
                    if (ds == null) return;
                    dsc.expectations().creationObserved(Keys.of(ds));
                    enqueue(ds);
                    return;
                }
                matching(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels()).forEach(ds -> enqueue(ds));
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) return;
                if (cur.getMetadata().getDeletionTimestamp() != null) {
                    // A graceful delete starts here: count it now, so the replacement is not held up.
                    onDelete(cur, false);
                    return;
                }
                OwnerReference curRef = ControllerRefs.controllerOf(cur);
                OwnerReference oldRef = ControllerRefs.controllerOf(old);
                boolean refChanged = !Objects.equals(curRef == null ? null : curRef.getUid(), oldRef == null ? null : oldRef.getUid());
                if (refChanged && oldRef != null) {
                    DaemonSet ds = resolve(old.getMetadata().getNamespace(), oldRef);
                    if (ds != null) enqueue(ds);
                }
                if (curRef != null) {
                    DaemonSet ds = resolve(cur.getMetadata().getNamespace(), curRef);
                    if (ds == null) return;
                    enqueue(ds);
                    int minReady = Objects.requireNonNullElse(ds.getSpec().getMinReadySeconds(), 0);
                    if (!Pods.isReady(old) && Pods.isReady(cur) && minReady > 0) {
                        dsc.queue().addAfter(Keys.of(ds), Duration.ofSeconds(minReady));
                    }
                    return;
                }
                if (refChanged || !Objects.equals(Pods.labels(old), Pods.labels(cur))) {
                    matching(cur.getMetadata().getNamespace(), cur.getMetadata().getLabels()).forEach(ds -> enqueue(ds));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                DaemonSet ds = resolve(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(pod));
                if (ds == null) return;
                dsc.expectations().deletionObserved(Keys.of(ds), Keys.of(pod));
                enqueue(ds);
            }
        };
    }

    ResourceEventHandler<Node> nodeHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                for (DaemonSet ds : dsc.daemonSets().list()) {
                    if (DaemonPods.nodeShouldRunDaemonPod(node, ds).run()) enqueue(ds);
                }
            }

            @Override
            public void onUpdate(Node old, Node cur) {
                if (shouldIgnoreNodeUpdate(old, cur)) return;
                for (DaemonSet ds : dsc.daemonSets().list()) {
                    if (!DaemonPods.nodeShouldRunDaemonPod(old, ds).equals(DaemonPods.nodeShouldRunDaemonPod(cur, ds))) enqueue(ds);
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                // Upstream leaves this to PodGC and resyncs; j8s looks at once, for pods pinned to the node but never bound.
                for (DaemonSet ds : dsc.daemonSets().list()) enqueue(ds);
            }
        };
    }

    /**
     * Upstream's {@code shouldIgnoreNodeUpdate}: only labels, taints, unschedulable and the
     * conditions' types and statuses can change where a daemon pod should run.
     */
    static boolean shouldIgnoreNodeUpdate(Node old, Node cur) {
        return Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels())
                && Objects.equals(old.getSpec(), cur.getSpec())
                && Objects.equals(conditions(old), conditions(cur));
    }

    private static Map<String, String> conditions(Node n) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (n.getStatus() != null && n.getStatus().getConditions() != null) {
            for (NodeCondition c : n.getStatus().getConditions()) out.put(c.getType(), c.getStatus());
        }
        return out;
    }

    ResourceEventHandler<ControllerRevision> revisionHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ControllerRevision r) {
                touched(r);
            }

            @Override
            public void onUpdate(ControllerRevision old, ControllerRevision cur) {
                touched(cur);
            }

            @Override
            public void onDelete(ControllerRevision r, boolean unknown) {
                touched(r);
            }

            private void touched(ControllerRevision r) {
                OwnerReference ref = ControllerRefs.controllerOf(r);
                if (ref != null) {
                    DaemonSet ds = resolve(r.getMetadata().getNamespace(), ref);
                    if (ds != null) enqueue(ds);
                    return;
                }
                matching(r.getMetadata().getNamespace(), r.getMetadata().getLabels()).forEach(ds -> enqueue(ds));
            }
        };
    }
}
