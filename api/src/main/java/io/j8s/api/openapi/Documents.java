package io.j8s.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The OpenAPI documents of a set of resources, built once: the Swagger 2.0 document, one OpenAPI
 * 3.0 document per group-version, and their hashes. Immutable.
 */
final class Documents {

    /** The Kubernetes release whose API j8s serves; upstream puts its version in {@code info}. */
    static final String KUBERNETES_VERSION = "v1.32.0";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String v2;
    private final String v2Hash;
    /** By index path: "api/v1", "apis/apps/v1". */
    private final SortedMap<String, String> v3 = new TreeMap<>();
    private final Map<String, String> v3Hash = new TreeMap<>();

    private Documents(String v2, Map<String, String> v3) {
        this.v2 = v2;
        this.v2Hash = hash(v2);
        this.v3.putAll(v3);
        v3.forEach((path, doc) -> v3Hash.put(path, hash(doc)));
    }

    /** A served resource with the names of its kind's and its list's definitions (list may be null). */
    private record Served(ResourceType type, String kind, String list) {
        List<String> definitions() {
            return list == null ? List.of(kind) : List.of(kind, list);
        }
    }

    static Documents build(List<ResourceType> types) {
        ModelReader reader = new ModelReader(Descriptions.load());
        List<Served> served = new ArrayList<>();
        Map<String, List<Served>> byGroupVersion = new LinkedHashMap<>();
        String status = reader.read(Status.class);
        String deleteOptions = reader.read(DeleteOptions.class);
        reader.addGvk(status, new Definition.Gvk("", "v1", "Status"));
        for (ResourceType t : types) {
            String kind = reader.read(t.type());
            reader.addGvk(kind, new Definition.Gvk(t.group(), t.version(), t.kind()));
            String list = listClass(t).map(c -> {
                String name = reader.read(c);
                reader.addGvk(name, new Definition.Gvk(t.group(), t.version(), t.kind() + "List"));
                return name;
            }).orElse(null);
            Served s = new Served(t, kind, list);
            served.add(s);
            if (byGroupVersion.computeIfAbsent(indexPath(t), k -> new ArrayList<>()).isEmpty()) {
                // Every group-version accepts DeleteOptions, and upstream says so in its GVKs.
                reader.addGvk(deleteOptions, new Definition.Gvk(t.group(), t.version(), "DeleteOptions"));
            }
            byGroupVersion.get(indexPath(t)).add(s);
        }
        List<String> common = List.of(status, deleteOptions, UpstreamNames.PATCH);

        Map<String, String> v3 = new LinkedHashMap<>();
        Operations v3Ops = new Operations(Dialect.V3);
        byGroupVersion.forEach((path, gvServed) -> {
            ObjectNode paths = JSON.objectNode();
            List<String> roots = new ArrayList<>(common);
            for (Served s : gvServed) {
                v3Ops.addPaths(paths, s.type(), s.kind(), s.list());
                roots.addAll(s.definitions());
            }
            v3.put(path, Json.write(v3Document(paths, SchemaWriter.closure(reader.definitions(), roots))));
        });

        ObjectNode v2Paths = JSON.objectNode();
        Operations v2Ops = new Operations(Dialect.V2);
        List<String> roots = new ArrayList<>(common);
        for (Served s : served) {
            v2Ops.addPaths(v2Paths, s.type(), s.kind(), s.list());
            roots.addAll(s.definitions());
        }
        String v2 = Json.write(v2Document(v2Paths, SchemaWriter.closure(reader.definitions(), roots)));
        return new Documents(v2, v3);
    }

    String v2() {
        return v2;
    }

    String v2Hash() {
        return v2Hash;
    }

    Optional<String> v3(String indexPath) {
        return Optional.ofNullable(v3.get(indexPath));
    }

    Optional<String> v3Hash(String indexPath) {
        return Optional.ofNullable(v3Hash.get(indexPath));
    }

    /** The {@code /openapi/v3} discovery document: where each group-version's document is, by hash. */
    String v3Index(Function<String, String> hashFor) {
        ObjectNode index = JSON.objectNode();
        ObjectNode paths = index.putObject("paths");
        // The hash in the URL lets clients cache a document for as long as its hash is listed.
        v3.keySet().forEach(p -> paths.putObject(p).put("serverRelativeURL", "/openapi/v3/" + p + "?hash=" + hashFor.apply(p)));
        return Json.write(index);
    }

    /** "api/v1" for the core group, "apis/apps/v1" otherwise: the path under /openapi/v3. */
    static String indexPath(ResourceType t) {
        return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
    }

    private static Optional<Class<?>> listClass(ResourceType t) {
        if (!t.verbs().contains("list")) return Optional.empty();
        try {
            return Optional.of(Class.forName(t.type().getName() + "List", false, t.type().getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode info() {
        return JSON.objectNode().put("title", "Kubernetes").put("version", KUBERNETES_VERSION);
    }

    private static ObjectNode v3Document(ObjectNode paths, Map<String, Definition> definitions) {
        SchemaWriter writer = new SchemaWriter(Dialect.V3);
        ObjectNode doc = JSON.objectNode();
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        definitions.forEach((name, d) -> schemas.set(name, writer.definition(d)));
        components.putObject("securitySchemes").putObject("BearerToken")
                .put("description", "Bearer Token authentication").put("in", "header").put("name", "authorization")
                .put("type", "apiKey");
        doc.set("info", info());
        doc.put("openapi", "3.0.0");
        doc.set("paths", sorted(paths));
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private static ObjectNode v2Document(ObjectNode paths, Map<String, Definition> definitions) {
        SchemaWriter writer = new SchemaWriter(Dialect.V2);
        ObjectNode doc = JSON.objectNode();
        ObjectNode defs = doc.putObject("definitions");
        definitions.forEach((name, d) -> defs.set(name, writer.definition(d)));
        doc.set("info", info());
        doc.set("paths", sorted(paths));
        doc.putArray("security").addObject().putArray("BearerToken");
        doc.putObject("securityDefinitions").putObject("BearerToken")
                .put("description", "Bearer Token authentication").put("in", "header").put("name", "authorization")
                .put("type", "apiKey");
        doc.put("swagger", "2.0");
        return doc;
    }

    /** {@code node}'s fields sorted by name, as upstream's documents are. */
    private static ObjectNode sorted(ObjectNode node) {
        SortedMap<String, JsonNode> fields = new TreeMap<>();
        node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        ObjectNode out = JSON.objectNode();
        fields.forEach(out::set);
        return out;
    }

    /** Upstream's ETag: the SHA-512 of the document, in upper-case hex. */
    static String hash(String document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(document.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
