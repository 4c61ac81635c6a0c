package io.j8s.api.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The REST operations of one resource as upstream's OpenAPI lists them: a path item per URL
 * (collection, object, same-kind subresources), each operation with its
 * {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}. kubectl finds a
 * resource's schema through the GVK of these operations ({@code kubectl explain}), and decides
 * whether the server validates fields itself by the {@code fieldValidation} parameter of PATCH.
 */
final class Operations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Subresources whose body is the resource's own kind (the rest — scale, log, exec … — are not described). */
    private static final Set<String> SAME_KIND_SUBRESOURCES = Set.of("status", "approval", "finalize", "ephemeralcontainers");

    /** The patch types the API server accepts, as request content types. */
    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");

    private static final List<String> RESPONSE_TYPES = List.of("application/json", "application/yaml");

    private record Param(String name, String in, String type, String description) {}

    private static final Param NAMESPACE = new Param("namespace", "path", "string",
            "object name and auth scope, such as for teams and projects");
    private static final Param PRETTY = new Param("pretty", "query", "string", "If 'true', the output is pretty printed.");
    private static final List<Param> LIST = List.of(
            new Param("allowWatchBookmarks", "query", "boolean", "Request BOOKMARK watch events; the server may ignore it."),
            new Param("continue", "query", "string", "The continue token of the previous page of a paginated list."),
            new Param("fieldSelector", "query", "string", "Restrict the returned objects by their fields. Defaults to everything."),
            new Param("labelSelector", "query", "string", "Restrict the returned objects by their labels. Defaults to everything."),
            new Param("limit", "query", "integer", "The most objects to return; the rest is reached through the continue token."),
            new Param("resourceVersion", "query", "string", "Which resource version the list or watch is served at."),
            new Param("resourceVersionMatch", "query", "string", "How resourceVersion applies to a list: Exact or NotOlderThan."),
            new Param("sendInitialEvents", "query", "boolean", "Start a watch with synthetic ADDED events for the current state."),
            new Param("timeoutSeconds", "query", "integer", "Timeout for the list or watch call."),
            new Param("watch", "query", "boolean", "Watch for changes to the described resources instead of listing them."));
    private static final Param DRY_RUN = new Param("dryRun", "query", "string",
            "When present (All), the request is processed but nothing is persisted.");
    private static final Param FIELD_MANAGER = new Param("fieldManager", "query", "string",
            "The name of the actor making these changes, recorded in managedFields.");
    private static final Param FIELD_VALIDATION = new Param("fieldValidation", "query", "string",
            "How the server treats unknown or duplicate fields in the body: Ignore drops them silently; Warn drops them"
                    + " with a warning header for each (the default); Strict fails the request with BadRequest.");
    private static final Param FORCE = new Param("force", "query", "boolean",
            "Force an apply request: take ownership of fields other managers own. Must be unset for other patches.");
    private static final List<Param> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    private static final List<Param> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    private static final List<Param> DELETE = List.of(DRY_RUN,
            new Param("gracePeriodSeconds", "query", "integer", "Seconds before the object is deleted; 0 deletes it now."),
            new Param("ignoreStoreReadErrorWithClusterBreakingPotential", "query", "boolean",
                    "Delete an object that can no longer be read from storage. Dangerous."),
            new Param("orphanDependents", "query", "boolean", "Deprecated: use propagationPolicy."),
            new Param("propagationPolicy", "query", "string", "Whether and how dependents are garbage collected:"
                    + " Orphan, Background or Foreground."));

    private final Dialect dialect;
    private final SchemaWriter schemas;

    Operations(Dialect dialect) {
        this.dialect = dialect;
        this.schemas = new SchemaWriter(dialect);
    }

    /** Adds {@code t}'s path items to {@code paths}, keyed by URL path. */
    void addPaths(ObjectNode paths, ResourceType t, String kindDef, String listDef) {
        String prefix = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
        String scoped = t.namespaced() ? prefix + "/namespaces/{namespace}/" + t.plural() : prefix + "/" + t.plural();
        List<String> verbs = t.verbs();
        Op op = new Op(t);

        if (t.namespaced() && verbs.contains("list")) {
            ObjectNode all = pathItem(List.of(PRETTY));
            all.set("get", op.build("listAll", "", LIST, null, Map.of("200", listDef)));
            paths.set(prefix + "/" + t.plural(), all);
        }
        ObjectNode collection = pathItem(t.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY));
        if (verbs.contains("list")) collection.set("get", op.build("list", "", LIST, null, Map.of("200", listDef)));
        if (verbs.contains("create")) {
            collection.set("post", op.build("post", "", WRITE, body(kindDef),
                    Map.of("200", kindDef, "201", kindDef, "202", kindDef)));
        }
        if (verbs.contains("deletecollection")) {
            List<Param> params = new ArrayList<>(DELETE);
            params.addAll(LIST);
            collection.set("delete", op.build("deletecollection", "", params,
                    body(UpstreamNames.META + "DeleteOptions"), Map.of("200", UpstreamNames.META + "Status")));
        }
        if (collection.size() > 1) paths.set(scoped, collection);

        Param name = new Param("name", "path", "string", "name of the " + t.kind());
        ObjectNode item = pathItem(t.namespaced() ? List.of(name, NAMESPACE, PRETTY) : List.of(name, PRETTY));
        if (verbs.contains("get")) item.set("get", op.build("get", "", List.of(), null, Map.of("200", kindDef)));
        if (verbs.contains("update")) {
            item.set("put", op.build("put", "", WRITE, body(kindDef), Map.of("200", kindDef, "201", kindDef)));
        }
        if (verbs.contains("patch")) {
            item.set("patch", op.build("patch", "", PATCH, patchBody(), Map.of("200", kindDef, "201", kindDef)));
        }
        if (verbs.contains("delete")) {
            item.set("delete", op.build("delete", "", DELETE, body(UpstreamNames.META + "DeleteOptions"),
                    Map.of("200", UpstreamNames.META + "Status", "202", UpstreamNames.META + "Status")));
        }
        if (item.size() > 1) paths.set(scoped + "/{name}", item);

        for (String sub : t.subresources().stream().filter(SAME_KIND_SUBRESOURCES::contains).sorted().toList()) {
            String suffix = Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
            ObjectNode s = pathItem(t.namespaced() ? List.of(name, NAMESPACE, PRETTY) : List.of(name, PRETTY));
            // Namespace finalize is write-only upstream; the others read, replace and patch.
            if (!sub.equals("finalize") && verbs.contains("get")) {
                s.set("get", op.build("get", suffix, List.of(), null, Map.of("200", kindDef)));
            }
            if (verbs.contains("update")) {
                s.set("put", op.build("put", suffix, WRITE, body(kindDef), Map.of("200", kindDef, "201", kindDef)));
            }
            if (!sub.equals("finalize") && verbs.contains("patch")) {
                s.set("patch", op.build("patch", suffix, PATCH, patchBody(), Map.of("200", kindDef, "201", kindDef)));
            }
            if (s.size() > 1) paths.set(scoped + "/{name}/" + sub, s);
        }
    }

    /** The request body of an operation: its content types and schema. */
    private record Body(List<String> contentTypes, String definition) {}

    private static Body body(String definition) {
        return new Body(List.of("*/*"), definition);
    }

    private static Body patchBody() {
        return new Body(PATCH_TYPES, UpstreamNames.PATCH);
    }

    private ObjectNode pathItem(List<Param> params) {
        ObjectNode item = JSON.objectNode();
        params.forEach(p -> item.withArray("parameters").add(param(p, p.in().equals("path"))));
        return item;
    }

    private ObjectNode param(Param p, boolean required) {
        ObjectNode n = JSON.objectNode().put("description", p.description()).put("in", p.in()).put("name", p.name());
        if (required) n.put("required", true);
        if (dialect == Dialect.V3) {
            n.putObject("schema").put("type", p.type()).put("uniqueItems", true);
        } else {
            n.put("type", p.type()).put("uniqueItems", true);
        }
        return n;
    }

    /** Builds the operations of one resource; knows its names and GVK. */
    private final class Op {
        private final ResourceType t;
        private final String idPart;
        private final String tag;

        Op(ResourceType t) {
            this.t = t;
            // Upstream's operation IDs: verb + group in camel case (core for "") + version + kind.
            String group = t.group().isEmpty() ? "core" : camel(t.group().replace(".k8s.io", ""));
            this.idPart = Character.toUpperCase(group.charAt(0)) + group.substring(1)
                    + Character.toUpperCase(t.version().charAt(0)) + t.version().substring(1);
            this.tag = group + "_" + t.version();
        }

        /**
         * @param action upstream's x-kubernetes-action, or "listAll" for the list across
         *     namespaces (action "list")
         * @param subresource "" or the subresource's name in camel case ("Status")
         */
        ObjectNode build(String action, String subresource, List<Param> params, Body body, Map<String, String> responses) {
            boolean namespaced = t.namespaced() && !action.equals("listAll");
            String scope = namespaced ? "Namespaced" : "";
            String sub = subresource.isEmpty() ? "" : subresource.toLowerCase() + " of ";
            String id;
            String description;
            switch (action) {
                case "list", "listAll" -> {
                    id = "list" + idPart + scope + t.kind() + (namespaced ? "" : t.namespaced() ? "ForAllNamespaces" : "");
                    description = "list or watch objects of kind " + t.kind();
                }
                case "post" -> {
                    id = "create" + idPart + scope + t.kind();
                    description = "create a " + t.kind();
                }
                case "deletecollection" -> {
                    id = "delete" + idPart + "Collection" + scope + t.kind();
                    description = "delete collection of " + t.kind();
                }
                case "get" -> {
                    id = "read" + idPart + scope + t.kind() + subresource;
                    description = "read " + sub + "the specified " + t.kind();
                }
                case "put" -> {
                    id = "replace" + idPart + scope + t.kind() + subresource;
                    description = "replace " + sub + "the specified " + t.kind();
                }
                case "patch" -> {
                    id = "patch" + idPart + scope + t.kind() + subresource;
                    description = "partially update " + sub + "the specified " + t.kind();
                }
                case "delete" -> {
                    id = "delete" + idPart + scope + t.kind();
                    description = "delete a " + t.kind();
                }
                default -> throw new IllegalArgumentException(action);
            }
            ObjectNode o = JSON.objectNode();
            o.put("description", description);
            o.put("operationId", id);
            if (!params.isEmpty()) params.forEach(p -> o.withArray("parameters").add(param(p, false)));
            if (body != null) writeBody(o, body);
            ObjectNode rs = o.putObject("responses");
            new TreeMap<>(responses).forEach((code, def) -> rs.set(code, response(code, def)));
            rs.putObject("401").put("description", "Unauthorized");
            if (dialect == Dialect.V2) {
                RESPONSE_TYPES.forEach(o.withArray("produces")::add);
                o.putArray("schemes").add("https");
            }
            o.putArray("tags").add(tag);
            o.put("x-kubernetes-action", action.equals("listAll") ? "list" : action);
            o.set("x-kubernetes-group-version-kind", SchemaWriter.gvk(new Definition.Gvk(t.group(), t.version(), t.kind())));
            return o;
        }
    }

    private void writeBody(ObjectNode o, Body body) {
        if (dialect == Dialect.V3) {
            ObjectNode rb = o.putObject("requestBody");
            ObjectNode content = rb.putObject("content");
            body.contentTypes().forEach(ct -> content.putObject(ct).set("schema", schemas.ref(body.definition())));
            rb.put("required", true);
        } else {
            body.contentTypes().forEach(o.withArray("consumes")::add);
            ObjectNode p = JSON.objectNode().put("in", "body").put("name", "body").put("required", true);
            p.set("schema", schemas.ref(body.definition()));
            o.withArray("parameters").add(p);
        }
    }

    private ObjectNode response(String code, String definition) {
        ObjectNode r = JSON.objectNode();
        if (dialect == Dialect.V3) {
            ObjectNode content = r.putObject("content");
            RESPONSE_TYPES.forEach(ct -> content.putObject(ct).set("schema", schemas.ref(definition)));
        } else {
            r.set("schema", schemas.ref(definition));
        }
        r.put("description", switch (code) {
            case "201" -> "Created";
            case "202" -> "Accepted";
            default -> "OK";
        });
        return r;
    }

    /** "rbac.authorization" → "rbacAuthorization", as upstream spells groups in IDs and tags. */
    private static String camel(String group) {
        StringBuilder b = new StringBuilder();
        for (String part : group.split("\\.")) {
            b.append(b.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }
}
