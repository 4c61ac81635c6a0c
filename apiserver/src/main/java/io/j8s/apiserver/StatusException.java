package io.j8s.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import java.util.List;

/**
 * A refusal, answered as a {@code metav1.Status} with upstream's reason, code and message. The
 * factories mirror k8s.io/apimachinery/pkg/api/errors so messages read as kubectl users expect.
 */
public final class StatusException extends RuntimeException {

    private final int code;
    private final String reason;
    private final ResourceType type;
    private final String name;
    private final List<FieldError> causes;

    public StatusException(int code, String reason, String message, ResourceType type, String name, List<FieldError> causes) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.type = type;
        this.name = name;
        this.causes = List.copyOf(causes);
    }

    public static StatusException badRequest(String message) {
        return new StatusException(400, "BadRequest", message, null, null, List.of());
    }

    public static StatusException unauthorized() {
        return new StatusException(401, "Unauthorized", "Unauthorized", null, null, List.of());
    }

    public static StatusException forbidden(ResourceType type, String name, String detail) {
        return new StatusException(403, "Forbidden", qualified(type) + " \"" + name + "\" is forbidden: " + detail, type, name, List.of());
    }

    public static StatusException notFound(ResourceType type, String name) {
        return new StatusException(404, "NotFound", qualified(type) + " \"" + name + "\" not found", type, name, List.of());
    }

    public static StatusException notFoundPath() {
        return new StatusException(404, "NotFound", "the server could not find the requested resource", null, null, List.of());
    }

    public static StatusException methodNotAllowed(String detail) {
        return new StatusException(405, "MethodNotAllowed", detail, null, null, List.of());
    }

    public static StatusException alreadyExists(ResourceType type, String name) {
        return new StatusException(409, "AlreadyExists", qualified(type) + " \"" + name + "\" already exists", type, name, List.of());
    }

    public static StatusException conflict(ResourceType type, String name) {
        return new StatusException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(type) + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                type, name, List.of());
    }

    public static StatusException conflict(ResourceType type, String name, String detail) {
        return new StatusException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(type) + " \"" + name
                + "\": " + detail, type, name, List.of());
    }

    public static StatusException gone(String message) {
        return new StatusException(410, "Expired", message, null, null, List.of());
    }

    public static StatusException tooLarge(String message) {
        return new StatusException(413, "RequestEntityTooLarge", message, null, null, List.of());
    }

    public static StatusException unsupportedMediaType(String message) {
        return new StatusException(415, "UnsupportedMediaType", message, null, null, List.of());
    }

    public static StatusException invalid(ResourceType type, String name, List<FieldError> causes) {
        StringBuilder m = new StringBuilder(type.kind()).append(" \"").append(name).append("\" is invalid: ");
        if (causes.size() == 1) {
            m.append(causes.get(0).field()).append(": ").append(causes.get(0).message());
        } else {
            m.append('[');
            for (int i = 0; i < causes.size(); i++) {
                if (i > 0) m.append(", ");
                m.append(causes.get(i).field()).append(": ").append(causes.get(i).message());
            }
            m.append(']');
        }
        return new StatusException(422, "Invalid", m.toString(), type, name, causes);
    }

    public static StatusException internal(String message) {
        return new StatusException(500, "InternalError", "Internal error occurred: " + message, null, null, List.of());
    }

    public static StatusException unavailable(String message) {
        return new StatusException(503, "ServiceUnavailable", message, null, null, List.of());
    }

    private static String qualified(ResourceType type) {
        return type == null ? "resource" : type.groupResource();
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The {@code Status} object to send. */
    public ObjectNode toStatus() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (type != null || !causes.isEmpty()) {
            ObjectNode d = s.putObject("details");
            if (name != null) d.put("name", name);
            if (type != null) {
                if (!type.group().isEmpty()) d.put("group", type.group());
                d.put("kind", code == 422 ? type.kind() : type.plural());
            }
            if (!causes.isEmpty()) {
                ArrayNode cs = d.putArray("causes");
                for (FieldError c : causes) {
                    cs.addObject().put("reason", c.type()).put("message", c.message()).put("field", c.field());
                }
            }
        }
        s.put("code", code);
        return s;
    }
}
