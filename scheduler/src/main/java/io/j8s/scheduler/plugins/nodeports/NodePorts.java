package io.j8s.scheduler.plugins.nodeports;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.HostPortInfo;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/** A pod's host ports must be free on the node (0.0.0.0 clashes with every address). */
public final class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodePorts";
    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final String STATE_KEY = "PreFilter" + NAME;

    record State(List<HostPortInfo.ProtocolPort> ports) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    public static Plugin factory(JsonNode args, Handle handle) {
        return new NodePorts();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        List<HostPortInfo.ProtocolPort> ports = HostPortInfo.hostPorts(pod);
        if (ports.isEmpty()) return Result.SKIP;
        state.write(STATE_KEY, new State(ports));
        return Result.OK;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        for (HostPortInfo.ProtocolPort p : state.read(STATE_KEY, State.class).ports()) {
            if (nodeInfo.usedPorts().conflicts(p)) return Status.unschedulable(ERR_REASON);
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.DELETE),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE));
    }
}
