package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a container's postStart and preStop handlers (upstream's {@code lifecycle.HandlerRunner}):
 * exec in the container, an HTTP GET, or a sleep.
 */
public interface LifecycleHooks {

    /** Runs {@code handler} for {@code containerId}; empty when it succeeded, else why it failed. */
    Optional<String> run(Pod pod, Container container, String containerId, String podIp, LifecycleHandler handler,
            Duration timeout);

    LifecycleHooks NONE = (pod, container, containerId, podIp, handler, timeout) -> Optional.empty();
}
