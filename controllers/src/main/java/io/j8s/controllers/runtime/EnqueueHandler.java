package io.j8s.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Function;

/**
 * The informer side of a controller: every add, update and delete only enqueues a key, as
 * sample-controller's handlers do; {@code keyOf} maps an object to the key of what it affects
 * (itself by default, its owner for dependents).
 */
public final class EnqueueHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final WorkQueue queue;
    private final Function<T, String> keyOf;

    public EnqueueHandler(WorkQueue queue, Function<T, String> keyOf) {
        this.queue = queue;
        this.keyOf = keyOf;
    }

    public static <T extends HasMetadata> EnqueueHandler<T> of(WorkQueue queue) {
        return new EnqueueHandler<>(queue, Keys::of);
    }

    @Override
    public void onAdd(T obj) {
        enqueue(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        enqueue(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueue(obj);
    }

    private void enqueue(T obj) {
        String key = keyOf.apply(obj);
        if (key != null) queue.add(key);
    }
}
