package io.j8s.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Queue keys as client-go's {@code MetaNamespaceKeyFunc}: {@code namespace/name}, or {@code name} for cluster objects. */
public final class Keys {

    private Keys() {}

    public static String of(HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        return ns == null || ns.isEmpty() ? name : ns + "/" + name;
    }

    /** The namespace of a key, empty for a cluster-scoped one. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
