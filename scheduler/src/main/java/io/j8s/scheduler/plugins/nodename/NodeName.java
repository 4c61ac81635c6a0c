package io.j8s.scheduler.plugins.nodename;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/** A pod that names its node (spec.nodeName) fits only that node. */
public final class NodeName implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodeName";
    public static final String ERR_REASON = "node(s) didn't match the requested node name";

    public static Plugin factory(JsonNode args, Handle handle) {
        return new NodeName();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        String wanted = Pods.nodeName(pod);
        if (wanted.isEmpty() || wanted.equals(nodeInfo.name())) return Status.SUCCESS;
        return Status.unresolvable(ERR_REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD));
    }
}
