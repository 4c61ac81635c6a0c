package io.j8s.api.patch;

import static io.j8s.api.patch.StrategicMergePatch.DIRECTIVE;
import static io.j8s.api.patch.StrategicMergePatch.badArgType;
import static io.j8s.api.patch.StrategicMergePatch.noMergeKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a merged list, as upstream's strategic merge keeps it (the design
 * "preserve order in strategic merge patch"): items named by the patch (or its
 * {@code $setElementOrder}) in the patch's order, server-only items in their live order, the two
 * interleaved by where they stood in the live list. An item new to the list therefore comes
 * before the server-only items that follow no patch item, as upstream puts it.
 */
final class ListOrder {

    private static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "<nil>";
        }
    };

    private ListOrder() {}

    /** The merged items the patch names, and the rest. */
    record Partition(List<JsonNode> inPatch, List<JsonNode> serverOnly) {}

    /**
     * What identifies a list item: Go's {@code ==} on decoded values, under which 1 (int64) and
     * 1.0 (float64) and "1" all differ. A missing value and JSON null are both nil.
     */
    static Object id(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return NIL;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n; // objects and lists compare deeply
    }

    /** What identifies an item of a list merged by {@code mergeKey} (the item itself if empty). */
    private static Object keyOf(JsonNode item, String mergeKey) {
        return mergeKey.isEmpty() ? id(item) : item.isObject() ? id(item.get(mergeKey)) : NIL;
    }

    /**
     * The one Go type of the items of both lists (upstream's sliceElementType).
     *
     * @throws PatchException 422 for a list of lists, 400 for items of mixed types
     */
    static String itemType(JsonNode a, JsonNode b) {
        String type = null;
        for (JsonNode list : new JsonNode[] {a, b}) {
            for (JsonNode item : list) {
                String t = GoJson.typeName(item);
                if (type == null) {
                    if (item.isArray()) {
                        throw PatchException.invalid("lists of lists are not supported");
                    }
                    type = t;
                } else if (!type.equals(t)) {
                    throw PatchException.badRequest("list element types are not identical: ["
                            + GoJson.list(a) + " " + GoJson.list(b) + "]");
                }
            }
        }
        return type == null ? "" : type;
    }

    static Partition partition(List<JsonNode> merged, List<JsonNode> by, String mergeKey) {
        Set<Object> named = new HashSet<>();
        for (JsonNode item : by) {
            if (!mergeKey.isEmpty() && !item.isObject()) {
                throw badArgType(GoJson.MAP, item);
            }
            if (mergeKey.isEmpty() || item.has(mergeKey)) {
                named.add(keyOf(item, mergeKey));
            }
        }
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            if (!mergeKey.isEmpty()) {
                requireMergeKey(item, mergeKey);
            }
            (named.contains(keyOf(item, mergeKey)) ? inPatch : serverOnly).add(item);
        }
        return new Partition(inPatch, serverOnly);
    }

    /** Patch items in patch order and server-only items in live order, interleaved (normalizeElementOrder). */
    static List<JsonNode> normalize(List<JsonNode> inPatch, List<JsonNode> serverOnly, List<JsonNode> patchOrder,
                                    List<JsonNode> liveOrder, String mergeKey) {
        List<JsonNode> patchItems = sorted(inPatch, patchOrder, mergeKey);
        List<JsonNode> serverItems = sorted(serverOnly, liveOrder, mergeKey);
        List<JsonNode> out = new ArrayList<>(patchItems.size() + serverItems.size());
        int i = 0;
        int j = 0;
        while (i < serverItems.size() || j < patchItems.size()) {
            if (i >= serverItems.size()) {
                out.add(patchItems.get(j++));
            } else if (j >= patchItems.size()) {
                out.add(serverItems.get(i++));
            } else {
                // a server-only item goes first only if both stood in the live list and it stood first
                int li = indexIn(liveOrder, serverItems.get(i), mergeKey);
                int ri = indexIn(liveOrder, patchItems.get(j), mergeKey);
                out.add(li >= 0 && ri >= 0 && li < ri ? serverItems.get(i++) : patchItems.get(j++));
            }
        }
        return out;
    }

    /**
     * Checks that the patch list names its items in the order $setElementOrder does, and only
     * items it names (deletions aside).
     */
    static void validate(List<JsonNode> patchList, List<JsonNode> order, String mergeKey) {
        if (order.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : patchList) {
            if (!mergeKey.isEmpty()) {
                if (!item.isObject()) {
                    throw badArgType(GoJson.MAP, item);
                }
                if (isDelete(item)) {
                    continue;
                }
            }
            kept.add(item);
        }
        int p = 0;
        int s = 0;
        while (p < kept.size() && s < order.size()) {
            JsonNode item = kept.get(p);
            if (item.isObject() && item.has(DIRECTIVE)) {
                p++;
                continue;
            }
            if (!mergeKey.isEmpty()) {
                requireMergeKey(item, mergeKey);
                requireMergeKey(order.get(s), mergeKey);
            }
            if (keyOf(item, mergeKey).equals(keyOf(order.get(s), mergeKey))) {
                p++;
            }
            s++;
        }
        if (p < kept.size()) {
            throw PatchException.badRequest("The order in patch list:\n" + GoJson.list(patchList)
                    + "\n doesn't match $setElementOrder list:\n" + GoJson.list(order) + "\n");
        }
    }

    /** Items sorted, stably, by where {@code order} names them; deletion items last (normalizeSliceOrder). */
    private static List<JsonNode> sorted(List<JsonNode> items, List<JsonNode> order, String mergeKey) {
        List<JsonNode> toSort = new ArrayList<>();
        List<JsonNode> deletions = new ArrayList<>();
        if (!mergeKey.isEmpty()) {
            items.forEach(i -> requireMergeKey(i, mergeKey));
            order.forEach(i -> requireMergeKey(i, mergeKey));
        }
        for (JsonNode item : items) {
            (!mergeKey.isEmpty() && isDelete(item) ? deletions : toSort).add(item);
        }
        toSort.sort(Comparator.comparingInt(item -> {
            int at = indexIn(order, item, mergeKey);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        toSort.addAll(deletions);
        return toSort;
    }

    private static int indexIn(List<JsonNode> list, JsonNode item, String mergeKey) {
        Object key = keyOf(item, mergeKey);
        for (int i = 0; i < list.size(); i++) {
            if (keyOf(list.get(i), mergeKey).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDelete(JsonNode item) {
        JsonNode d = item.get(DIRECTIVE);
        return d != null && d.isTextual() && d.textValue().equals("delete");
    }

    private static void requireMergeKey(JsonNode item, String mergeKey) {
        if (!item.isObject()) {
            throw badArgType(GoJson.MAP, item);
        }
        if (!item.has(mergeKey)) {
            throw noMergeKey(item, mergeKey);
        }
    }
}
