package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Objects;

/** Upstream's {@code objectReference}: an object by kind and name, and the uid that tells one incarnation from the next. */
record Identity(String apiVersion, String kind, String namespace, String name, String uid) {

    Identity {
        namespace = Objects.requireNonNullElse(namespace, "");
    }

    @Override
    public String toString() {
        return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name + ", uid: " + uid + "]";
    }

    /** What a live read of an object says: who owns it, and whether and how it is being deleted. */
    record View(Identity identity, String resourceVersion, List<OwnerReference> owners, boolean beingDeleted, List<String> finalizers) {
        View {
            owners = owners == null ? List.of() : List.copyOf(owners);
            finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
        }

        boolean hasFinalizer(String f) {
            return finalizers.contains(f);
        }
    }
}
