package io.j8s.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@link Definition}s as JSON schemas in one {@link Dialect}, the way upstream does. */
final class SchemaWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Dialect dialect;

    SchemaWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    ObjectNode definition(Definition d) {
        ObjectNode s = JSON.objectNode();
        if (d.description() != null) s.put("description", d.description());
        switch (d.form()) {
            case OBJECT -> {
                // A struct without fields (FieldsV1) is a free-form object upstream, not an empty one.
                if (!d.properties().isEmpty()) {
                    ObjectNode props = s.putObject("properties");
                    d.properties().forEach((name, p) -> props.set(name, property(p)));
                }
                if (!d.required().isEmpty()) d.required().forEach(s.putArray("required")::add);
                s.put("type", "object");
            }
            // OpenAPI 3 can say what the wire carries (a string or a number); Swagger 2 cannot,
            // and upstream's v2 documents call both strings.
            case QUANTITY -> {
                if (dialect == Dialect.V3) oneOf(s, "string", "number");
                else s.put("type", "string");
            }
            case INT_OR_STRING -> {
                s.put("format", "int-or-string");
                if (dialect == Dialect.V3) oneOf(s, "integer", "string");
                else s.put("type", "string");
                s.put("x-kubernetes-int-or-string", true);
            }
            case DATE_TIME -> s.put("format", "date-time").put("type", "string");
            case FREE_OBJECT -> s.put("type", "object");
        }
        if (!d.gvks().isEmpty()) {
            ArrayNode gvks = s.putArray("x-kubernetes-group-version-kind");
            d.gvks().forEach(g -> gvks.add(gvk(g)));
        }
        return s;
    }

    static ObjectNode gvk(Definition.Gvk g) {
        return JSON.objectNode().put("group", g.group()).put("kind", g.kind()).put("version", g.version());
    }

    /** A schema referring to definition {@code name}. */
    ObjectNode ref(String name) {
        return JSON.objectNode().put("$ref", dialect.refPrefix + name);
    }

    private ObjectNode property(Definition.Property p) {
        ObjectNode s;
        boolean annotated = p.description() != null || !p.extensions().isEmpty();
        if (p.shape() instanceof Shape.Ref r && annotated && dialect == Dialect.V3) {
            // OpenAPI 3.0 ignores siblings of $ref; upstream wraps the reference in allOf so a
            // field can carry its own description, and kubectl's templates expect that shape.
            s = JSON.objectNode();
            s.putArray("allOf").add(ref(r.name()));
        } else {
            s = shape(p.shape());
        }
        if (p.description() != null) s.put("description", p.description());
        new TreeMap<>(p.extensions()).forEach((k, v) -> {
            if (v instanceof List<?> l) l.forEach(e -> s.withArray(k).add(e.toString()));
            else s.put(k, v.toString());
        });
        return s;
    }

    private ObjectNode shape(Shape shape) {
        ObjectNode s = JSON.objectNode();
        switch (shape) {
            case Shape.Ref r -> s.put("$ref", dialect.refPrefix + r.name());
            case Shape.Scalar sc -> {
                if (sc.format() != null) s.put("format", sc.format());
                s.put("type", sc.type());
            }
            case Shape.ArrayOf a -> {
                s.set("items", shape(a.items()));
                s.put("type", "array");
            }
            case Shape.MapOf m -> {
                s.set("additionalProperties", shape(m.values()));
                s.put("type", "object");
            }
        }
        return s;
    }

    private static void oneOf(ObjectNode s, String... types) {
        ArrayNode one = s.putArray("oneOf");
        for (String t : types) one.add(JSON.objectNode().put("type", t));
    }

    /** Every definition reachable from {@code roots}, sorted by name. */
    static Map<String, Definition> closure(Map<String, Definition> all, Iterable<String> roots) {
        Map<String, Definition> out = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>();
        roots.forEach(todo::add);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            Definition d = all.get(name);
            if (d == null) throw new IllegalStateException("no definition " + name);
            if (out.putIfAbsent(name, d) != null) continue;
            d.properties().values().forEach(p -> refs(p.shape(), todo));
        }
        return out;
    }

    private static void refs(Shape shape, Deque<String> into) {
        switch (shape) {
            case Shape.Ref r -> into.add(r.name());
            case Shape.ArrayOf a -> refs(a.items(), into);
            case Shape.MapOf m -> refs(m.values(), into);
            case Shape.Scalar s -> { }
        }
    }
}
