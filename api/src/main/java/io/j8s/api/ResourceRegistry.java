package io.j8s.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Looks resources up the ways the REST paths and request bodies name them. */
public final class ResourceRegistry {

    private final List<ResourceType> types;
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();

    public ResourceRegistry(List<ResourceType> types) {
        this.types = List.copyOf(types);
        for (ResourceType t : this.types) {
            if (byPath.put(t.apiVersion() + "/" + t.plural(), t) != null) {
                throw new IllegalArgumentException("two resources at " + t.apiVersion() + "/" + t.plural());
            }
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    public static ResourceRegistry builtin() {
        return new ResourceRegistry(BuiltinResources.all());
    }

    public List<ResourceType> all() {
        return types;
    }

    /** The resource at {@code /api[s]/{group}/{version}/{plural}}. */
    public Optional<ResourceType> byPath(String group, String version, String plural) {
        return Optional.ofNullable(byPath.get((group.isEmpty() ? version : group + "/" + version) + "/" + plural));
    }

    /** The resource a body with {@code apiVersion} and {@code kind} belongs to. */
    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /** The served group/versions, "v1" first, in the order upstream lists them. */
    public List<String> groupVersions() {
        List<String> gvs = new ArrayList<>();
        for (ResourceType t : types) {
            if (!gvs.contains(t.apiVersion())) gvs.add(t.apiVersion());
        }
        return gvs;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
