package io.j8s.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/** YAML fixtures as the trees the API server works on, and comparing them as values. */
public final class Trees {

    private Trees() {}

    public static ObjectNode yaml(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ResourceType type(String apiVersion, String kind) {
        return ResourceRegistry.builtin().byKind(apiVersion, kind).orElseThrow();
    }

    /** Numbers compare by value (YAML reads 30 as an int, defaults write longs). */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
    };

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            java.util.List<String> keys = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            java.util.Collections.sort(keys);
            for (String k : keys) out.set(k, sorted(n.get(k)));
            return out;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
            n.forEach(e -> out.add(sorted(e)));
            return out;
        }
        if (n.isNumber()) return Json.MAPPER.getNodeFactory().numberNode(n.decimalValue().stripTrailingZeros());
        return n;
    }

    public static void assertSameTree(JsonNode actual, JsonNode expected) {
        if (!actual.equals(BY_VALUE, expected)) {
            try {
                assertThat(Json.YAML.writeValueAsString(sorted(actual))).isEqualTo(Json.YAML.writeValueAsString(sorted(expected)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }
}
