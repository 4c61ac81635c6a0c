package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod (anti-)affinity term, parsed once: which pods it selects (label selector, with
 * matchLabelKeys/mismatchLabelKeys folded in from the owning pod's labels), in which namespaces
 * (a list, or a namespace selector), and the topology key that defines "together".
 */
public record AffinityTerm(Set<String> namespaces, Selector selector, String topologyKey, Selector namespaceSelector) {

    public AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    /** Parses {@code term} of {@code owner}: no namespaces and no selector mean the owner's namespace. */
    public static AffinityTerm of(Pod owner, PodAffinityTerm term) {
        Selector selector = Selector.of(term.getLabelSelector());
        Map<String, String> labels = owner.getMetadata().getLabels();
        List<Selector.Requirement> extra = new ArrayList<>();
        if (term.getMatchLabelKeys() != null && labels != null && term.getLabelSelector() != null) {
            for (String k : term.getMatchLabelKeys()) {
                if (labels.containsKey(k)) extra.add(new Selector.Requirement(k, Selector.Op.In, Set.of(labels.get(k))));
            }
        }
        if (term.getMismatchLabelKeys() != null && labels != null && term.getLabelSelector() != null) {
            for (String k : term.getMismatchLabelKeys()) {
                if (labels.containsKey(k)) extra.add(new Selector.Requirement(k, Selector.Op.NotIn, Set.of(labels.get(k))));
            }
        }
        selector = selector.and(extra);
        Set<String> namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        Selector nsSelector = term.getNamespaceSelector() == null ? Selector.NOTHING : Selector.of(term.getNamespaceSelector());
        if (namespaces.isEmpty() && term.getNamespaceSelector() == null) {
            namespaces = Set.of(owner.getMetadata().getNamespace());
        }
        return new AffinityTerm(namespaces, selector, term.getTopologyKey(), nsSelector);
    }

    /** Whether {@code pod} (in a namespace with {@code nsLabels}) is one this term selects. */
    public boolean matches(Pod pod, Map<String, String> nsLabels) {
        String ns = pod.getMetadata().getNamespace();
        if (namespaces.contains(ns) || namespaceSelector.matches(nsLabels)) {
            return selector.matches(pod.getMetadata().getLabels());
        }
        return false;
    }

    /** A term with a weight, from preferredDuringScheduling. */
    public record Weighted(AffinityTerm term, int weight) {}
}
