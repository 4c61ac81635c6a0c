package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Selector;
import io.j8s.scheduler.plugins.helper.NodeSelectors;
import io.j8s.scheduler.plugins.helper.Taints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topology spread constraint, parsed: upstream's topologySpreadConstraint, with matchLabelKeys
 * folded into the selector and the node inclusion policies resolved (Honor node affinity,
 * Ignore taints, by default).
 */
record Constraint(int maxSkew, String topologyKey, Selector selector, int minDomains, boolean honorNodeAffinity, boolean honorTaints) {

    static final String HOSTNAME = "kubernetes.io/hostname";

    /** The pod's constraints with {@code whenUnsatisfiable} as given. */
    static List<Constraint> of(Pod pod, List<TopologySpreadConstraint> constraints, String whenUnsatisfiable) {
        List<Constraint> out = new ArrayList<>();
        if (constraints == null) return out;
        Map<String, String> labels = pod.getMetadata().getLabels();
        for (TopologySpreadConstraint c : constraints) {
            if (!whenUnsatisfiable.equals(c.getWhenUnsatisfiable())) continue;
            Selector sel = Selector.of(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null && labels != null) {
                List<Selector.Requirement> extra = new ArrayList<>();
                for (String k : c.getMatchLabelKeys()) {
                    if (labels.containsKey(k)) extra.add(new Selector.Requirement(k, Selector.Op.In, Set.of(labels.get(k))));
                }
                sel = sel.and(extra);
            }
            out.add(new Constraint(c.getMaxSkew(), c.getTopologyKey(), sel, c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return out;
    }

    /** Whether the node carries every constraint's topology key. */
    static boolean nodeHasAllKeys(Map<String, String> nodeLabels, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (nodeLabels == null || !nodeLabels.containsKey(c.topologyKey())) return false;
        }
        return true;
    }

    /** Whether pods on {@code node} count for this constraint: its inclusion policies. */
    boolean includes(Pod pod, Node node) {
        if (honorNodeAffinity && !NodeSelectors.matchesRequired(pod, node)) return false;
        if (honorTaints && node.getSpec() != null && node.getSpec().getTaints() != null
                && Taints.findUntolerated(node.getSpec().getTaints(), pod.getSpec().getTolerations(),
                        t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) != null) {
            return false;
        }
        return true;
    }

    /** Upstream's countPodsMatchSelector: live pods of the namespace that the selector picks. */
    static int countMatching(List<PodInfo> pods, Selector selector, String namespace) {
        if (selector.isNothing()) return 0;
        int n = 0;
        for (PodInfo p : pods) {
            Pod pod = p.pod();
            if (pod.getMetadata().getDeletionTimestamp() != null || !namespace.equals(pod.getMetadata().getNamespace())) continue;
            if (selector.matches(pod.getMetadata().getLabels())) n++;
        }
        return n;
    }
}
