package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.kubelet.pod.PodObjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ConfigMaps and Secrets read from the API when a pod needs them (upstream's "Get" strategy for
 * its configmap and secret managers), Services from a watch of all of them (for the service env
 * vars), and the node's allocatable from its last status.
 */
final class ApiPodObjects implements PodObjects {

    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final Supplier<Map<String, String>> allocatable;

    ApiPodObjects(KubernetesClient client, SharedIndexInformer<Service> services, Supplier<Map<String, String>> allocatable) {
        this.client = client;
        this.services = services;
        this.allocatable = allocatable;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Service> services(String namespace) {
        return services.getIndexer().byIndex("namespace", namespace);
    }

    @Override
    public Map<String, String> nodeAllocatable() {
        return allocatable.get();
    }
}
