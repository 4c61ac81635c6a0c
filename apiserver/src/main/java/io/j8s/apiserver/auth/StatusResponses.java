package io.j8s.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The {@code metav1.Status} failures the auth filters answer with, worded as upstream's. */
final class StatusResponses {

    private StatusResponses() {}

    static void unauthorized(Response response, Callback callback) {
        write(response, callback, 401, "Unauthorized", "Unauthorized", null);
    }

    static void badRequest(Response response, Callback callback, String message) {
        write(response, callback, 400, "BadRequest", message, null);
    }

    /** Upstream's {@code responsewriters.Forbidden}: who, which verb, on what. */
    static void forbidden(Response response, Callback callback, UserInfo user, RequestAttributes attributes,
            String reason) {
        var details = Json.MAPPER.createObjectNode();
        if (attributes.isResourceRequest()) {
            if (!attributes.name().isEmpty()) {
                details.put("name", attributes.name());
            }
            if (!attributes.apiGroup().isEmpty()) {
                details.put("group", attributes.apiGroup());
            }
            details.put("kind", attributes.resource());
        }
        write(response, callback, 403, "Forbidden", forbiddenMessage(user, attributes, reason), details);
    }

    /** Word for word upstream's {@code forbiddenMessage} inside {@code errors.NewForbidden}. */
    static String forbiddenMessage(UserInfo user, RequestAttributes attributes, String reason) {
        String detail;
        if (!attributes.isResourceRequest()) {
            detail = "User \"%s\" cannot %s path \"%s\"".formatted(user.name(), attributes.verb(), attributes.path());
        } else {
            var resource = attributes.subresource().isEmpty()
                    ? attributes.resource()
                    : attributes.resource() + "/" + attributes.subresource();
            detail = attributes.namespace().isEmpty()
                    ? "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" at the cluster scope"
                            .formatted(user.name(), attributes.verb(), resource, attributes.apiGroup())
                    : "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" in the namespace \"%s\""
                            .formatted(user.name(), attributes.verb(), resource, attributes.apiGroup(),
                                    attributes.namespace());
        }
        if (reason != null && !reason.isEmpty()) {
            detail += ": " + reason;
        }
        if (!attributes.isResourceRequest()) {
            return "forbidden: " + detail;
        }
        var qualified = attributes.apiGroup().isEmpty()
                ? attributes.resource()
                : attributes.resource() + "." + attributes.apiGroup();
        return attributes.name().isEmpty()
                ? qualified + " is forbidden: " + detail
                : qualified + " \"" + attributes.name() + "\" is forbidden: " + detail;
    }

    static void write(Response response, Callback callback, int code, String reason, String message,
            ObjectNode details) {
        var status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Json.write(status).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
