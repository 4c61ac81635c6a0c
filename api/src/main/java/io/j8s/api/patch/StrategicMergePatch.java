package io.j8s.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import io.j8s.api.patch.PatchMeta.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes strategic merge patch, as apimachinery's strategicpatch.StrategicMergeMapPatch
 * applies it on the server: a JSON merge patch in which lists tagged {@code patchStrategy:"merge"}
 * merge item by item (by their {@code patchMergeKey}, or as sets of primitives), with the
 * directives {@code $patch} (replace, delete), {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<list>} and {@code $setElementOrder/<list>}.
 *
 * <p>Upstream decodes the merged map into the typed object, which drops nulls and anything a
 * directive left behind in values the patch brought in. j8s has no typed round trip, so every
 * value the patch adds is first "applied to nothing" ({@link #fresh}): nulls go, directives are
 * resolved against an empty original.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private StrategicMergePatch() {}

    /**
     * Merges {@code patch} into a copy of {@code target}, an object of kind {@code type}.
     *
     * @throws PatchException 400 for a malformed patch (an unknown directive, a list item without
     *     its merge key, a {@code $setElementOrder} that contradicts the list), 422 for lists of lists
     */
    public static ObjectNode apply(ResourceType type, ObjectNode target, ObjectNode patch) {
        return mergeMap(target.deepCopy(), patch.deepCopy(), PatchMeta.of(type));
    }

    /** Merges {@code patch} into {@code original}; both are private copies and both change. */
    static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchMeta meta) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            if (isText(directive, "replace")) {
                patch.remove(DIRECTIVE);
                return mergeMap(Json.MAPPER.createObjectNode(), patch, meta);
            }
            if (isText(directive, "delete")) {
                // upstream leaves an empty object, not an absent field
                return Json.MAPPER.createObjectNode();
            }
            throw badPatchType(directive, patch);
        }
        applyRetainKeys(original, patch);
        mergeOrderedLists(original, patch, meta);
        List<String> deletionLists = new ArrayList<>();
        for (String key : fieldNames(patch)) {
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deletionLists.add(key);
            } else if (key.startsWith("$")) {
                throw PatchException.badRequest("unknown patch directive: " + key);
            } else {
                mergeField(original, key, patch.get(key), meta.field(key));
            }
        }
        // after the additions, so that a list changed both ways ends without the deleted items
        for (String key : deletionLists) {
            deleteFromPrimitiveList(original, key, patch.get(key), meta);
        }
        return original;
    }

    private static void mergeField(ObjectNode original, String key, JsonNode change, Field f) {
        if (change.isNull()) {
            original.remove(key);
            return;
        }
        JsonNode current = original.get(key);
        if (current == null || current.isNull() || current.isObject() != change.isObject()
                || current.isArray() != change.isArray()) {
            original.set(key, fresh(change, f));
        } else if (current.isObject()) {
            original.set(key, mergeMap((ObjectNode) current, (ObjectNode) change, f.meta()));
        } else if (current.isArray()) {
            original.set(key, mergeList((ArrayNode) current, (ArrayNode) change, f, false));
        } else {
            original.set(key, change);
        }
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String key, JsonNode toDelete, PatchMeta meta) {
        String field = extractKey(key, DELETE_FROM_PRIMITIVE_LIST, "invalid patch format of primitive list");
        if (toDelete.isNull()) {
            original.remove(field); // upstream treats a null deletion list like a null list
            return;
        }
        if (!toDelete.isArray()) {
            throw PatchException.badRequest("invalid patch format of primitive list");
        }
        JsonNode current = original.get(field);
        if (current != null && current.isArray()) {
            original.set(field, mergeList((ArrayNode) current, (ArrayNode) toDelete, meta.field(field), true));
        }
    }

    /**
     * $retainKeys: the object keeps only the listed keys, and the patch may only set listed keys.
     * Upstream honours it on any object, whatever the field's tags.
     */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest("invalid patch format of retainKeys");
        }
        Set<String> keys = new HashSet<>();
        retain.forEach(k -> keys.add(k.isTextual() ? k.textValue() : GoJson.format(k)));
        for (String key : fieldNames(patch)) {
            boolean exempt = patch.get(key).isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    || key.startsWith(SET_ELEMENT_ORDER);
            if (!exempt && !keys.contains(key)) {
                throw PatchException.badRequest("invalid patch format of retainKeys");
            }
        }
        for (String key : fieldNames(original)) {
            if (!keys.contains(key)) {
                original.remove(key);
            }
        }
    }

    /**
     * $setElementOrder/&lt;list&gt;: merges the list and then orders it, the ordered items as
     * the directive lists them and the rest (server-only items) where they stood relative to them.
     * Precedence: $setElementOrder, then the patch's own order, then the live order.
     */
    private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, PatchMeta meta) {
        for (String key : fieldNames(patch)) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw badArgType(GoJson.SLICE, order);
            }
            String field = extractKey(key, SET_ELEMENT_ORDER, "invalid patch format of setElementOrder list");
            JsonNode current = present(original.get(field));
            JsonNode changes = present(patch.get(field));
            for (JsonNode list : new JsonNode[] {current, changes}) {
                if (list != null && !list.isArray()) {
                    throw badArgType(GoJson.SLICE, list);
                }
            }
            Field f = meta.field(field);
            List<JsonNode> orderItems = items(order);
            ListOrder.validate(changes == null ? List.of() : items(changes), orderItems, f.mergeKey());
            List<JsonNode> merged;
            if (current != null && changes != null) {
                merged = items(mergeList((ArrayNode) current, (ArrayNode) changes, f, false));
            } else if (current != null) {
                merged = items(current);
            } else if (changes != null) {
                merged = items(fresh(changes, f));
            } else {
                continue;
            }
            ListOrder.Partition p = ListOrder.partition(merged, orderItems, f.mergeKey());
            List<JsonNode> live = current == null ? List.of() : items(current);
            original.set(field, array(ListOrder.normalize(p.inPatch(), p.serverOnly(), orderItems, live, f.mergeKey())));
            patch.remove(field);
        }
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, Field f, boolean deletion) {
        if (f.merge()) {
            return mergeSlice(original, patch, f, deletion);
        }
        // upstream would make an atomic list the deletion list itself; deleting from it is what was asked
        return deletion ? deleteFromSlice(original, patch) : (ArrayNode) fresh(patch, f);
    }

    private static ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, Field f, boolean deletion) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean objects = ListOrder.itemType(original, patch).equals(GoJson.MAP);
        List<JsonNode> live = items(original);
        List<JsonNode> changes = items(patch);
        List<JsonNode> merged;
        String mergeKey = objects ? f.mergeKey() : "";
        if (!objects) {
            if (deletion) {
                return deleteFromSlice(original, patch);
            }
            LinkedHashMap<Object, JsonNode> distinct = new LinkedHashMap<>();
            live.forEach(v -> distinct.putIfAbsent(ListOrder.id(v), v));
            changes.forEach(v -> distinct.putIfAbsent(ListOrder.id(v), v));
            merged = List.copyOf(distinct.values());
        } else {
            if (mergeKey.isEmpty()) {
                // the only tagged lists without a merge key are []string (finalizers, podCIDRs)
                throw PatchException.badRequest("cannot merge lists without merge key for type string");
            }
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            List<JsonNode> kept = new ArrayList<>(live);
            for (JsonNode item : changes) {
                JsonNode directive = item.get(DIRECTIVE);
                if (directive == null) {
                    plain.add(item);
                } else if (isText(directive, "delete")) {
                    if (!item.has(mergeKey)) {
                        throw noMergeKey(item, mergeKey);
                    }
                    Object id = ListOrder.id(item.get(mergeKey));
                    kept.removeIf(e -> e.has(mergeKey) && ListOrder.id(e.get(mergeKey)).equals(id));
                } else if (isText(directive, "replace")) {
                    replace = true; // the other items become the list
                } else {
                    throw listDirective(directive, item);
                }
            }
            if (replace) {
                live = plain.stream().map(item -> fresh(item, f)).toList();
                changes = List.of();
            } else {
                live = kept;
                changes = plain;
            }
            merged = mergeByKey(live, changes, mergeKey, f);
        }
        ListOrder.Partition p = ListOrder.partition(merged, changes, mergeKey);
        return array(ListOrder.normalize(p.inPatch(), p.serverOnly(), changes, live, mergeKey));
    }

    /** Merges each patch item into the live item with the same merge key, or appends it. */
    private static List<JsonNode> mergeByKey(List<JsonNode> live, List<JsonNode> changes, String mergeKey, Field f) {
        List<JsonNode> result = new ArrayList<>(live);
        for (JsonNode item : changes) {
            if (!item.has(mergeKey)) {
                throw noMergeKey(item, mergeKey);
            }
            Object id = ListOrder.id(item.get(mergeKey));
            int at = -1;
            for (int i = 0; i < result.size() && at < 0; i++) {
                JsonNode e = result.get(i);
                if (e.has(mergeKey) && ListOrder.id(e.get(mergeKey)).equals(id)) {
                    at = i;
                }
            }
            if (at >= 0) {
                result.set(at, mergeMap((ObjectNode) result.get(at), (ObjectNode) item, f.meta()));
            } else {
                result.add(fresh(item, f));
            }
        }
        return result;
    }

    private static ArrayNode deleteFromSlice(ArrayNode current, ArrayNode toDelete) {
        Set<Object> gone = new HashSet<>();
        toDelete.forEach(v -> gone.add(ListOrder.id(v)));
        ArrayNode out = Json.MAPPER.createArrayNode();
        current.forEach(v -> {
            if (!gone.contains(ListOrder.id(v))) {
                out.add(v);
            }
        });
        return out;
    }

    /**
     * {@code change} as it stands where the target has nothing: nulls dropped, directives resolved
     * against nothing ({@code $patch} items of a list, which have nothing to delete or replace, go).
     */
    static JsonNode fresh(JsonNode change, Field f) {
        if (change.isObject()) {
            return mergeMap(Json.MAPPER.createObjectNode(), (ObjectNode) change, f.meta());
        }
        if (change.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode item : change) {
                JsonNode directive = item.isObject() ? item.get(DIRECTIVE) : null;
                if (directive == null) {
                    out.add(fresh(item, f));
                } else if (!isText(directive, "delete") && !isText(directive, "replace")) {
                    throw listDirective(directive, item);
                }
            }
            return out;
        }
        return change;
    }

    private static PatchException listDirective(JsonNode directive, JsonNode item) {
        return isText(directive, "merge")
                ? PatchException.badRequest("merging lists cannot yet be specified in the patch")
                : badPatchType(directive, item);
    }

    /** "$setElementOrder/containers" → "containers". */
    private static String extractKey(String key, String prefix, String badFormat) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw PatchException.badRequest(badFormat);
        }
        return key.substring(slash + 1);
    }

    static PatchException badPatchType(JsonNode directive, JsonNode map) {
        String shown = directive.isTextual() ? directive.textValue()
                : directive.isNull() ? "%!s(<nil>)"
                : "%!s(" + GoJson.typeName(directive) + "=" + GoJson.format(directive) + ")";
        return PatchException.badRequest("unknown patch type: " + shown + " in map: " + GoJson.format(map));
    }

    static PatchException noMergeKey(JsonNode map, String mergeKey) {
        return PatchException.badRequest("map: " + GoJson.format(map) + " does not contain declared merge key: " + mergeKey);
    }

    static PatchException badArgType(String expected, JsonNode actual) {
        return PatchException.badRequest("expected a " + expected + ", but received a " + GoJson.typeName(actual));
    }

    private static boolean isText(JsonNode n, String text) {
        return n.isTextual() && n.textValue().equals(text);
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        out.addAll(items);
        return out;
    }

    private static List<String> fieldNames(ObjectNode n) {
        List<String> names = new ArrayList<>(n.size());
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
