package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.api.conversion.EventConversion;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Resources that are views of another resource's storage, as upstream serves events.k8s.io/v1
 * Events from the one Event storage that core/v1 also serves: a Scheduled event a scheduler
 * writes through events.k8s.io is the one {@code kubectl describe pod} reads through core/v1.
 * Every other resource is its own storage.
 */
public final class SharedStorage {

    private record View(ResourceType storage, UnaryOperator<ObjectNode> toStorage, UnaryOperator<ObjectNode> fromStorage) {}

    private final Map<ResourceType, View> views;

    public SharedStorage(ResourceRegistry registry) {
        ResourceType coreEvents = registry.byPath("", "v1", "events").orElseThrow();
        ResourceType events = registry.byPath("events.k8s.io", "v1", "events").orElseThrow();
        this.views = Map.of(events, new View(coreEvents, EventConversion::toCore, EventConversion::fromCore));
    }

    /** The resource whose keys hold {@code type}'s objects. */
    public ResourceType storage(ResourceType type) {
        View v = views.get(type);
        return v == null ? type : v.storage();
    }

    public boolean isView(ResourceType type) {
        return views.containsKey(type);
    }

    /** {@code obj} as the storage resource holds it; the same instance when {@code type} is its own storage. */
    public ObjectNode toStorage(ResourceType type, ObjectNode obj) {
        View v = views.get(type);
        return v == null ? obj : v.toStorage().apply(obj);
    }

    /** A stored object as {@code type} shows it; the same instance when {@code type} is its own storage. */
    public ObjectNode fromStorage(ResourceType type, ObjectNode stored) {
        View v = views.get(type);
        return v == null ? stored : v.fromStorage().apply(stored);
    }
}
