package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Runs when no node fits: preemption lives here. */
public interface PostFilterPlugin extends Plugin {
    /**
     * @param statuses the Filter status of each node (the absent ones' status for nodes not filtered)
     * @return the node the pod is nominated to (or none) and a status
     */
    PostFilterResult postFilter(CycleState state, Pod pod, NodeToStatus statuses);
}
