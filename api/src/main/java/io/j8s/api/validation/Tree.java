package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a JSON tree the way Go reads a decoded struct: an absent or null field reads as its
 * zero value ("", 0, empty list), so rules can be written as upstream writes them. Where upstream
 * has a pointer (nil differs from zero) the rule asks {@link #has} first.
 */
final class Tree {

    private Tree() {}

    static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n == null ? MissingNode.getInstance() : n;
        for (String p : path) {
            cur = cur.isObject() ? cur.path(p) : MissingNode.getInstance();
        }
        return cur;
    }

    /** Present and not JSON null: Go's non-nil pointer. */
    static boolean has(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return !v.isMissingNode() && !v.isNull();
    }

    static String str(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    static long num(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isNumber() ? v.asLong() : v.isTextual() ? parseLong(v.asText()) : 0;
    }

    static boolean bool(JsonNode n, String... path) {
        return at(n, path).asBoolean(false);
    }

    static List<JsonNode> items(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        List<JsonNode> out = new ArrayList<>();
        if (v.isArray()) v.forEach(out::add);
        return out;
    }

    /** A map of strings (labels, selectors, data), in body order; non-string values as text. */
    static Map<String, String> strings(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isObject()) v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    static List<String> stringList(JsonNode n, String... path) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : items(n, path)) out.add(i.isNull() ? "" : i.asText());
        return out;
    }

    /** The object's fields that are set (non-null), for "exactly one of" rules. */
    static List<String> setFields(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isObject()) n.properties().forEach(e -> {
            if (!e.getValue().isNull()) out.add(e.getKey());
        });
        return out;
    }

    /** A copy of an object to edit, or a new empty object when {@code n} is not one. */
    static ObjectNode copyOf(JsonNode n) {
        return n != null && n.isObject() ? ((ObjectNode) n).deepCopy() : Json.MAPPER.createObjectNode();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
