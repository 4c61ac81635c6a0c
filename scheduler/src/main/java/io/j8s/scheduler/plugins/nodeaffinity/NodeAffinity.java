package io.j8s.scheduler.plugins.nodeaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.helper.NodeSelectors;
import io.j8s.scheduler.plugins.helper.Scores;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Filter: spec.nodeSelector and the required node affinity terms (and the profile's
 * addedAffinity, if any). Score: the summed weights of the preferred terms a node matches.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "NodeAffinity";
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    public static final String ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final io.fabric8.kubernetes.api.model.NodeAffinity added;

    record PreScoreState(List<PreferredSchedulingTerm> preferred) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    NodeAffinity(io.fabric8.kubernetes.api.model.NodeAffinity added) {
        this.added = added;
    }

    /** Args: {@code addedAffinity}, a NodeAffinity every pod of the profile must also satisfy. */
    public static Plugin factory(JsonNode args, Handle handle) {
        JsonNode a = args.path("addedAffinity");
        io.fabric8.kubernetes.api.model.NodeAffinity added = a.isMissingNode() || a.isNull() ? null
                : new ObjectMapper().convertValue(a, io.fabric8.kubernetes.api.model.NodeAffinity.class);
        return new NodeAffinity(added);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        NodeSelector required = NodeSelectors.requiredTerms(pod);
        boolean hasSelector = pod.getSpec().getNodeSelector() != null && !pod.getSpec().getNodeSelector().isEmpty();
        if (required == null && !hasSelector && (added == null || added.getRequiredDuringSchedulingIgnoredDuringExecution() == null)) {
            return Result.SKIP;
        }
        // Terms that all pin metadata.name In [...] narrow the nodes worth filtering, as upstream does.
        if (required != null && required.getNodeSelectorTerms() != null && !required.getNodeSelectorTerms().isEmpty()) {
            Set<String> names = new HashSet<>();
            for (NodeSelectorTerm t : required.getNodeSelectorTerms()) {
                Set<String> termNames = null;
                if (t.getMatchFields() != null) {
                    for (NodeSelectorRequirement r : t.getMatchFields()) {
                        if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null) {
                            Set<String> s = new HashSet<>(r.getValues());
                            if (termNames == null) termNames = s;
                            else termNames.retainAll(s);
                        }
                    }
                }
                if (termNames == null) return Result.OK; // a term without a name pin: any node may match
                names.addAll(termNames);
            }
            if (names.isEmpty()) return new Result(null, Status.unresolvable(ERR_REASON_POD));
            return new Result(names, Status.SUCCESS);
        }
        return Result.OK;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (added != null && added.getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !NodeSelectors.matches(added.getRequiredDuringSchedulingIgnoredDuringExecution(), node)) {
            return Status.unresolvable(ERR_REASON_ENFORCED);
        }
        return NodeSelectors.matchesRequired(pod, node) ? Status.SUCCESS : Status.unresolvable(ERR_REASON_POD);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<PreferredSchedulingTerm> preferred = new java.util.ArrayList<>();
        var a = pod.getSpec().getAffinity();
        if (a != null && a.getNodeAffinity() != null && a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            preferred.addAll(a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        }
        if (added != null && added.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            preferred.addAll(added.getPreferredDuringSchedulingIgnoredDuringExecution());
        }
        if (preferred.isEmpty()) return Status.SKIP;
        state.write(PRE_SCORE_KEY, new PreScoreState(preferred));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        long sum = 0;
        for (PreferredSchedulingTerm t : state.read(PRE_SCORE_KEY, PreScoreState.class).preferred()) {
            if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null
                    && NodeSelectors.matches(t.getPreference(), nodeInfo.node())) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, long[] scores) {
        Scores.defaultNormalize(false, scores);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_LABEL));
    }
}
