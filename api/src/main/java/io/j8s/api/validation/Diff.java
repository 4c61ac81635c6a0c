package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's semantic equality ({@code apiequality.Semantic.DeepEqual}) on JSON trees: numbers by
 * value (1 == 1.0), a null or absent field equals another absent one, and an empty list equals an
 * absent one (Go's nil and empty slices compare equal there).
 */
final class Diff {

    private Diff() {}

    static boolean equal(JsonNode a, JsonNode b) {
        return paths(a, b, "").isEmpty();
    }

    /** The paths at which {@code a} and {@code b} differ, shallowest first. */
    static List<String> paths(JsonNode a, JsonNode b, String path) {
        List<String> out = new ArrayList<>();
        walk(norm(a), norm(b), path, out);
        return out;
    }

    private static void walk(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isMissingNode() && b.isMissingNode()) return;
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) walk(norm(a.get(k)), norm(b.get(k)), path.isEmpty() ? k : path + "." + k, out);
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) walk(norm(a.get(i)), norm(b.get(i)), path + "[" + i + "]", out);
            return;
        }
        if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) out.add(path);
            return;
        }
        if (!a.equals(b)) out.add(path);
    }

    private static JsonNode norm(JsonNode n) {
        if (n == null || n.isNull()) return MissingNode.getInstance();
        if (n.isArray() && n.isEmpty()) return MissingNode.getInstance();
        return n;
    }
}
