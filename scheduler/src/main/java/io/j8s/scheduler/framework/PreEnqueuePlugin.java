package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Decides whether a pod may enter the active queue at all (scheduling gates). */
public interface PreEnqueuePlugin extends Plugin {
    Status preEnqueue(Pod pod);
}
