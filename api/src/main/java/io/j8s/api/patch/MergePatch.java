package io.j8s.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch, as evanphx/json-patch v4 (kube-apiserver's) applies it: a member
 * that is {@code null} in the target counts as absent, and nulls are pruned from every value the
 * patch brings in, objects inside arrays included.
 */
public final class MergePatch {

    private MergePatch() {}

    /** The result of merging {@code patch} into a copy of {@code target}; neither is changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return pruned(patch);
        }
        ObjectNode doc = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.MAPPER.createObjectNode();
        merge(doc, (ObjectNode) patch);
        return doc;
    }

    private static void merge(ObjectNode doc, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            JsonNode current = doc.get(key);
            if (value.isNull()) {
                doc.remove(key);
            } else if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else {
                doc.set(key, pruned(value));
            }
        }
    }

    /** A copy of {@code value} without null members, at any depth; null array elements stay. */
    static JsonNode pruned(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), pruned(e.getValue()));
                }
            }
            return out;
        }
        if (value.isArray()) {
            List<JsonNode> items = new ArrayList<>(value.size());
            value.forEach(item -> items.add(pruned(item)));
            ArrayNode out = Json.MAPPER.createArrayNode();
            out.addAll(items);
            return out;
        }
        return value.deepCopy();
    }
}
