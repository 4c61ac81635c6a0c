package io.j8s.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One kind the API serves, as discovery describes it: where it lives (group, version, plural),
 * whether it is namespaced, the names kubectl accepts for it, and its subresources.
 *
 * @param group the API group, "" for the legacy core group
 * @param subresources e.g. "status", "scale", "log", "exec", "binding", "eviction"
 * @param type the fabric8 model class objects of this kind decode to
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           Set<String> subresources, List<String> verbs, Class<? extends HasMetadata> type) {

    /** The verbs of a resource that supports everything, as upstream lists them. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(type, "type");
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
        verbs = List.copyOf(verbs);
    }

    /** "v1" for the core group, "apps/v1" otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** "pods", "deployments.apps": the name RBAC and kubectl's fully-qualified form use. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Whether {@code name} is one of the names kubectl may use for this resource. */
    public boolean answersTo(String name) {
        return name.equals(plural) || name.equals(singular) || name.equalsIgnoreCase(kind) || shortNames.contains(name);
    }
}
