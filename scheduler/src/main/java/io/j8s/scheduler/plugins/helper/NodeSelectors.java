package io.j8s.scheduler.plugins.helper;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * Node selector terms as upstream's nodeaffinity helpers match them: terms are ORed, the
 * requirements of a term ANDed; a term with no requirements matches nothing; matchFields knows
 * only metadata.name.
 */
public final class NodeSelectors {

    private NodeSelectors() {}

    public static boolean matches(NodeSelector selector, Node node) {
        if (selector == null || selector.getNodeSelectorTerms() == null) return false;
        for (NodeSelectorTerm t : selector.getNodeSelectorTerms()) {
            if (matches(t, node)) return true;
        }
        return false;
    }

    public static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) return false;
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        for (NodeSelectorRequirement r : exprs) {
            if (!requirement(r, labels.get(r.getKey()))) return false;
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey())) return false;
            if (!requirement(r, node.getMetadata().getName())) return false;
        }
        return true;
    }

    static boolean requirement(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) yield false;
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0));
                    yield r.getOperator().equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    /** spec.nodeSelector (every entry) and the required node affinity terms (any one): upstream's RequiredNodeAffinity. */
    public static boolean matchesRequired(Pod pod, Node node) {
        Map<String, String> nodeSelector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (nodeSelector != null && !nodeSelector.isEmpty()) {
            Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
            for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) return false;
            }
        }
        NodeSelector required = requiredTerms(pod);
        return required == null || matches(required, node);
    }

    /** The pod's requiredDuringSchedulingIgnoredDuringExecution node selector, or null. */
    public static NodeSelector requiredTerms(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null) return null;
        return pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }
}
