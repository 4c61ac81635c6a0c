package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What pods refer to that the kubelet reads from the API (upstream's configmap, secret and service
 * managers): ConfigMaps and Secrets for env and volumes, Services for the service env vars, and the
 * node's allocatable for a resourceFieldRef without a limit.
 */
public interface PodObjects {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** Services of {@code namespace}, for service links. */
    List<Service> services(String namespace);

    /** The node's allocatable resources (cpu, memory, ephemeral-storage) as quantities. */
    Map<String, String> nodeAllocatable();
}
