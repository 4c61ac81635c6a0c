package io.j8s.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose resources stay evenly used with the pod
 * on them: 100 × (1 − standard deviation of the used fractions). Skipped for pods that request
 * nothing (best effort), which would otherwise all pile onto one node.
 */
public final class BalancedAllocation implements PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "NodeResourcesBalancedAllocation";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    record PreScoreState(long[] podRequests) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    private final ResourceAllocationScorer scorer;

    BalancedAllocation(List<ResourceSpec> resources) {
        this.scorer = new ResourceAllocationScorer(resources, true, BalancedAllocation::balanced);
    }

    /** Args: {@code resources} [{name, weight}] (weights are not used, as upstream), default cpu and memory. */
    public static Plugin factory(JsonNode args, Handle handle) {
        return new BalancedAllocation(ResourceSpec.parse(args.path("resources"), ResourceSpec.DEFAULT));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        long[] requests = scorer.podRequests(state.podInfo(pod));
        boolean bestEffort = true;
        for (long r : requests) bestEffort &= r == 0;
        if (bestEffort) return Status.SKIP;
        state.write(PRE_SCORE_KEY, new PreScoreState(requests));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return scorer.score(nodeInfo, state.read(PRE_SCORE_KEY, PreScoreState.class).podRequests());
    }

    /** Upstream's balancedResourceScorer. */
    static long balanced(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int n = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) continue;
            double f = Math.min(1, (double) requested[i] / allocatable[i]);
            fractions[n++] = f;
            total += f;
        }
        double std = 0;
        if (n == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (n > 2) {
            double mean = total / n, sum = 0;
            for (int i = 0; i < n; i++) sum += (fractions[i] - mean) * (fractions[i] - mean);
            std = Math.sqrt(sum / n);
        }
        return (long) ((1 - std) * ScorePlugin.MAX_NODE_SCORE);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.DELETE),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_ALLOCATABLE));
    }
}
