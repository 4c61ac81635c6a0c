package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreFilterExtensions;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** PodTopologySpread's PreFilter and Filter: upstream's filtering.go. */
final class Filtering implements PreFilterExtensions {

    /** Matching pods per domain for each DoNotSchedule constraint, and each constraint's smallest domain. */
    static final class PreFilterState implements CycleState.StateData {
        final List<Constraint> constraints;
        final List<Map<String, Integer>> counts;
        final int[] minMatch;

        PreFilterState(List<Constraint> constraints, List<Map<String, Integer>> counts) {
            this.constraints = constraints;
            this.counts = counts;
            this.minMatch = new int[constraints.size()];
            for (int i = 0; i < minMatch.length; i++) recomputeMin(i);
        }

        /** The global minimum, or 0 while there are fewer domains than minDomains. */
        void recomputeMin(int i) {
            Map<String, Integer> m = counts.get(i);
            if (m.isEmpty() || m.size() < constraints.get(i).minDomains()) {
                minMatch[i] = 0;
                return;
            }
            int min = Integer.MAX_VALUE;
            for (int v : m.values()) min = Math.min(min, v);
            minMatch[i] = min;
        }

        @Override
        public CycleState.StateData copy() {
            List<Map<String, Integer>> c = new ArrayList<>(counts.size());
            for (Map<String, Integer> m : counts) c.add(new HashMap<>(m));
            return new PreFilterState(constraints, c);
        }
    }

    private final PodTopologySpread plugin;

    Filtering(PodTopologySpread plugin) {
        this.plugin = plugin;
    }

    PreFilterPlugin.Result preFilter(CycleState state, Pod pod) {
        List<Constraint> constraints = plugin.constraints(pod, "DoNotSchedule");
        if (constraints.isEmpty()) return PreFilterPlugin.Result.SKIP;
        List<NodeInfo> all = plugin.handle.snapshot().list();
        int[][] perNode = new int[all.size()][];
        String ns = pod.getMetadata().getNamespace();
        plugin.handle.parallelizer().until(all.size(), i -> {
            Node node = all.get(i).node();
            if (node == null || !Constraint.nodeHasAllKeys(node.getMetadata().getLabels(), constraints)) return;
            int[] c = new int[constraints.size()];
            for (int k = 0; k < c.length; k++) {
                Constraint con = constraints.get(k);
                c[k] = con.includes(pod, node) ? Constraint.countMatching(all.get(i).pods(), con.selector(), ns) : -1;
            }
            perNode[i] = c;
        });
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int k = 0; k < constraints.size(); k++) counts.add(new HashMap<>());
        for (int i = 0; i < all.size(); i++) {
            if (perNode[i] == null) continue;
            Map<String, String> labels = all.get(i).node().getMetadata().getLabels();
            for (int k = 0; k < constraints.size(); k++) {
                if (perNode[i][k] < 0) continue;
                counts.get(k).merge(labels.get(constraints.get(k).topologyKey()), perNode[i][k], Integer::sum);
            }
        }
        state.write(PodTopologySpread.PRE_FILTER_KEY, new PreFilterState(constraints, counts));
        return PreFilterPlugin.Result.OK;
    }

    Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        PreFilterState s = state.read(PodTopologySpread.PRE_FILTER_KEY, PreFilterState.class);
        Map<String, String> labels = nodeInfo.node().getMetadata().getLabels();
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String value = labels == null ? null : labels.get(c.topologyKey());
            if (value == null) return Status.unresolvable(PodTopologySpread.ERR_REASON_NODE_LABEL_NOT_MATCH);
            int self = c.selector().matches(podLabels) ? 1 : 0;
            int skew = s.counts.get(i).getOrDefault(value, 0) + self - s.minMatch[i];
            if (skew > c.maxSkew()) return Status.unschedulable(PodTopologySpread.ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
        return Status.SUCCESS;
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        update(state, podToSchedule, podToAdd.pod(), nodeInfo.node(), 1);
        return Status.SUCCESS;
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        update(state, podToSchedule, podToRemove.pod(), nodeInfo.node(), -1);
        return Status.SUCCESS;
    }

    private static void update(CycleState state, Pod preemptor, Pod updated, Node node, int delta) {
        PreFilterState s = state.readOrNull(PodTopologySpread.PRE_FILTER_KEY, PreFilterState.class);
        if (s == null || node == null || !updated.getMetadata().getNamespace().equals(preemptor.getMetadata().getNamespace())) return;
        if (!Constraint.nodeHasAllKeys(node.getMetadata().getLabels(), s.constraints)) return;
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            if (!c.selector().matches(updated.getMetadata().getLabels()) || !c.includes(preemptor, node)) continue;
            s.counts.get(i).merge(node.getMetadata().getLabels().get(c.topologyKey()), delta, Integer::sum);
            s.recomputeMin(i);
        }
    }
}
