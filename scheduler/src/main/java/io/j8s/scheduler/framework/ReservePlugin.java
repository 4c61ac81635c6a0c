package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Holds what the pod will use on its node between the scheduling and the binding cycle. */
public interface ReservePlugin extends Plugin {
    Status reserve(CycleState state, Pod pod, String nodeName);

    /** Gives back what {@link #reserve} took; must be idempotent and never fail. */
    void unreserve(CycleState state, Pod pod, String nodeName);
}
