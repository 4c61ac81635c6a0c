package io.j8s.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Server-side printing: turns objects into the {@code meta.k8s.io/v1} {@code Table} that
 * kube-apiserver returns for {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, the
 * form {@code kubectl get} asks for. Columns and cells are upstream's
 * ({@code pkg/printers/internalversion}); kinds upstream has no printer for get its default
 * table convertor (Name, Created At).
 *
 * <p>Like kube-apiserver, the table always carries every column with its cells; priority 1
 * columns are the ones the client shows only with {@code -o wide}.
 */
public final class TablePrinter {

    /** The {@code includeObject} query parameter: what each row's {@code object} holds. */
    public enum IncludeObject {
        /** {@code object} is null. */
        NONE("None"),
        /** {@code object} is a {@code PartialObjectMetadata}; kubectl's default, and the server's. */
        METADATA("Metadata"),
        /** {@code object} is the whole object. */
        OBJECT("Object");

        private final String value;

        IncludeObject(String value) {
            this.value = value;
        }

        /**
         * The parameter's value as upstream accepts it: {@code None}, {@code Metadata},
         * {@code Object}, with absent or empty meaning {@code Metadata}.
         *
         * @throws IllegalArgumentException for anything else, which upstream answers with 400
         *     {@code unrecognized includeObject value: "x"}
         */
        public static IncludeObject parse(String value) {
            if (value == null || value.isEmpty()) {
                return METADATA;
            }
            for (IncludeObject i : values()) {
                if (i.value.equals(value)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unrecognized includeObject value: \"" + value + "\"");
        }
    }

    /**
     * The table's {@code metadata}, which the caller knows and the printer does not: for a list
     * the list's resourceVersion, continue token and remainingItemCount; for a single object its
     * resourceVersion.
     *
     * @param continueToken null or empty when there are no more pages
     * @param remainingItemCount null when unknown
     */
    public record ListMeta(String resourceVersion, String continueToken, Long remainingItemCount) {

        public static ListMeta of(String resourceVersion) {
            return new ListMeta(resourceVersion, null, null);
        }
    }

    private static final Printer DEFAULT = new Printer(
            List.of(Column.NAME, new Column("Created At", "date", "", Docs.OBJECT_META_CREATION_TIMESTAMP, 0)),
            (o, now) -> Row.of(Fields.name(o), createdAt(o)));

    /** Go's zero {@code time.Time}, which upstream formats for an object without a creation time. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final Clock clock;
    /** By {@code group/Kind}; never changed after construction, so one printer serves all threads. */
    private final Map<String, Printer> printers;

    public TablePrinter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, Printer> all = new HashMap<>();
        Stream.of(CorePrinters.all(), PodPrinter.all(), EventPrinters.all(), WorkloadPrinters.all(), ClusterPrinters.all())
                .flatMap(m -> m.entrySet().stream())
                .forEach(e -> {
                    if (all.put(e.getKey(), e.getValue()) != null) {
                        throw new IllegalStateException("two printers for " + e.getKey());
                    }
                });
        this.printers = Map.copyOf(all);
    }

    /**
     * The Table for {@code objects}, all of kind {@code type}, in the order given.
     *
     * @param objects the objects as the API serves them (each is read, never changed)
     */
    public ObjectNode table(ResourceType type, List<ObjectNode> objects, IncludeObject include, ListMeta meta) {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(meta, "meta");
        Printer printer = printerFor(type);
        Instant now = clock.instant();
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode table = f.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (meta.resourceVersion() != null && !meta.resourceVersion().isEmpty()) {
            metadata.put("resourceVersion", meta.resourceVersion());
        }
        if (meta.continueToken() != null && !meta.continueToken().isEmpty()) {
            metadata.put("continue", meta.continueToken());
        }
        if (meta.remainingItemCount() != null) {
            metadata.put("remainingItemCount", meta.remainingItemCount());
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column c : printer.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            Row row = printer.row(object, now);
            ObjectNode r = rows.addObject();
            ArrayNode cells = r.putArray("cells");
            for (Object cell : row.cells()) {
                switch (cell) {
                    case String s -> cells.add(s);
                    case Long l -> cells.add(l);
                    case Boolean b -> cells.add(b);
                    default -> throw new IllegalStateException("cell " + cell);
                }
            }
            if (!row.conditions().isEmpty()) {
                ArrayNode conditions = r.putArray("conditions");
                for (Row.Condition c : row.conditions()) {
                    conditions.addObject().put("type", c.type()).put("status", c.status())
                            .put("reason", c.reason()).put("message", c.message());
                }
            }
            r.set("object", rowObject(object, include));
        }
        return table;
    }

    private Printer printerFor(ResourceType type) {
        // Keyed by group and kind, not version: upstream prints the internal type every version
        // of a kind converts to.
        return printers.getOrDefault(type.group() + "/" + type.kind(), DEFAULT);
    }

    /** What upstream's {@code asTable} puts in {@code rows[].object} for each includeObject. */
    private static JsonNode rowObject(ObjectNode object, IncludeObject include) {
        return switch (include) {
            case NONE -> JsonNodeFactory.instance.nullNode();
            case OBJECT -> object.deepCopy();
            case METADATA -> {
                ObjectNode partial = JsonNodeFactory.instance.objectNode();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                JsonNode metadata = object.get("metadata");
                partial.set("metadata", metadata == null || !metadata.isObject() ? JsonNodeFactory.instance.objectNode() : metadata.deepCopy());
                yield partial;
            }
        };
    }

    /** The default convertor's cell: the creation time in RFC 3339, UTC, to the second. */
    private static String createdAt(JsonNode object) {
        Instant t = Fields.time(object, "metadata", "creationTimestamp").orElse(GO_ZERO_TIME);
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
