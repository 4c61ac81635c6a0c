package io.j8s.scheduler.plugins.nodeunschedulable;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.helper.Taints;
import java.util.List;

/** A cordoned node (spec.unschedulable) takes only pods that tolerate node.kubernetes.io/unschedulable:NoSchedule. */
public final class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodeUnschedulable";
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    public static final String ERR_REASON_UNKNOWN_CONDITION = "node(s) had unknown conditions";
    static final Taint UNSCHEDULABLE_TAINT = new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

    public static Plugin factory(JsonNode args, Handle handle) {
        return new NodeUnschedulable();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        if (nodeInfo.node() == null) return Status.unresolvable(ERR_REASON_UNKNOWN_CONDITION);
        boolean cordoned = nodeInfo.node().getSpec() != null && Boolean.TRUE.equals(nodeInfo.node().getSpec().getUnschedulable());
        if (!cordoned || Taints.tolerated(pod.getSpec().getTolerations(), UNSCHEDULABLE_TAINT)) return Status.SUCCESS;
        return Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_TAINT));
    }
}
