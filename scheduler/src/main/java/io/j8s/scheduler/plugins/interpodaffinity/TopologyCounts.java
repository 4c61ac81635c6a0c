package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.AffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Upstream's topologyToMatchedTermCount: how many matching pods each topology domain holds. */
final class TopologyCounts {

    final Map<TopologyPair, Long> counts;

    TopologyCounts() {
        this(new HashMap<>());
    }

    private TopologyCounts(Map<TopologyPair, Long> counts) {
        this.counts = counts;
    }

    TopologyCounts copy() {
        return new TopologyCounts(new HashMap<>(counts));
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    long get(TopologyPair p) {
        return counts.getOrDefault(p, 0L);
    }

    void merge(TopologyCounts other) {
        other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
    }

    private void update(Node node, String topologyKey, long delta) {
        String value = node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(topologyKey);
        if (value == null) return;
        TopologyPair pair = new TopologyPair(topologyKey, value);
        long v = counts.getOrDefault(pair, 0L) + delta;
        if (v == 0) counts.remove(pair);
        else counts.put(pair, v);
    }

    /** If {@code pod} matches every term, each term's domain on {@code node} counts it. */
    void updateWithAffinityTerms(List<AffinityTerm> terms, Pod pod, Map<String, String> nsLabels, Node node, long delta) {
        if (terms.isEmpty()) return;
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, nsLabels)) return;
        }
        for (AffinityTerm t : terms) update(node, t.topologyKey(), delta);
    }

    /** Each term that {@code pod} matches counts it in the term's domain on {@code node}. */
    void updateWithAntiAffinityTerms(List<AffinityTerm> terms, Pod pod, Map<String, String> nsLabels, Node node, long delta) {
        for (AffinityTerm t : terms) {
            if (t.matches(pod, nsLabels)) update(node, t.topologyKey(), delta);
        }
    }

    /** The namespace labels of {@code pod}'s namespace, looked up once per pod. */
    static Map<String, String> nsLabels(Function<String, Map<String, String>> lister, Pod pod) {
        return lister.apply(pod.getMetadata().getNamespace());
    }
}
