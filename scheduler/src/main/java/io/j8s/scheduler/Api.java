package io.j8s.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The few writes the scheduler makes that fabric8's typed DSL has no verb for (pods/binding) or
 * that should not hold a thread while in flight: asynchronous JSON requests over the client's own
 * HTTP client, so they carry its credentials and TLS settings.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A finished request: its HTTP code and, on failure, the Status message the server gave. */
    record Response(int code, String message) {
        boolean ok() {
            return code >= 200 && code < 300;
        }

        boolean notFound() {
            return code == 404;
        }
    }

    private final HttpClient http;
    private final String base;

    Api(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(name);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    CompletableFuture<Response> post(String path, Object body) {
        return send(http.newHttpRequestBuilder().uri(base + path).post("application/json", bytes(body)).build());
    }

    CompletableFuture<Response> patch(String path, String contentType, Object body) {
        return send(http.newHttpRequestBuilder().uri(base + path).method("PATCH", contentType, new String(bytes(body), StandardCharsets.UTF_8)).build());
    }

    CompletableFuture<Response> delete(String path, Object body) {
        return send(http.newHttpRequestBuilder().uri(base + path).method("DELETE", "application/json",
                new String(bytes(body), StandardCharsets.UTF_8)).build());
    }

    private CompletableFuture<Response> send(HttpRequest request) {
        return http.sendAsync(request, byte[].class).handle((r, e) -> {
            if (e != null) return new Response(0, "request failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return new Response(r.code(), r.isSuccessful() ? "" : message(r));
        });
    }

    private static String message(HttpResponse<byte[]> r) {
        try {
            JsonNode status = JSON.readTree(r.body());
            String m = status.path("message").asText("");
            if (!m.isEmpty()) return m;
        } catch (Exception ignored) {
            // not a Status: say the code
        }
        return "HTTP " + r.code();
    }

    private static byte[] bytes(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode a request body", e);
        }
    }
}
