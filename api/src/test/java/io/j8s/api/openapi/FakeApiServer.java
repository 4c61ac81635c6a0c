package io.j8s.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Just enough of an API server for kubectl on plain HTTP at 127.0.0.1: /version, legacy
 * discovery (/api, /apis, /api[s]/…/v1), the OpenAPI documents under test, and a map of objects
 * by URL path for GET, POST and PATCH. Records every request.
 */
final class FakeApiServer implements AutoCloseable {

    record Request(String method, String path, String query, String contentType, String body) {}

    private final HttpServer server;
    private final List<ResourceType> types;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Stored objects, by their URL path. */
    final Map<String, String> objects = new ConcurrentHashMap<>();

    FakeApiServer(List<ResourceType> types) throws IOException {
        this.types = types;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
            String answer = switch (ex.getRequestMethod()) {
                case "GET" -> get(path);
                case "POST" -> {
                    String stored = Json.write(Json.MAPPER.readTree(body));
                    objects.put(path + "/" + Json.MAPPER.readTree(body).path("metadata").path("name").asText(), stored);
                    yield stored;
                }
                // The patch is recorded; answering with the object unchanged is enough for kubectl.
                case "PATCH" -> objects.get(path);
                default -> null;
            };
            // client-go asks /openapi/v2 for protobuf only; JSON is for everyone else.
            String accept = ex.getRequestHeaders().getFirst("Accept");
            if (path.equals("/openapi/v2") && accept != null && accept.contains(OpenApi.V2_PROTOBUF_ACCEPT)) {
                send(ex, 200, OpenApi.V2_PROTOBUF_CONTENT_TYPE, OpenApi.v2Protobuf());
            } else if (answer == null) {
                send(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                        + "\"message\":\"not found\",\"code\":404}");
            } else {
                send(ex, ex.getRequestMethod().equals("POST") ? 201 : 200, answer);
            }
        }
    }

    private String get(String path) {
        if (path.equals("/version")) {
            return "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"platform\":\"linux/amd64\"}";
        }
        if (path.equals("/api")) return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
        if (path.equals("/apis")) return groups();
        if (path.equals("/openapi/v2")) return OpenApi.v2();
        if (path.equals("/openapi/v3")) return OpenApi.v3Index();
        if (path.startsWith("/openapi/v3/")) return OpenApi.v3(path.substring("/openapi/v3/".length())).orElse(null);
        String resources = resources(path);
        return resources != null ? resources : objects.get(path);
    }

    private String groups() {
        ObjectNode list = Json.MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        types.stream().filter(t -> !t.group().isEmpty()).map(ResourceType::apiVersion).distinct().forEach(gv -> {
            ObjectNode version = Json.MAPPER.createObjectNode().put("groupVersion", gv).put("version", gv.split("/")[1]);
            ObjectNode g = groups.addObject().put("name", gv.split("/")[0]);
            g.putArray("versions").add(version);
            g.set("preferredVersion", version);
        });
        return Json.write(list);
    }

    /** The APIResourceList of a group-version path ("/api/v1", "/apis/apps/v1"), or null. */
    private String resources(String path) {
        Map<String, List<ResourceType>> byPath = types.stream().collect(Collectors.groupingBy(
                t -> t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.apiVersion()));
        List<ResourceType> here = byPath.get(path);
        if (here == null) return null;
        ObjectNode list = Json.MAPPER.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", here.get(0).apiVersion());
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : here) {
            ObjectNode r = resources.addObject().put("name", t.plural()).put("singularName", t.singular())
                    .put("namespaced", t.namespaced()).put("kind", t.kind());
            t.verbs().forEach(r.putArray("verbs")::add);
            if (!t.shortNames().isEmpty()) t.shortNames().forEach(r.putArray("shortNames")::add);
            if (!t.categories().isEmpty()) t.categories().forEach(r.putArray("categories")::add);
        }
        return Json.write(list);
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        send(ex, code, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
