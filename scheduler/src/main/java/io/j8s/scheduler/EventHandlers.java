package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterEvent.ActionType;
import io.j8s.scheduler.framework.ClusterEvent.Resource;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.queue.SchedulingQueue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Upstream's eventhandlers.go: informer events become cache updates and queue moves, and nothing
 * else. Pods split two ways, as upstream's two filtered handlers: bound, live pods feed the cache;
 * unbound pods of our profiles feed the queue. A pod crossing a split is a delete on one side and
 * an add on the other (binding: it leaves the queue and enters the cache).
 */
final class EventHandlers {

    private final Cache cache;
    private final SchedulingQueue queue;
    private final Set<String> profiles;
    private final Function<Pod, Pod> withPriority;

    /** @param withPriority resolves spec.priority from the pod's PriorityClass when the API server left it unset */
    EventHandlers(Cache cache, SchedulingQueue queue, Set<String> profiles, Function<Pod, Pod> withPriority) {
        this.cache = cache;
        this.queue = queue;
        this.profiles = Set.copyOf(profiles);
        this.withPriority = withPriority;
    }

    private boolean assigned(Pod p) {
        return Pods.isAssigned(p) && !Pods.isTerminal(p);
    }

    private boolean ours(Pod p) {
        return !Pods.isAssigned(p) && !Pods.isTerminal(p) && profiles.contains(Pods.schedulerName(p));
    }

    ResourceEventHandler<Pod> pods() {
        ResourceEventHandler<Pod> toCache = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                cache.addPod(pod);
                queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_ADD);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                cache.updatePod(oldPod, newPod);
                int action = podUpdateActions(oldPod, newPod);
                if (action != 0) queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(Resource.AssignedPod, action, "AssignedPodUpdate"));
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                cache.removePod(pod);
                queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE);
            }
        };
        ResourceEventHandler<Pod> toQueue = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queue.add(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                // Our own PodScheduled patch comes back as an update; a status-only change is
                // not a reason to try again, and the queue tells that apart.
                if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) return;
                queue.update(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                queue.delete(pod);
            }
        };
        ResourceEventHandler<Pod> assignedSide = filtered(this::assigned, toCache);
        ResourceEventHandler<Pod> queueSide = filtered(this::ours, toQueue);
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                Pod p = withPriority.apply(pod);
                queueSide.onAdd(p);
                assignedSide.onAdd(p);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                Pod o = withPriority.apply(oldPod), n = withPriority.apply(newPod);
                // leaving the queue before entering the cache, as a bind does
                queueSide.onUpdate(o, n);
                assignedSide.onUpdate(o, n);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                Pod p = withPriority.apply(pod);
                queueSide.onDelete(p, unknownFinalState);
                assignedSide.onDelete(p, unknownFinalState);
            }
        };
    }

    /** client-go's FilteringResourceEventHandler: an update across the filter is an add or a delete. */
    static <T> ResourceEventHandler<T> filtered(Predicate<T> filter, ResourceEventHandler<T> h) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                if (filter.test(obj)) h.onAdd(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                boolean was = filter.test(oldObj), is = filter.test(newObj);
                if (was && is) h.onUpdate(oldObj, newObj);
                else if (was) h.onDelete(oldObj, false);
                else if (is) h.onAdd(newObj);
            }

            @Override
            public void onDelete(T obj, boolean unknownFinalState) {
                if (filter.test(obj)) h.onDelete(obj, unknownFinalState);
            }
        };
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addNode(node);
                queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.updateNode(oldNode, newNode);
                int action = nodeUpdateActions(oldNode, newNode);
                if (action != 0) queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(Resource.Node, action, "NodeUpdate"));
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                cache.removeNode(node);
                queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_DELETE);
            }
        };
    }

    /** A handler that only moves pods: for the kinds plugins read through listers (volumes, namespaces). */
    <T> ResourceEventHandler<T> moves(Resource resource) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(resource, ActionType.ADD));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(resource, ActionType.UPDATE));
            }

            @Override
            public void onDelete(T obj, boolean unknownFinalState) {
                queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(resource, ActionType.DELETE));
            }
        };
    }

    /** Which parts of a node changed, as the action bits plugins register for; 0 for a heartbeat. */
    static int nodeUpdateActions(Node o, Node n) {
        int a = 0;
        if (!Objects.equals(o.getStatus() == null ? null : o.getStatus().getAllocatable(), n.getStatus() == null ? null : n.getStatus().getAllocatable())) {
            a |= ActionType.UPDATE_NODE_ALLOCATABLE;
        }
        if (!Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())) a |= ActionType.UPDATE_NODE_LABEL;
        boolean taints = !Objects.equals(o.getSpec() == null ? null : o.getSpec().getTaints(), n.getSpec() == null ? null : n.getSpec().getTaints());
        boolean cordon = !Objects.equals(o.getSpec() == null ? null : o.getSpec().getUnschedulable(), n.getSpec() == null ? null : n.getSpec().getUnschedulable());
        if (taints || cordon) a |= ActionType.UPDATE_NODE_TAINT;
        if (!conditions(o).equals(conditions(n))) a |= ActionType.UPDATE_NODE_CONDITION;
        if (!Objects.equals(o.getMetadata().getAnnotations(), n.getMetadata().getAnnotations())) a |= ActionType.UPDATE_NODE_ANNOTATION;
        return a;
    }

    private static Map<String, String> conditions(Node n) {
        Map<String, String> m = new HashMap<>();
        if (n.getStatus() != null && n.getStatus().getConditions() != null) {
            for (NodeCondition c : n.getStatus().getConditions()) m.put(c.getType(), c.getStatus());
        }
        return m;
    }

    /** Which parts of a bound pod changed that may matter to waiting pods: labels, or requests going down. */
    static int podUpdateActions(Pod o, Pod n) {
        int a = 0;
        if (!Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())) a |= ActionType.UPDATE_POD_LABEL;
        if (!Objects.equals(o.getSpec(), n.getSpec())) a |= ActionType.UPDATE_POD_SCALE_DOWN;
        return a;
    }

    /** The pod with spec.priority from its PriorityClass, when the API server did not resolve it. */
    static Function<Pod, Pod> priorityResolver(Function<String, Integer> classValue) {
        return pod -> {
            if (pod.getSpec() == null || pod.getSpec().getPriority() != null) return pod;
            String cls = pod.getSpec().getPriorityClassName();
            if (cls == null || cls.isEmpty()) return pod;
            Integer v = classValue.apply(cls);
            if (v == null) return pod;
            return new PodBuilder(pod).editSpec().withPriority(v).endSpec().build();
        };
    }
}
