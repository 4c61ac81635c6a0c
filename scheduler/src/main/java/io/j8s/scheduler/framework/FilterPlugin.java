package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Whether the pod can run on one node. Called in parallel over nodes, so it reads the cycle
 * state and the node info and changes neither.
 */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, Pod pod, NodeInfo nodeInfo);
}
