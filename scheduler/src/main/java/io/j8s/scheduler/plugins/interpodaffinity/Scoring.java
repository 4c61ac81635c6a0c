package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.AffinityTerm;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** InterPodAffinity's scoring: upstream's scoring.go. */
final class Scoring {

    /** topology key → value → score. */
    static final class PreScoreState implements CycleState.StateData {
        final Map<String, Map<String, Long>> topologyScore = new HashMap<>();

        @Override
        public CycleState.StateData copy() {
            return this;
        }

        void add(String key, String value, long delta) {
            topologyScore.computeIfAbsent(key, k -> new HashMap<>()).merge(value, delta, Long::sum);
        }

        void merge(PreScoreState other) {
            other.topologyScore.forEach((k, m) -> m.forEach((v, s) -> add(k, v, s)));
        }
    }

    private final InterPodAffinity plugin;

    Scoring(InterPodAffinity plugin) {
        this.plugin = plugin;
    }

    Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) return Status.SKIP;
        PodInfo podInfo = state.podInfo(pod);
        boolean hasConstraints = !podInfo.preferredAffinityTerms().isEmpty() || !podInfo.preferredAntiAffinityTerms().isEmpty();
        if (plugin.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.SKIP;
        // Unless the pod has preferences of its own, only nodes with pods that have affinity terms matter.
        List<NodeInfo> all = hasConstraints ? plugin.handle.snapshot().list() : plugin.handle.snapshot().havePodsWithAffinityList();
        if (all.isEmpty()) return Status.SKIP;
        Map<String, String> nsLabels = plugin.handle.lister().namespaceLabels(pod.getMetadata().getNamespace());
        PreScoreState[] parts = new PreScoreState[all.size()];
        plugin.handle.parallelizer().until(all.size(), i -> {
            NodeInfo n = all.get(i);
            if (n.node() == null) return;
            List<PodInfo> pods = hasConstraints ? n.pods() : n.podsWithAffinity();
            if (pods.isEmpty()) return;
            PreScoreState part = new PreScoreState();
            for (PodInfo existing : pods) processExistingPod(part, podInfo, nsLabels, existing, n.node());
            if (!part.topologyScore.isEmpty()) parts[i] = part;
        });
        PreScoreState s = new PreScoreState();
        for (PreScoreState p : parts) {
            if (p != null) s.merge(p);
        }
        if (s.topologyScore.isEmpty()) return Status.SKIP;
        state.write(InterPodAffinity.PRE_SCORE_KEY, s);
        return Status.SUCCESS;
    }

    private void processExistingPod(PreScoreState s, PodInfo incoming, Map<String, String> incomingNsLabels, PodInfo existing, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null || labels.isEmpty()) return;
        Map<String, String> existingNsLabels = plugin.handle.lister().namespaceLabels(existing.pod().getMetadata().getNamespace());
        // the incoming pod's preferences about the existing pod
        processTerms(s, incoming.preferredAffinityTerms(), existing.pod(), existingNsLabels, labels, 1);
        processTerms(s, incoming.preferredAntiAffinityTerms(), existing.pod(), existingNsLabels, labels, -1);
        // the existing pod's terms about the incoming pod
        if (plugin.hardPodAffinityWeight > 0) {
            for (AffinityTerm t : existing.requiredAffinityTerms()) {
                processTerm(s, t, plugin.hardPodAffinityWeight, incoming.pod(), incomingNsLabels, labels, 1);
            }
        }
        if (!plugin.ignorePreferredTermsOfExistingPods) {
            processTerms(s, existing.preferredAffinityTerms(), incoming.pod(), incomingNsLabels, labels, 1);
            processTerms(s, existing.preferredAntiAffinityTerms(), incoming.pod(), incomingNsLabels, labels, -1);
        }
    }

    private static void processTerms(PreScoreState s, List<AffinityTerm.Weighted> terms, Pod pod, Map<String, String> nsLabels,
                                     Map<String, String> nodeLabels, int multiplier) {
        for (AffinityTerm.Weighted w : terms) processTerm(s, w.term(), w.weight(), pod, nsLabels, nodeLabels, multiplier);
    }

    private static void processTerm(PreScoreState s, AffinityTerm t, int weight, Pod pod, Map<String, String> nsLabels,
                                    Map<String, String> nodeLabels, int multiplier) {
        if (!t.matches(pod, nsLabels)) return;
        String v = nodeLabels.get(t.topologyKey());
        if (v != null) s.add(t.topologyKey(), v, (long) weight * multiplier);
    }

    long score(CycleState state, NodeInfo nodeInfo) {
        PreScoreState s = state.read(InterPodAffinity.PRE_SCORE_KEY, PreScoreState.class);
        Map<String, String> labels = nodeInfo.node().getMetadata().getLabels();
        if (labels == null) return 0;
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> e : s.topologyScore.entrySet()) {
            String v = labels.get(e.getKey());
            if (v != null) score += e.getValue().getOrDefault(v, 0L);
        }
        return score;
    }

    /** Scaled so the lowest raw score becomes 0 and the highest 100. */
    Status normalize(CycleState state, long[] scores) {
        PreScoreState s = state.readOrNull(InterPodAffinity.PRE_SCORE_KEY, PreScoreState.class);
        if (s == null || s.topologyScore.isEmpty()) return Status.SUCCESS;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long v : scores) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? ScorePlugin.MAX_NODE_SCORE * (scores[i] - min) / diff : 0;
        }
        return Status.SUCCESS;
    }
}
