package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.api.proto.KubeProtobuf;
import io.j8s.api.validation.Validation;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.ObjectRules;
import io.j8s.apiserver.registry.ResourceRest;
import io.j8s.apiserver.registry.Strategy;
import io.j8s.apiserver.watch.WatchCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The REST verbs on resource paths: decoding, negotiation and subresources around {@link ResourceRest}. */
public final class ResourceEndpoint {

    private static final Set<String> SCALABLE = Set.of("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController");

    private final ResourceRegistry registry;
    private final ResourceRest rest;
    private final WatchCache cache;
    private final Hooks hooks;
    private final WatchStream watches;
    private final ObjectRules rules;
    private final PodLogs podLogs;
    private final PodStreams podStreams;

    /**
     * @param kubelets how the server reaches kubelets ({@link PodLogs#kubeletClient})
     * @param podStreams exec and attach, whose upgraded requests {@code remotecommand} serves
     */
    public ResourceEndpoint(ResourceRegistry registry, ResourceRest rest, WatchCache cache, Hooks hooks, WatchStream watches,
                            ObjectRules rules, java.net.http.HttpClient kubelets, PodStreams podStreams) {
        this.rules = rules;
        this.podLogs = new PodLogs(rest, registry, kubelets);
        this.podStreams = podStreams;
        this.registry = registry;
        this.rest = rest;
        this.cache = cache;
        this.hooks = hooks;
        this.watches = watches;
    }

    /** The request's verb, as upstream names it for metrics and authorization. */
    public static String verb(Exchange ex, RequestInfo info) {
        return info.verb(ex.method(), RequestInfo.isWatch(ex.query("watch")));
    }

    public ResourceType resolve(RequestInfo info) {
        ResourceType type = registry.byPath(info.group(), info.version(), info.resource())
                .orElseThrow(StatusException::notFoundPath);
        if (info.namespace() != null && !type.namespaced()) throw StatusException.notFoundPath();
        if (info.subresource() != null && !type.subresources().contains(info.subresource())) throw StatusException.notFoundPath();
        return type;
    }

    public void serve(Exchange ex, RequestInfo info) {
        ResourceType type = resolve(info);
        String ns = type.namespaced() ? info.namespace() : null;
        if (type.namespaced() && ns == null && info.name() != null) throw StatusException.notFoundPath();
        String verb = verb(ex, info);
        if (info.subresource() != null) {
            subresource(ex, type, ns, info, verb);
            return;
        }
        switch (verb) {
            case "get" -> respondObject(ex, type, rest.get(type, ns, info.name()), 200);
            case "list" -> list(ex, type, ns);
            case "watch" -> watches.serve(ex, type, ns, listOptions(ex, type));
            case "create" -> {
                requireNamespace(type, ns);
                ObjectNode body = decode(ex, type, ns);
                respondObject(ex, type, rest.create(type, ns, body, dryRun(ex)), 201);
            }
            case "update" -> respondObject(ex, type, rest.update(type, ns, info.name(), decode(ex, type, ns), null, dryRun(ex)), 200);
            case "patch" -> respondObject(ex, type, patch(ex, type, ns, info.name(), null), 200);
            case "delete" -> respondObject(ex, type, rest.delete(type, ns, info.name(), deleteOptions(ex)), 200);
            case "deletecollection" -> {
                List<ObjectNode> gone = rest.deleteCollection(type, ns, listOptions(ex, type), deleteOptions(ex));
                respondList(ex, type, new ResourceRest.ListResult(gone, Long.toString(cache.revision()), null, null));
            }
            default -> throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    /** A watch on a collection, checked as {@link #serve} checks it, to be sent over a WebSocket. */
    WatchStream.Watch prepareWatch(Exchange ex, RequestInfo info) {
        ResourceType type = resolve(info);
        String ns = type.namespaced() ? info.namespace() : null;
        return watches.prepare(ex, type, ns, listOptions(ex, type));
    }

    private static void requireNamespace(ResourceType type, String ns) {
        if (type.namespaced() && ns == null) throw StatusException.notFoundPath();
    }

    private void list(Exchange ex, ResourceType type, String ns) {
        respondList(ex, type, rest.list(type, ns, listOptions(ex, type)));
    }

    private void subresource(Exchange ex, ResourceType type, String ns, RequestInfo info, String verb) {
        String sub = info.subresource();
        String name = info.name();
        switch (sub + ":" + verb) {
            case "status:get" -> respondObject(ex, type, rest.get(type, ns, name), 200);
            case "status:update" -> respondObject(ex, type, rest.update(type, ns, name, decode(ex, type, ns), "status", dryRun(ex)), 200);
            case "status:patch" -> respondObject(ex, type, patch(ex, type, ns, name, "status"), 200);
            case "scale:get", "scale:update", "scale:patch" -> scale(ex, type, ns, name, verb);
            case "binding:create" -> bind(ex, type, ns, name);
            case "eviction:create" -> {
                ex.body();
                rest.delete(type, ns, name, new ResourceRest.DeleteOptions(null, null, null, null, dryRun(ex)));
                ex.respond(201, success());
            }
            case "finalize:update" -> finalizeNamespace(ex, type, name);
            case "log:get" -> {
                if (!type.kind().equals("Pod")) throw StatusException.notFoundPath();
                podLogs.serve(ex, ns, name);
            }
            case "exec:get", "exec:create", "attach:get", "attach:create" -> {
                if (!type.kind().equals("Pod")) throw StatusException.notFoundPath();
                podStreams.refuseWithoutUpgrade(ex, PodStreams.Kind.of(sub), ns, name);
            }
            default -> throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private void scale(Exchange ex, ResourceType type, String ns, String name, String verb) {
        if (!SCALABLE.contains(type.kind())) throw StatusException.notFoundPath();
        ObjectNode obj = switch (verb) {
            case "get" -> rest.get(type, ns, name);
            case "update" -> {
                ObjectNode s = ex.bodyObject();
                long replicas = s.path("spec").path("replicas").asLong(0);
                yield rest.patch(type, ns, name, cur -> {
                    ((ObjectNode) cur.with("spec")).put("replicas", replicas);
                    return cur;
                }, null, dryRun(ex));
            }
            default -> {
                byte[] patch = ex.body();
                String ct = ex.contentType();
                yield rest.patch(type, ns, name, cur -> {
                    ObjectNode scale = hooks.patcher().apply(ct, type, toScale(type, cur), patch);
                    ((ObjectNode) cur.with("spec")).put("replicas", scale.path("spec").path("replicas").asLong(0));
                    return cur;
                }, null, dryRun(ex));
            }
        };
        ex.respond(200, toScale(type, obj));
    }

    /** The autoscaling/v1 Scale view of a scalable object. */
    static ObjectNode toScale(ResourceType type, ObjectNode obj) {
        ObjectNode s = Json.MAPPER.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (obj.path("metadata").has(f)) meta.set(f, obj.path("metadata").get(f));
        }
        s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asLong(0));
        ObjectNode status = s.putObject("status").put("replicas", obj.path("status").path("replicas").asLong(0));
        // Upstream's LabelSelectorAsSelector(spec.selector).String(): matchLabels and matchExpressions, sorted.
        JsonNode selector = obj.path("spec").path("selector");
        if (selector.isObject() && selector.size() > 0) {
            try {
                String sel = io.j8s.api.selector.LabelSelector.fromMeta(
                        Json.convert(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
                if (!sel.isEmpty()) status.put("selector", sel);
            } catch (io.j8s.api.selector.InvalidSelectorException | IllegalArgumentException e) {
                // validation keeps stored selectors valid; a Scale without one is still a Scale
            }
        }
        return s;
    }

    /** pods/binding: assigns a pod to a node, once, as the scheduler does. */
    private void bind(Exchange ex, ResourceType type, String ns, String name) {
        ObjectNode binding = ex.bodyObject();
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw StatusException.invalid(registry.byKind("v1", "Binding").orElseThrow(), name,
                    List.of(io.j8s.api.FieldError.required("target.name", "")));
        }
        rest.patch(type, ns, name, pod -> {
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw StatusException.conflict(type, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String bound = pod.path("spec").path("nodeName").asText("");
            if (!bound.isEmpty()) {
                throw StatusException.conflict(type, name, "pod " + name + " is already assigned to node \"" + bound + "\"");
            }
            ((ObjectNode) pod.with("spec")).put("nodeName", node);
            ObjectNode status = (ObjectNode) pod.with("status");
            ArrayNode conditions = status.has("conditions") ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
            for (int i = conditions.size() - 1; i >= 0; i--) {
                if ("PodScheduled".equals(conditions.get(i).path("type").asText())) conditions.remove(i);
            }
            conditions.addObject().put("type", "PodScheduled").put("status", "True")
                    .putNull("lastProbeTime").put("lastTransitionTime", Strategy.timestamp(java.time.Instant.now()));
            return pod;
        }, "binding", dryRun(ex));
        ex.respond(201, success());
    }

    /** namespaces/{name}/finalize: the namespace controller's last word; an emptied, deleted namespace goes. */
    private void finalizeNamespace(Exchange ex, ResourceType type, String name) {
        ObjectNode body = ex.bodyObject();
        JsonNode finalizers = body.path("spec").path("finalizers");
        ObjectNode out = rest.patch(type, null, name, ns -> {
            ObjectNode spec = (ObjectNode) ns.with("spec");
            if (finalizers.isArray()) spec.set("finalizers", finalizers);
            else spec.remove("finalizers");
            return ns;
        }, "finalize", false);
        if (out.path("metadata").has("deletionTimestamp") && out.path("spec").path("finalizers").isEmpty()
                && out.path("metadata").path("finalizers").isEmpty()) {
            try {
                out = rest.delete(type, null, name, new ResourceRest.DeleteOptions(0L, null, null, null, false));
            } catch (StatusException e) {
                // The update that emptied the last finalizer already removed it.
                if (e.code() != 404) throw e;
            }
        }
        respondObject(ex, type, out, 200);
    }

    private ObjectNode patch(Exchange ex, ResourceType type, String ns, String name, String subresource) {
        String ct = ex.contentType();
        if (ct.startsWith("application/apply-patch")) {
            throw StatusException.unsupportedMediaType("the server does not support server-side apply yet (" + ct
                    + "); use client-side kubectl apply");
        }
        byte[] patch = ex.body();
        return rest.patch(type, ns, name, cur -> hooks.patcher().apply(ct, type, cur, patch), subresource, dryRun(ex));
    }

    /** Decodes a create/update body, checks it belongs at this URL, and applies {@code fieldValidation}. */
    private ObjectNode decode(Exchange ex, ResourceType type, String ns) {
        ObjectNode body = ex.bodyObject();
        String validation = ex.query("fieldValidation", "Warn");
        if (!Set.of("Strict", "Warn", "Ignore").contains(validation)) {
            throw StatusException.badRequest("fieldValidation: Unsupported value: \"" + validation
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }
        if (!validation.equals("Ignore")) {
            // As upstream's strict decoder: duplicate fields (seen only in the bytes), then unknown ones.
            List<String> problems = new ArrayList<>();
            if (!ex.contentType().startsWith(KubeProtobuf.MEDIA_TYPE)) {
                for (String f : Validation.duplicateFields(ex.body())) problems.add("duplicate field \"" + f + "\"");
            }
            for (String f : rules.unknownFields(type, body)) problems.add("unknown field \"" + f + "\"");
            if (!problems.isEmpty() && validation.equals("Strict")) {
                throw StatusException.badRequest("strict decoding error: " + String.join(", ", problems));
            }
            for (String p : problems) ex.addHeader("Warning", "299 - \"" + p.replace("\"", "\\\"") + "\"");
        }
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (apiVersion.isEmpty()) body.put("apiVersion", type.apiVersion());
        else if (!apiVersion.equals(type.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (kind.isEmpty()) body.put("kind", type.kind());
        else if (!kind.equals(type.kind())) {
            throw StatusException.badRequest("the kind in the data (" + kind + ") does not match the expected kind (" + type.kind() + ")");
        }
        JsonNode meta = body.get("metadata");
        if (meta != null && !meta.isObject()) throw StatusException.badRequest("metadata must be an object");
        String bodyNs = body.path("metadata").path("namespace").asText("");
        if (type.namespaced() && !bodyNs.isEmpty() && ns != null && !bodyNs.equals(ns)) {
            throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        return body;
    }

    ListOptions listOptions(Exchange ex, ResourceType type) {
        String labels = ex.query("labelSelector", "");
        String fields = ex.query("fieldSelector", "");
        Predicate<ObjectNode> filter = hooks.selectors().parse(type, labels, fields);
        long limit = ex.queryLong("limit", 0);
        if (ex.queryLong("timeoutSeconds", 0) < 0) throw StatusException.badRequest("timeoutSeconds must not be negative");
        if (limit < 0) throw StatusException.badRequest("limit must not be negative");
        String rvMatch = ex.query("resourceVersionMatch", "");
        if (!rvMatch.isEmpty() && !rvMatch.equals("NotOlderThan") && !rvMatch.equals("Exact")) {
            throw StatusException.badRequest("resourceVersionMatch: Unsupported value: \"" + rvMatch
                    + "\": supported values: \"Exact\", \"NotOlderThan\"");
        }
        String rv = ex.query("resourceVersion", "");
        if (!rvMatch.isEmpty() && rv.isEmpty()) {
            throw StatusException.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        }
        return new ListOptions(filter, !labels.isEmpty() || !fields.isEmpty(), limit, ex.query("continue", ""), rv, rvMatch);
    }

    private static boolean dryRun(Exchange ex) {
        String d = ex.query("dryRun");
        if (d == null || d.isEmpty()) return false;
        if (!d.equals("All")) throw StatusException.badRequest("dryRun: Unsupported value: \"" + d + "\": supported values: \"All\"");
        return true;
    }

    private static ResourceRest.DeleteOptions deleteOptions(Exchange ex) {
        Long grace = ex.query("gracePeriodSeconds") == null ? null : ex.queryLong("gracePeriodSeconds", 0);
        String propagation = ex.query("propagationPolicy");
        String uid = null;
        String rv = null;
        boolean dry = dryRun(ex);
        byte[] body = ex.body();
        if (body.length > 0) {
            ObjectNode opts;
            try {
                opts = (ObjectNode) Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw StatusException.badRequest("the body of the request could not be decoded as DeleteOptions");
            }
            if (opts.has("gracePeriodSeconds") && !opts.get("gracePeriodSeconds").isNull()) grace = opts.get("gracePeriodSeconds").asLong();
            if (opts.hasNonNull("propagationPolicy")) propagation = opts.get("propagationPolicy").asText();
            if (opts.path("orphanDependents").asBoolean(false)) propagation = "Orphan";
            if (opts.path("preconditions").hasNonNull("uid")) uid = opts.path("preconditions").get("uid").asText();
            if (opts.path("preconditions").hasNonNull("resourceVersion")) rv = opts.path("preconditions").get("resourceVersion").asText();
            if (opts.path("dryRun").isArray() && opts.path("dryRun").size() > 0) dry = true;
        }
        if (propagation != null && !Set.of("Background", "Foreground", "Orphan").contains(propagation)) {
            throw StatusException.badRequest("propagationPolicy: Unsupported value: \"" + propagation
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        if (grace != null && grace < 0) grace = 0L;
        return new ResourceRest.DeleteOptions(grace, propagation, uid, rv, dry);
    }

    // ---- answers ----

    void respondObject(Exchange ex, ResourceType type, ObjectNode obj, int code) {
        Negotiation n = Negotiation.of(ex);
        if (n.table()) {
            ObjectNode table = hooks.tables().table(type, List.of(obj), n.includeObject(), true);
            ((ObjectNode) table.with("metadata")).put("resourceVersion", obj.path("metadata").path("resourceVersion").asText());
            ex.respond(code, table);
        } else if (n.yaml()) {
            ex.respondYaml(code, obj);
        } else {
            ex.respond(code, obj);
        }
    }

    void respondList(Exchange ex, ResourceType type, ResourceRest.ListResult result) {
        Negotiation n = Negotiation.of(ex);
        ObjectNode out;
        if (n.table()) {
            out = hooks.tables().table(type, result.items(), n.includeObject(), true);
        } else {
            out = Json.MAPPER.createObjectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
            out.putObject("metadata");
            ArrayNode items = out.putArray("items");
            for (ObjectNode o : result.items()) {
                ObjectNode item = o.deepCopy();
                item.put("apiVersion", type.apiVersion()).put("kind", type.kind());
                items.add(item);
            }
        }
        ObjectNode meta = (ObjectNode) out.with("metadata");
        meta.put("resourceVersion", result.resourceVersion());
        if (result.continueToken() != null) meta.put("continue", result.continueToken());
        if (result.remainingItemCount() != null) meta.put("remainingItemCount", result.remainingItemCount());
        if (n.yaml() && !n.table()) ex.respondYaml(200, out);
        else ex.respond(200, out);
    }

    private static ObjectNode success() {
        ObjectNode s = Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success").put("code", 201);
        return s;
    }
}
