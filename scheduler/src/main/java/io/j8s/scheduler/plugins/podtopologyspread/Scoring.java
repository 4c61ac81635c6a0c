package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** PodTopologySpread's scoring: upstream's scoring.go. */
final class Scoring {

    static final class PreScoreState implements CycleState.StateData {
        final List<Constraint> constraints;
        /** Per constraint: domain value → matching pods (hostname constraints are counted in Score). */
        final List<Map<String, AtomicLong>> counts = new ArrayList<>();
        final double[] weights;
        final Set<String> ignoredNodes = new HashSet<>();
        final boolean[] ignored;

        PreScoreState(List<Constraint> constraints, int nodes) {
            this.constraints = constraints;
            this.weights = new double[constraints.size()];
            this.ignored = new boolean[nodes];
            for (int i = 0; i < constraints.size(); i++) counts.add(new HashMap<>());
        }

        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    private final PodTopologySpread plugin;

    Scoring(PodTopologySpread plugin) {
        this.plugin = plugin;
    }

    Status preScore(CycleState state, Pod pod, List<NodeInfo> filtered) {
        List<Constraint> constraints = plugin.constraints(pod, "ScheduleAnyway");
        if (constraints.isEmpty()) return Status.SKIP;
        boolean ownConstraints = pod.getSpec().getTopologySpreadConstraints() != null && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
        boolean requireAllTopologies = ownConstraints || !plugin.systemDefaulted;
        PreScoreState s = new PreScoreState(constraints, filtered.size());
        int ignored = 0;
        for (int n = 0; n < filtered.size(); n++) {
            Map<String, String> labels = filtered.get(n).node().getMetadata().getLabels();
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(labels, constraints)) {
                s.ignored[n] = true;
                s.ignoredNodes.add(filtered.get(n).name());
                ignored++;
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.topologyKey().equals(Constraint.HOSTNAME)) continue;
                String v = labels == null ? null : labels.get(c.topologyKey());
                if (v != null) s.counts.get(i).putIfAbsent(v, new AtomicLong());
            }
        }
        for (int i = 0; i < constraints.size(); i++) {
            int size = constraints.get(i).topologyKey().equals(Constraint.HOSTNAME) ? filtered.size() - ignored : s.counts.get(i).size();
            s.weights[i] = Math.log(size + 2);
        }
        List<NodeInfo> all = plugin.handle.snapshot().list();
        String ns = pod.getMetadata().getNamespace();
        plugin.handle.parallelizer().until(all.size(), k -> {
            NodeInfo info = all.get(k);
            Node node = info.node();
            if (node == null) return;
            Map<String, String> labels = node.getMetadata().getLabels();
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(labels, constraints)) return;
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (!c.includes(pod, node) || labels == null) continue;
                AtomicLong count = s.counts.get(i).get(labels.get(c.topologyKey()));
                if (count == null) continue;
                count.addAndGet(Constraint.countMatching(info.pods(), c.selector(), ns));
            }
        });
        state.write(PodTopologySpread.PRE_SCORE_KEY, s);
        return Status.SUCCESS;
    }

    long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        PreScoreState s = state.read(PodTopologySpread.PRE_SCORE_KEY, PreScoreState.class);
        if (s.ignoredNodes.contains(nodeInfo.name())) return 0;
        Map<String, String> labels = nodeInfo.node().getMetadata().getLabels();
        double score = 0;
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String v = labels == null ? null : labels.get(c.topologyKey());
            if (v == null) continue;
            long cnt;
            if (c.topologyKey().equals(Constraint.HOSTNAME)) {
                cnt = Constraint.countMatching(nodeInfo.pods(), c.selector(), pod.getMetadata().getNamespace());
            } else {
                AtomicLong a = s.counts.get(i).get(v);
                cnt = a == null ? 0 : a.get();
            }
            score += cnt * s.weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    /** Fewer matching pods scores higher: 100 × (max + min − score) / max over the nodes not ignored. */
    Status normalize(CycleState state, long[] scores) {
        PreScoreState s = state.readOrNull(PodTopologySpread.PRE_SCORE_KEY, PreScoreState.class);
        if (s == null) return Status.SUCCESS;
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored[i]) continue;
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored[i]) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = ScorePlugin.MAX_NODE_SCORE;
            } else {
                scores[i] = ScorePlugin.MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
        return Status.SUCCESS;
    }
}
