package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-go's SharedInformerFactory as the controller manager uses it: one informer per kind,
 * shared by every controller that asks for it, started together once all have asked.
 */
public final class Informers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Informers.class);

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
            informer.exceptionHandler((started, e) -> retry(type, started, e));
            if (started) informer.start();
            return informer;
        });
    }

    /**
     * client-go's reflector never gives up: a list or watch that fails is retried with backoff.
     * fabric8's informer stops for good when its first list fails (a busy API server at start is
     * enough), which would leave a controller blind for the life of the process; so every
     * failure is logged and retried.
     */
    static boolean retry(Class<?> type, boolean started, Throwable e) {
        log.warn("{} the {} informer failed, retrying: {}", started ? "Watching" : "Listing", type.getSimpleName(), e.toString());
        return true;
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
