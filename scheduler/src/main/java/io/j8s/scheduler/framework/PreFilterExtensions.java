package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Incremental updates of a PreFilter plugin's state while preemption tries removing victims. */
public interface PreFilterExtensions {
    Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
