package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.j8s.controllers.common.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upstream's {@code pkg/controller/daemon/update.go} {@code rollingUpdate}, as a pure plan: which
 * old pods to delete and on which nodes to surge a new pod, so that at most maxUnavailable nodes
 * lack an available daemon pod (or, with maxSurge, at most maxSurge nodes run two).
 */
final class RollingUpdate {

    /** What one rolling-update pass does: pods (names) to delete, nodes to create a pod on. */
    record Plan(List<String> podsToDelete, List<String> nodesToCreate) {
        static final Plan NOTHING = new Plan(List.of(), List.of());
    }

    /** Upstream's {@code findUpdatedPodsOnNode}: the node's one new and one old pod; null when it has more of either. */
    record OnNode(Pod newPod, Pod oldPod) {}

    private RollingUpdate() {}

    static boolean isRollingUpdate(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null || ds.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(ds.getSpec().getUpdateStrategy().getType());
    }

    static OnNode findUpdatedPodsOnNode(DaemonSet ds, List<Pod> pods, String hash) {
        Pod newPod = null;
        Pod oldPod = null;
        Long generation = DaemonPods.templateGeneration(ds);
        for (Pod p : pods) {
            if (p.getMetadata().getDeletionTimestamp() != null) continue;
            if (DaemonPods.isUpdated(p, hash, generation)) {
                if (newPod != null) return null;
                newPod = p;
            } else {
                if (oldPod != null) return null;
                oldPod = p;
            }
        }
        return new OnNode(newPod, oldPod);
    }

    /** maxSurge and maxUnavailable as numbers of the nodes that should run the pod (percentages round up). */
    record Limits(int maxSurge, int maxUnavailable) {}

    /** Upstream's {@code updatedDesiredNodeCounts}; also puts an empty entry for each node that should run a pod but has none. */
    static Limits limits(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> nodeToDaemonPods) {
        int desired = 0;
        for (Node n : nodes) {
            if (!DaemonPods.nodeShouldRunDaemonPod(n, ds).run()) continue;
            desired++;
            nodeToDaemonPods.putIfAbsent(n.getMetadata().getName(), List.of());
        }
        RollingUpdateDaemonSet ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int maxUnavailable = scaled(ru == null ? null : ru.getMaxUnavailable(), desired, 1);
        int maxSurge = scaled(ru == null ? null : ru.getMaxSurge(), desired, 0);
        // Upstream: if both are zero (a rounding of tiny percentages), take one unavailable.
        if (maxUnavailable == 0 && maxSurge == 0) maxUnavailable = 1;
        return new Limits(maxSurge, maxUnavailable);
    }

    /** Upstream's {@code GetScaledValueFromIntOrPercent} rounding up. */
    static int scaled(IntOrString v, int total, int dflt) {
        if (v == null) return dflt;
        if (v.getIntVal() != null) return v.getIntVal();
        String s = Objects.requireNonNullElse(v.getStrVal(), "");
        if (s.endsWith("%")) {
            try {
                int pct = Integer.parseInt(s.substring(0, s.length() - 1));
                return (int) Math.ceil(pct * (double) total / 100.0);
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The plan of one pass; {@code nodeToDaemonPods} is walked in node-name order (upstream's is a Go map's random order). */
    static Plan plan(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> nodeToDaemonPods, String hash, Instant now) {
        Map<String, List<Pod>> byNode = new TreeMap<>(nodeToDaemonPods);
        Limits limits = limits(ds, nodes, byNode);
        int minReady = Objects.requireNonNullElse(ds.getSpec().getMinReadySeconds(), 0);
        return limits.maxSurge() == 0 ? withoutSurge(ds, byNode, hash, now, minReady, limits.maxUnavailable())
                : withSurge(ds, nodes, byNode, hash, now, minReady, limits.maxSurge());
    }

    private static Plan withoutSurge(DaemonSet ds, Map<String, List<Pod>> byNode, String hash, Instant now, int minReady, int maxUnavailable) {
        int numUnavailable = 0;
        List<String> allowedReplacements = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (List<Pod> pods : byNode.values()) {
            OnNode on = findUpdatedPodsOnNode(ds, pods, hash);
            if (on == null || (on.oldPod() == null) == (on.newPod() == null)) {
                // The manage loop creates or deletes here; the node counts as unavailable.
                numUnavailable++;
            } else if (on.newPod() != null) {
                if (!Pods.isAvailable(on.newPod(), minReady, now)) numUnavailable++;
            } else if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
                // An old pod that is not available anyway is replaced at once.
                allowedReplacements.add(on.oldPod().getMetadata().getName());
                numUnavailable++;
            } else if (numUnavailable < maxUnavailable) {
                candidates.add(on.oldPod().getMetadata().getName());
            }
        }
        int remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.size());
        List<String> delete = new ArrayList<>(allowedReplacements);
        delete.addAll(candidates.subList(0, remaining));
        return new Plan(delete, List.of());
    }

    private static Plan withSurge(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> byNode, String hash, Instant now, int minReady,
            int maxSurge) {
        int numSurge = 0;
        List<String> allowedNewNodes = new ArrayList<>();
        List<String> candidateNewNodes = new ArrayList<>();
        List<String> oldPodsToDelete = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            OnNode on = findUpdatedPodsOnNode(ds, e.getValue(), hash);
            if (on == null) {
                numSurge++; // the manage loop cleans this node up; it counts as surging
                continue;
            }
            if (on.oldPod() == null) continue; // nothing to update here
            if (on.newPod() == null) {
                if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
                    Node node = nodes.stream().filter(n -> n.getMetadata().getName().equals(e.getKey())).findFirst().orElse(null);
                    if (node == null || !DaemonPods.nodeShouldRunDaemonPod(node, ds).run()) continue;
                    allowedNewNodes.add(e.getKey());
                    numSurge++;
                } else if (numSurge < maxSurge) {
                    candidateNewNodes.add(e.getKey());
                }
            } else if (!Pods.isAvailable(on.newPod(), minReady, now)) {
                numSurge++; // waiting for the new pod to become available
            } else {
                oldPodsToDelete.add(on.oldPod().getMetadata().getName());
            }
        }
        int remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.size());
        List<String> create = new ArrayList<>(allowedNewNodes);
        create.addAll(candidateNewNodes.subList(0, remaining));
        return new Plan(oldPodsToDelete, create);
    }
}
