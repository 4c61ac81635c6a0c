package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Work the binding needs first (binding volumes). Runs in the binding cycle, off the scheduling thread. */
public interface PreBindPlugin extends Plugin {
    Status preBind(CycleState state, Pod pod, String nodeName);
}
