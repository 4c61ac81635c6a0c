package io.j8s.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The discovery documents, built once from the registry: the legacy ones ({@code /api},
 * {@code /apis}, {@code /api/v1}, {@code /apis/{g}}, {@code /apis/{g}/{v}}) and aggregated
 * discovery ({@code apidiscovery.k8s.io} v2 and v2beta1), which lets kubectl 1.30+ learn
 * everything in two requests.
 */
public final class Discovery {

    /** A subresource as discovery shows it: the kind it answers with, and its verbs. */
    record Sub(String group, String version, String kind, List<String> verbs) {}

    private final ResourceRegistry registry;
    private final String serverAddress;

    public Discovery(ResourceRegistry registry, String serverAddress) {
        this.registry = registry;
        this.serverAddress = serverAddress;
    }

    public ObjectNode apiVersions() {
        ObjectNode n = Json.MAPPER.createObjectNode().put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return n;
    }

    public ObjectNode apiGroupList() {
        ObjectNode n = Json.MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (String g : groups()) groups.add(apiGroup(g));
        return n;
    }

    /** The named group, or null if it is not served. */
    public ObjectNode apiGroup(String group) {
        List<String> versions = versions(group);
        if (group.isEmpty() || versions.isEmpty()) return null;
        ObjectNode n = Json.MAPPER.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", group);
        ArrayNode vs = n.putArray("versions");
        for (String v : versions) vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
        n.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
        return n;
    }

    /** The resources of one group-version, or null if it is not served. */
    public ObjectNode apiResourceList(String group, String version) {
        List<ResourceType> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) return null;
        String gv = group.isEmpty() ? version : group + "/" + version;
        ObjectNode n = Json.MAPPER.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
        ArrayNode rs = n.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = rs.addObject().put("name", t.plural()).put("singularName", t.singular())
                    .put("namespaced", t.namespaced()).put("kind", t.kind());
            strings(r.putArray("verbs"), t.verbs());
            if (!t.shortNames().isEmpty()) strings(r.putArray("shortNames"), t.shortNames());
            if (!t.categories().isEmpty()) strings(r.putArray("categories"), t.categories());
            for (String sub : new TreeSet<>(t.subresources())) {
                Sub s = sub(t, sub);
                ObjectNode sr = rs.addObject().put("name", t.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", t.namespaced());
                if (!s.group().equals(t.group()) || !s.version().equals(t.version())) {
                    sr.put("group", s.group()).put("version", s.version());
                }
                sr.put("kind", s.kind());
                strings(sr.putArray("verbs"), s.verbs());
            }
        }
        return n;
    }

    /**
     * Aggregated discovery: {@code legacy} for {@code /api} (the core group), else {@code /apis}.
     *
     * @param apiVersion "apidiscovery.k8s.io/v2" or "apidiscovery.k8s.io/v2beta1"
     */
    public ObjectNode aggregated(boolean legacy, String apiVersion) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("kind", "APIGroupDiscoveryList").put("apiVersion", apiVersion);
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        List<String> groups = legacy ? List.of("") : groups();
        for (String g : groups) {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!g.isEmpty()) meta.put("name", g);
            ArrayNode versions = item.putArray("versions");
            for (String v : versions(g)) {
                ObjectNode ver = versions.addObject().put("version", v);
                ArrayNode resources = ver.putArray("resources");
                for (ResourceType t : registry.inGroupVersion(g, v)) {
                    ObjectNode r = resources.addObject().put("resource", t.plural());
                    kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster").put("singularResource", t.singular());
                    strings(r.putArray("verbs"), t.verbs());
                    if (!t.shortNames().isEmpty()) strings(r.putArray("shortNames"), t.shortNames());
                    if (!t.categories().isEmpty()) strings(r.putArray("categories"), t.categories());
                    if (!t.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String sub : new TreeSet<>(t.subresources())) {
                            Sub s = sub(t, sub);
                            ObjectNode sr = subs.addObject().put("subresource", sub);
                            kind(sr.putObject("responseKind"), s.group(), s.version(), s.kind());
                            strings(sr.putArray("verbs"), s.verbs());
                        }
                    }
                }
                ver.put("freshness", "Current");
            }
        }
        return n;
    }

    private static void kind(ObjectNode n, String group, String version, String kind) {
        n.put("group", group).put("version", version).put("kind", kind);
    }

    /** Groups other than core, in the registry's order. */
    private List<String> groups() {
        List<String> gs = new ArrayList<>();
        for (ResourceType t : registry.all()) {
            if (!t.group().isEmpty() && !gs.contains(t.group())) gs.add(t.group());
        }
        return gs;
    }

    private List<String> versions(String group) {
        List<String> vs = new ArrayList<>();
        for (ResourceType t : registry.all()) {
            if (t.group().equals(group) && !vs.contains(t.version())) vs.add(t.version());
        }
        return vs;
    }

    /** What each subresource answers with, as upstream's discovery lists it. */
    static Sub sub(ResourceType t, String sub) {
        List<String> gpu = List.of("get", "patch", "update");
        return switch (sub) {
            case "status", "ephemeralcontainers", "approval" -> new Sub(t.group(), t.version(), t.kind(), gpu);
            case "scale" -> new Sub("autoscaling", "v1", "Scale", gpu);
            case "log" -> new Sub(t.group(), t.version(), t.kind(), List.of("get"));
            case "exec" -> new Sub(t.group(), t.version(), "PodExecOptions", List.of("create", "get"));
            case "attach" -> new Sub(t.group(), t.version(), "PodAttachOptions", List.of("create", "get"));
            case "portforward" -> new Sub(t.group(), t.version(), "PodPortForwardOptions", List.of("create", "get"));
            case "proxy" -> new Sub(t.group(), t.version(), t.kind() + "ProxyOptions",
                    List.of("create", "delete", "get", "head", "options", "patch", "put"));
            case "binding" -> new Sub(t.group(), t.version(), "Binding", List.of("create"));
            case "eviction" -> new Sub("policy", "v1", "Eviction", List.of("create"));
            case "finalize" -> new Sub(t.group(), t.version(), t.kind(), List.of("update"));
            case "token" -> new Sub("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            default -> new Sub(t.group(), t.version(), t.kind(), List.of("get"));
        };
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
