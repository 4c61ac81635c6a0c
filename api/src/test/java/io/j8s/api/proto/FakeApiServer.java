package io.j8s.api.proto;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.j8s.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Just enough of an API server for kubectl to send its writes to: legacy discovery, /version, a
 * 404 for OpenAPI (kubectl runs with {@code --validate=false}), and every write recorded. Writes
 * are answered with {@link #replyWith(byte[]) a canned protobuf object} when one is set (kubectl
 * then prints Go's JSON of it) and otherwise with a JSON object naming the kind.
 */
final class FakeApiServer implements AutoCloseable {

    /** A write kubectl sent. */
    record Write(String method, String path, String contentType, byte[] body) {}

    /** A subresource as discovery lists it: {@code serviceaccounts/token} is a TokenRequest. */
    private record Subresource(String name, String group, String version, String kind) {}

    private record Resource(String plural, String kind, boolean namespaced, List<Subresource> subresources) {
        Resource(String plural, String kind, boolean namespaced) {
            this(plural, kind, namespaced, List.of());
        }
    }

    private static final Map<String, List<Resource>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("v1", List.of(
                new Resource("configmaps", "ConfigMap", true),
                new Resource("secrets", "Secret", true),
                new Resource("namespaces", "Namespace", false),
                new Resource("services", "Service", true),
                new Resource("serviceaccounts", "ServiceAccount", true,
                        List.of(new Subresource("token", "authentication.k8s.io", "v1", "TokenRequest"))),
                new Resource("pods", "Pod", true),
                new Resource("resourcequotas", "ResourceQuota", true)));
        RESOURCES.put("apps/v1", List.of(new Resource("deployments", "Deployment", true,
                List.of(new Subresource("scale", "autoscaling", "v1", "Scale")))));
        // only v1: kubectl 1.33 would send an autoscaling/v2 body, which has no descriptor here
        RESOURCES.put("autoscaling/v1", List.of(new Resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)));
        RESOURCES.put("batch/v1", List.of(
                new Resource("jobs", "Job", true),
                new Resource("cronjobs", "CronJob", true)));
        RESOURCES.put("rbac.authorization.k8s.io/v1", List.of(
                new Resource("roles", "Role", true),
                new Resource("rolebindings", "RoleBinding", true),
                new Resource("clusterroles", "ClusterRole", false),
                new Resource("clusterrolebindings", "ClusterRoleBinding", false)));
        RESOURCES.put("scheduling.k8s.io/v1", List.of(new Resource("priorityclasses", "PriorityClass", false)));
        RESOURCES.put("policy/v1", List.of(new Resource("poddisruptionbudgets", "PodDisruptionBudget", true)));
        RESOURCES.put("networking.k8s.io/v1", List.of(new Resource("ingresses", "Ingress", true)));
    }

    private final HttpServer http;
    private final List<Write> writes = new ArrayList<>();
    private volatile byte[] reply;

    private FakeApiServer(HttpServer http) {
        this.http = http;
    }

    static FakeApiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // kubectl fetches discovery in parallel; one thread would make it time out
            http.setExecutor(Executors.newFixedThreadPool(8));
            FakeApiServer s = new FakeApiServer(http);
            http.createContext("/", s::handle);
            http.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Answer writes with this Kubernetes protobuf body (the envelope included); null for JSON. */
    void replyWith(byte[] protobuf) {
        reply = protobuf;
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized void clear() {
        writes.clear();
    }

    @Override
    public void close() {
        http.stop(0);
        ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("GET")) {
                get(ex, path);
                return;
            }
            synchronized (this) {
                writes.add(new Write(ex.getRequestMethod(), ex.getRequestURI().toString(),
                        String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")), body));
            }
            byte[] canned = reply;
            if (canned != null && ex.getRequestMethod().equals("POST")) {
                send(ex, 201, KubeProtobuf.MEDIA_TYPE, canned);
            } else if (path.endsWith("/token")) {
                // kubectl create token prints status.token and fails without one
                ObjectNode token = Json.MAPPER.createObjectNode().put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
                token.putObject("status").put("token", "t").put("expirationTimestamp", "2030-01-01T00:00:00Z");
                json(ex, 201, token);
            } else if (ex.getRequestMethod().equals("DELETE")) {
                json(ex, 200, Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Success"));
            } else {
                json(ex, 201, echo(path, body));
            }
        }
    }

    /** The object written, as JSON: kubectl prints its kind and name. */
    private static ObjectNode echo(String path, byte[] body) {
        try {
            if (KubeProtobuf.hasMagic(body)) return KubeProtobuf.decode(body);
            if (Json.MAPPER.readTree(body) instanceof ObjectNode o) return o;
        } catch (IOException | RuntimeException e) {
            // an echo is a courtesy; the recorded body is what the tests look at
        }
        return objectAt(path);
    }

    private void get(HttpExchange ex, String path) throws IOException {
        if (path.equals("/version")) {
            json(ex, 200, Json.MAPPER.createObjectNode().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0"));
        } else if (path.equals("/api")) {
            ObjectNode o = Json.MAPPER.createObjectNode().put("kind", "APIVersions");
            o.putArray("versions").add("v1");
            o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
            json(ex, 200, o);
        } else if (path.equals("/apis")) {
            json(ex, 200, groupList());
        } else if (path.equals("/api/v1")) {
            json(ex, 200, resourceList("v1"));
        } else if (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3
                && RESOURCES.containsKey(path.substring("/apis/".length()))) {
            json(ex, 200, resourceList(path.substring("/apis/".length())));
        } else if (objectAt(path).has("kind") && !path.startsWith("/openapi")) {
            json(ex, 200, objectAt(path));
        } else {
            json(ex, 404, Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                    .put("status", "Failure").put("reason", "NotFound").put("code", 404));
        }
    }

    private static ObjectNode groupList() {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String gv : RESOURCES.keySet()) {
            if (!gv.contains("/")) continue;
            String[] p = gv.split("/");
            ObjectNode g = groups.addObject().put("name", p[0]);
            g.putArray("versions").addObject().put("groupVersion", gv).put("version", p[1]);
            g.putObject("preferredVersion").put("groupVersion", gv).put("version", p[1]);
        }
        return o;
    }

    private static ObjectNode resourceList(String gv) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
        ArrayNode rs = o.putArray("resources");
        for (Resource r : RESOURCES.get(gv)) {
            ObjectNode n = rs.addObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            ArrayNode verbs = n.putArray("verbs");
            for (String v : List.of("create", "delete", "get", "list", "patch", "update", "watch")) verbs.add(v);
            for (Subresource sub : r.subresources()) {
                rs.addObject().put("name", r.plural() + "/" + sub.name()).put("namespaced", r.namespaced()).put("kind", sub.kind())
                        .put("group", sub.group()).put("version", sub.version()).putArray("verbs").add("create").add("get");
            }
        }
        return o;
    }

    /** A minimal object for the resource a path names ({@code …/configmaps/c}), or an empty node. */
    private static ObjectNode objectAt(String path) {
        String[] p = path.split("/");
        for (int i = p.length - 1; i > 0; i--) {
            for (Map.Entry<String, List<Resource>> e : RESOURCES.entrySet()) {
                for (Resource r : e.getValue()) {
                    if (!p[i].equals(r.plural())) continue;
                    ObjectNode o = Json.MAPPER.createObjectNode().put("kind", r.kind()).put("apiVersion", e.getKey());
                    ObjectNode m = o.putObject("metadata").put("name", i + 1 < p.length ? p[i + 1] : "created")
                            .put("uid", "00000000-0000-0000-0000-000000000001");
                    if (r.namespaced()) m.put("namespace", "default");
                    if (r.kind().equals("Deployment")) deploymentSpec(o.putObject("spec"), m.get("name").asText());
                    if (r.kind().equals("CronJob")) cronJobSpec(o.putObject("spec"));
                    return o;
                }
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** What {@code kubectl expose deployment} reads: the selector and the container ports. */
    private static void deploymentSpec(ObjectNode spec, String name) {
        spec.put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.putObject("spec").putArray("containers").addObject().put("name", name).put("image", "busybox")
                .putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
    }

    /** What {@code kubectl create job --from=cronjob/…} copies: the job template. */
    private static void cronJobSpec(ObjectNode spec) {
        spec.put("schedule", "*/5 * * * *");
        ObjectNode job = spec.putObject("jobTemplate").putObject("spec").put("backoffLimit", 2);
        ObjectNode pod = job.putObject("template").putObject("spec").put("restartPolicy", "Never");
        pod.putArray("containers").addObject().put("name", "c").put("image", "busybox").putArray("command").add("date");
    }

    private static void json(HttpExchange ex, int code, ObjectNode body) throws IOException {
        send(ex, code, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }
}
