package io.j8s.scheduler.plugins.schedulinggates;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/** A pod with spec.schedulingGates waits outside the active queue until they are all removed. */
public final class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {

    public static final String NAME = "SchedulingGates";

    public static Plugin factory(JsonNode args, Handle handle) {
        return new SchedulingGates();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preEnqueue(Pod pod) {
        List<PodSchedulingGate> gates = pod.getSpec() == null ? null : pod.getSpec().getSchedulingGates();
        if (gates == null || gates.isEmpty()) return Status.SUCCESS;
        List<String> names = gates.stream().map(PodSchedulingGate::getName).toList();
        return Status.unresolvable("waiting for scheduling gates: [" + String.join(" ", names) + "]");
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.UPDATE));
    }
}
