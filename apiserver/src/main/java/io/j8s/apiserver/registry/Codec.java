package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.store.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Objects are stored as JSON without {@code metadata.resourceVersion}: the version is the key's
 * mod revision, set on the way out, exactly as the upstream etcd3 storage does.
 */
public final class Codec {

    private Codec() {}

    public static byte[] encode(ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("metadata");
        if (meta != null) meta.remove("resourceVersion");
        try {
            return Json.MAPPER.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode decode(KeyValue kv) {
        return decode(kv.value(), kv.modRevision());
    }

    public static ObjectNode decode(byte[] value, long revision) {
        try {
            ObjectNode obj = (ObjectNode) Json.MAPPER.readTree(value);
            ((ObjectNode) obj.get("metadata")).put("resourceVersion", Long.toString(revision));
            return obj;
        } catch (IOException e) {
            throw new UncheckedIOException("stored object is not JSON", e);
        }
    }

    public static String resourceVersion(ObjectNode obj) {
        return obj.path("metadata").path("resourceVersion").asText("");
    }
}
