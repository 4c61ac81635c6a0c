package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writing defaults into a JSON tree the way Go's defaulters test their fields: a string is unset
 * when absent, null or ""; a pointer when absent or null; a plain number when absent, null or 0.
 */
final class Nodes {

    private Nodes() {}

    static boolean unset(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull();
    }

    static boolean emptyString(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty());
    }

    static boolean zero(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || (v.isNumber() && v.asLong() == 0);
    }

    static void string(ObjectNode o, String field, String value) {
        if (emptyString(o, field)) o.put(field, value);
    }

    static void pointer(ObjectNode o, String field, long value) {
        if (unset(o, field)) o.put(field, value);
    }

    static void pointer(ObjectNode o, String field, boolean value) {
        if (unset(o, field)) o.put(field, value);
    }

    static void pointer(ObjectNode o, String field, String value) {
        if (unset(o, field)) o.put(field, value);
    }

    static void number(ObjectNode o, String field, long value) {
        if (zero(o, field)) o.put(field, value);
    }

    /** The object at {@code field}, created when absent or null; null when something else is there. */
    static ObjectNode object(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return o.putObject(field);
        return v.isObject() ? (ObjectNode) v : null;
    }

    /** The object at {@code field} if there is one, else null (nothing is created). */
    static ObjectNode existing(JsonNode o, String field) {
        if (o == null) return null;
        JsonNode v = o.get(field);
        return v != null && v.isObject() ? (ObjectNode) v : null;
    }

    /** The objects in the list at {@code field} (none when absent). */
    static List<ObjectNode> objects(JsonNode o, String field) {
        List<ObjectNode> out = new ArrayList<>();
        if (o == null) return out;
        JsonNode v = o.get(field);
        if (v instanceof ArrayNode a) a.forEach(e -> {
            if (e instanceof ObjectNode eo) out.add(eo);
        });
        return out;
    }

    /** A map with at least one entry (Go's len(m) > 0). */
    static boolean nonEmptyMap(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isObject() && !v.isEmpty();
    }
}
