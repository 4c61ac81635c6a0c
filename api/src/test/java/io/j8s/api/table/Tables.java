package io.j8s.api.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What the printer tests share: a fixed clock, YAML objects, and reading cells back. */
final class Tables {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    static final TablePrinter PRINTER = new TablePrinter(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();

    private Tables() {}

    /** The resource at {@code group/v1/plural}. */
    static ResourceType type(String group, String plural) {
        return REGISTRY.byPath(group, "v1", plural).orElseThrow();
    }

    static ObjectNode yaml(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code NOW} minus a duration in Go syntax ({@code 90s}, {@code 5m}, {@code 3h}, {@code 2d}), as RFC 3339. */
    static String ago(String d) {
        long n = Long.parseLong(d.substring(0, d.length() - 1));
        long seconds = switch (d.charAt(d.length() - 1)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            case 'd' -> n * 86400;
            default -> throw new IllegalArgumentException(d);
        };
        return NOW.minusSeconds(seconds).toString();
    }

    /** The cells of the only row of a one-object table, as Java values. */
    static List<Object> cells(ResourceType type, ObjectNode object) {
        ObjectNode table = PRINTER.table(type, List.of(object), TablePrinter.IncludeObject.NONE, TablePrinter.ListMeta.of("1"));
        return values(table.get("rows").get(0).get("cells"));
    }

    static List<Object> values(JsonNode cells) {
        List<Object> out = new ArrayList<>();
        for (JsonNode c : cells) {
            out.add(c.isTextual() ? c.textValue() : c.isBoolean() ? (Object) c.booleanValue() : (Object) c.longValue());
        }
        return out;
    }
}
