package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Binds the pod to its node; {@link Status#SKIP} passes to the next bind plugin. */
public interface BindPlugin extends Plugin {
    Status bind(CycleState state, Pod pod, String nodeName);
}
