package io.j8s.apiserver.registry;

import io.j8s.api.ResourceType;

/**
 * Where objects live in the store: {@code /registry/<group>/<resource>/[<namespace>/]<name>},
 * with "core" for the legacy group, so every resource and every namespace is a prefix.
 */
public final class Keys {

    public static final String ROOT = "/registry/";

    private Keys() {}

    public static String resourcePrefix(ResourceType type) {
        return ROOT + (type.group().isEmpty() ? "core" : type.group()) + "/" + type.plural() + "/";
    }

    /** The prefix of a collection: one namespace's objects, or all of them when {@code namespace} is null. */
    public static String collection(ResourceType type, String namespace) {
        return namespace == null || !type.namespaced() ? resourcePrefix(type) : resourcePrefix(type) + namespace + "/";
    }

    public static String object(ResourceType type, String namespace, String name) {
        return type.namespaced() ? resourcePrefix(type) + namespace + "/" + name : resourcePrefix(type) + name;
    }
}
