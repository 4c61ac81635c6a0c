package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.runtime.ContainerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a pod's container into what the runtime is asked to create (upstream's
 * {@code generateContainerConfig}): env resolved (valueFrom, envFrom, service links, {@code $(VAR)}),
 * volume mounts as host paths, command and args expanded, limits, log path, labels.
 */
public interface ContainerConfigs {

    /**
     * @param volumes the pod's volumes as the volume manager set them up, by volume name
     * @throws ConfigException when a referenced ConfigMap, Secret or key is missing: the
     *         container waits with {@code CreateContainerConfigError}
     */
    ContainerConfig make(Pod pod, Container container, boolean init, int attempt, String podIp, Map<String, Path> volumes)
            throws ConfigException;

    /** A container that cannot be configured yet, and why (upstream's message). */
    final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message, null, false, false);
        }
    }
}
