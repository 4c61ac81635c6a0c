package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * client-go's SharedInformerFactory as the controller manager uses it: one informer per kind,
 * shared by every controller that asks for it, started together once all have asked.
 */
public final class Informers implements AutoCloseable {

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    public Informers(KubernetesClient client) {
        this.client = client;
    }

    /** The shared informer for {@code type} (all namespaces, no resync), made on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> of(Class<T> type) {
        return (SharedIndexInformer<T>) informers.computeIfAbsent(type, t -> {
            SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().runnableInformer(0);
            if (started) informer.start();
            return informer;
        });
    }

    /** Starts every informer asked for so far (those asked later start at once). */
    public synchronized void start() {
        started = true;
        for (SharedIndexInformer<?> i : informers.values()) i.start();
    }

    public synchronized boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(informers.values());
        informers.clear();
        all.forEach(SharedIndexInformer::close);
    }
}
