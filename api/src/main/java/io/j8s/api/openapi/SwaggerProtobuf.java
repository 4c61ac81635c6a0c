package io.j8s.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import java.util.Map;

/**
 * The Swagger 2.0 document in the protobuf form of gnostic's {@code openapi.v2.Document}
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}). client-go asks
 * {@code /openapi/v2} for nothing else and cannot fall back to JSON, so kubectl releases whose
 * {@code explain} (before 1.29), validation or {@code apply} still read v2 need it.
 *
 * <p>Only the fields the v2 document uses are encoded; field numbers are gnostic's
 * {@code OpenAPIv2.proto}. Vendor extensions travel as YAML text, and JSON is YAML.
 */
final class SwaggerProtobuf {

    private SwaggerProtobuf() {}

    static byte[] encode(String swaggerJson) {
        try {
            return encode(Json.MAPPER.readTree(swaggerJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document", e);
        }
    }

    static byte[] encode(JsonNode doc) {
        ProtoWriter d = new ProtoWriter().string(1, doc.path("swagger").asText());
        d.message(2, new ProtoWriter().string(1, doc.path("info").path("title").asText())
                .string(2, doc.path("info").path("version").asText()));
        ProtoWriter paths = new ProtoWriter();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            paths.message(2, named(p.getKey(), pathItem(p.getValue())));
        }
        d.message(8, paths);
        ProtoWriter definitions = new ProtoWriter();
        for (Map.Entry<String, JsonNode> s : doc.path("definitions").properties()) {
            definitions.message(1, named(s.getKey(), schema(s.getValue())));
        }
        d.message(9, definitions);
        for (JsonNode requirement : doc.path("security")) {
            ProtoWriter r = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : requirement.properties()) {
                ProtoWriter scopes = new ProtoWriter();
                e.getValue().forEach(v -> scopes.string(1, v.asText()));
                r.message(1, named(e.getKey(), scopes));
            }
            d.message(12, r);
        }
        ProtoWriter securityDefinitions = new ProtoWriter();
        for (Map.Entry<String, JsonNode> e : doc.path("securityDefinitions").properties()) {
            JsonNode s = e.getValue();
            ProtoWriter apiKey = new ProtoWriter().string(1, s.path("type").asText()).string(2, s.path("name").asText())
                    .string(3, s.path("in").asText()).string(4, s.path("description").asText());
            securityDefinitions.message(1, named(e.getKey(), new ProtoWriter().message(2, apiKey)));
        }
        d.message(13, securityDefinitions);
        return d.toByteArray();
    }

    /** gnostic's Named* messages: a map entry, name = 1, value = 2. */
    private static ProtoWriter named(String name, ProtoWriter value) {
        return new ProtoWriter().string(1, name).message(2, value);
    }

    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter w = new ProtoWriter();
        Map<String, Integer> methods = Map.of("get", 2, "put", 3, "post", 4, "delete", 5, "patch", 8);
        for (String method : new String[] {"get", "put", "post", "delete", "patch"}) {
            if (item.has(method)) w.message(methods.get(method), operation(item.get(method)));
        }
        item.path("parameters").forEach(p -> w.message(9, parameter(p)));
        return w;
    }

    private static ProtoWriter operation(JsonNode op) {
        ProtoWriter w = new ProtoWriter();
        op.path("tags").forEach(t -> w.string(1, t.asText()));
        w.string(3, op.path("description").asText()).string(5, op.path("operationId").asText());
        op.path("produces").forEach(t -> w.string(6, t.asText()));
        op.path("consumes").forEach(t -> w.string(7, t.asText()));
        op.path("parameters").forEach(p -> w.message(8, parameter(p)));
        ProtoWriter responses = new ProtoWriter();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            ProtoWriter response = new ProtoWriter().string(1, r.getValue().path("description").asText());
            if (r.getValue().has("schema")) response.message(2, new ProtoWriter().message(1, schema(r.getValue().get("schema"))));
            responses.message(1, named(r.getKey(), new ProtoWriter().message(1, response)));
        }
        w.message(9, responses);
        op.path("schemes").forEach(t -> w.string(10, t.asText()));
        extensions(op, w, 13);
        return w;
    }

    /** A ParametersItem holding a Parameter: a BodyParameter, or a query or path NonBodyParameter. */
    private static ProtoWriter parameter(JsonNode p) {
        String in = p.path("in").asText();
        ProtoWriter parameter = new ProtoWriter();
        if (in.equals("body")) {
            parameter.message(1, new ProtoWriter().string(1, p.path("description").asText()).string(2, p.path("name").asText())
                    .string(3, in).bool(4, p.path("required").asBoolean()).message(5, schema(p.path("schema"))));
        } else {
            boolean query = in.equals("query");
            ProtoWriter sub = new ProtoWriter().bool(1, p.path("required").asBoolean()).string(2, in)
                    .string(3, p.path("description").asText()).string(4, p.path("name").asText())
                    .string(query ? 6 : 5, p.path("type").asText()).bool(query ? 20 : 19, p.path("uniqueItems").asBoolean());
            parameter.message(2, new ProtoWriter().message(query ? 3 : 4, sub));
        }
        return new ProtoWriter().message(1, parameter);
    }

    private static ProtoWriter schema(JsonNode s) {
        ProtoWriter w = new ProtoWriter().string(1, s.path("$ref").asText()).string(2, s.path("format").asText())
                .string(4, s.path("description").asText()).bool(16, s.path("uniqueItems").asBoolean());
        s.path("required").forEach(r -> w.string(19, r.asText()));
        JsonNode additional = s.path("additionalProperties");
        if (additional.isObject()) w.message(21, new ProtoWriter().message(1, schema(additional)));
        else if (additional.isBoolean()) w.message(21, new ProtoWriter().bool(2, additional.asBoolean()));
        if (s.has("type")) w.message(22, new ProtoWriter().string(1, s.get("type").asText()));
        if (s.has("items")) w.message(23, new ProtoWriter().message(1, schema(s.get("items"))));
        s.path("allOf").forEach(a -> w.message(24, schema(a)));
        if (s.has("properties")) {
            ProtoWriter properties = new ProtoWriter();
            for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) {
                properties.message(1, named(p.getKey(), schema(p.getValue())));
            }
            w.message(25, properties);
        }
        extensions(s, w, 31);
        return w;
    }

    /** The x-* fields of {@code node} as NamedAny{name, Any{yaml = 2}}. */
    private static void extensions(JsonNode node, ProtoWriter w, int field) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().startsWith("x-")) {
                w.message(field, named(e.getKey(), new ProtoWriter().string(2, Json.write(e.getValue()))));
            }
        }
    }
}
