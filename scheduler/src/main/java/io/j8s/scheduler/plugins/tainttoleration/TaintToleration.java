package io.j8s.scheduler.plugins.tainttoleration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.helper.Scores;
import io.j8s.scheduler.plugins.helper.Taints;
import java.util.ArrayList;
import java.util.List;

/**
 * Filter: a node's NoSchedule and NoExecute taints must all be tolerated. Score: the fewer
 * PreferNoSchedule taints the pod does not tolerate, the better.
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "TaintToleration";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    record PreScoreState(List<Toleration> tolerationsPreferNoSchedule) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    public static Plugin factory(JsonNode args, Handle handle) {
        return new TaintToleration();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<Taint> taints = nodeInfo.node().getSpec() == null ? null : nodeInfo.node().getSpec().getTaints();
        if (taints == null || taints.isEmpty()) return Status.SUCCESS;
        Taint t = Taints.findUntolerated(taints, pod.getSpec().getTolerations(),
                taint -> "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()));
        if (t == null) return Status.SUCCESS;
        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": " + (t.getValue() == null ? "" : t.getValue()) + "}");
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<Toleration> prefer = new ArrayList<>();
        if (pod.getSpec().getTolerations() != null) {
            for (Toleration t : pod.getSpec().getTolerations()) {
                if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) prefer.add(t);
            }
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(prefer));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<Taint> taints = nodeInfo.node().getSpec() == null ? null : nodeInfo.node().getSpec().getTaints();
        if (taints == null || taints.isEmpty()) return 0;
        List<Toleration> tolerations = state.read(PRE_SCORE_KEY, PreScoreState.class).tolerationsPreferNoSchedule();
        long count = 0;
        for (Taint t : taints) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Taints.tolerated(tolerations, t)) count++;
        }
        return count;
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, long[] scores) {
        Scores.defaultNormalize(true, scores);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_TAINT));
    }
}
