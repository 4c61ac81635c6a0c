package io.j8s.controllers.common;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Deep copies: an object from a cache is shared with every other reader and is never changed in place. */
public final class Copies {

    private Copies() {}

    public static <T> T deepCopy(T object) {
        return object == null ? null : Serialization.clone(object);
    }
}
