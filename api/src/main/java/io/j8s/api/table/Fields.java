package io.j8s.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reading an object's JSON the way Go reads a struct: an absent or null field is the zero value
 * ({@code ""}, {@code 0}, {@code false}, an empty list), so printers can follow upstream's code
 * line by line without null checks.
 */
final class Fields {

    private Fields() {}

    /** The node at {@code path}, or a missing node if any step is absent or null. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String step : path) {
            if (n == null || n.isMissingNode() || n.isNull()) {
                return MissingNode.getInstance();
            }
            n = n.path(step);
        }
        return n == null || n.isNull() ? MissingNode.getInstance() : n;
    }

    /** Whether the field is set, i.e. Go's {@code != nil} for pointers and structs. */
    static boolean present(JsonNode node, String... path) {
        return !at(node, path).isMissingNode();
    }

    static String str(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() ? n.asText() : "";
    }

    static long num(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asLong() : n.isTextual() ? parseLong(n.textValue()) : 0;
    }

    /** An integer field whose absence means {@code absent} (a defaulted field like replicas). */
    static long num(JsonNode node, long absent, String... path) {
        return present(node, path) ? num(node, path) : absent;
    }

    static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> items = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(items::add);
        }
        return items;
    }

    /** The number of entries of a map or list field: {@code len(obj.Data)}. */
    static long size(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isObject() || n.isArray() ? n.size() : 0;
    }

    /** The string values of a map field, in the order they appear. */
    static List<Map.Entry<String, String>> entries(JsonNode node, String... path) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        at(node, path).properties().forEach(e -> out.add(Map.entry(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : "")));
        return out;
    }

    /** A {@code metav1.Time} or {@code MicroTime}; empty for the zero time (absent, unparseable). */
    static Optional<Instant> time(JsonNode node, String... path) {
        String s = str(node, path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An IntOrString as upstream's {@code String()} writes it: the number, or the string. */
    static String intOrString(JsonNode node, String... path) {
        return str(node, path);
    }

    /** The object's name, {@code obj.Name}. */
    static String name(JsonNode object) {
        return str(object, "metadata", "name");
    }

    /** upstream's {@code translateTimestampSince(obj.CreationTimestamp)}. */
    static String age(JsonNode object, Instant now) {
        return HumanDuration.since(time(object, "metadata", "creationTimestamp"), now);
    }

    /** {@code labels.FormatLabels}: {@code k=v} pairs sorted, comma-separated, or {@code <none>}. */
    static String formatLabels(JsonNode node, String... path) {
        String s = entries(node, path).stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
        return s.isEmpty() ? "<none>" : s;
    }

    /** {@code metav1.FormatLabelSelector}: the selector's string, {@code <none>} or {@code <error>}. */
    static String formatLabelSelector(JsonNode node, String... path) {
        return labelSelector(at(node, path)).map(s -> s.isEmpty() ? "<none>" : s).orElse("<error>");
    }

    /**
     * {@code LabelSelectorAsSelector(ps).String()}: requirements sorted by key, matchLabels as
     * {@code k=v}, expressions as {@code k in (a,b)}, {@code k notin (a)}, {@code k},
     * {@code !k}. Empty for a nil or empty selector; empty Optional for one upstream rejects (an
     * unknown operator, or values that do not fit it). Label syntax is not checked again: the
     * object was validated when it was stored.
     */
    static Optional<String> labelSelector(JsonNode selector) {
        record Requirement(String key, String text) {}
        List<Requirement> requirements = new ArrayList<>();
        for (Map.Entry<String, String> e : entries(selector, "matchLabels")) {
            requirements.add(new Requirement(e.getKey(), e.getKey() + "=" + e.getValue()));
        }
        for (JsonNode expr : list(selector, "matchExpressions")) {
            String key = str(expr, "key");
            List<String> values = list(expr, "values").stream().map(JsonNode::asText).sorted().toList();
            String text;
            switch (str(expr, "operator")) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        return Optional.empty();
                    }
                    String op = str(expr, "operator").equals("In") ? " in " : " notin ";
                    text = key + op + "(" + String.join(",", values) + ")";
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        return Optional.empty();
                    }
                    text = (str(expr, "operator").equals("Exists") ? "" : "!") + key;
                }
                default -> {
                    return Optional.empty();
                }
            }
            requirements.add(new Requirement(key, text));
        }
        requirements.sort(Comparator.comparing(Requirement::key));
        return Optional.of(requirements.stream().map(Requirement::text).collect(Collectors.joining(",")));
    }

    /** upstream's {@code layoutContainerCells}: names and images, each comma-separated. */
    record Containers(String names, String images) {

        static Containers of(JsonNode node, String... path) {
            List<JsonNode> containers = list(node, path);
            return new Containers(
                    containers.stream().map(c -> str(c, "name")).collect(Collectors.joining(",")),
                    containers.stream().map(c -> str(c, "image")).collect(Collectors.joining(",")));
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
