package io.j8s.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The one way the API server patches an object: decode the body as upstream does for the patch
 * type, apply it, and insist the result is still an object. Patch bodies are JSON for every type
 * j8s serves (upstream accepts YAML only for server-side apply, which j8s refuses with 415).
 */
public final class Patches {

    private Patches() {}

    /**
     * The object {@code current} becomes under {@code patchBody}; {@code current} is not changed.
     *
     * @throws PatchException with upstream's code and message when the patch is refused
     */
    public static ObjectNode apply(PatchType type, ResourceType resource, ObjectNode current, byte[] patchBody) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(current, "current");
        byte[] body = patchBody == null ? new byte[0] : patchBody;
        return switch (type) {
            case JSON_PATCH -> asObject(JsonPatch.apply(current, decode(body, null)));
            case MERGE_PATCH -> asObject(MergePatch.apply(current, decodeMerge(body)));
            case STRATEGIC_MERGE_PATCH -> {
                JsonNode patch = decode(body, null);
                if (patch.isNull()) {
                    yield current.deepCopy(); // json.Unmarshal of null into a map leaves it empty
                }
                if (!patch.isObject()) {
                    throw PatchException.badRequest("json: cannot unmarshal " + GoJson.kind(patch)
                            + " into Go value of type " + GoJson.MAP);
                }
                yield StrategicMergePatch.apply(resource, current, (ObjectNode) patch);
            }
            case APPLY_PATCH -> throw PatchType.unsupported();
        };
    }

    /** evanphx's MergePatch refuses any patch that is not an object or a list as "Invalid JSON Patch". */
    private static JsonNode decodeMerge(byte[] body) {
        JsonNode patch = decode(body, "Invalid JSON Patch");
        if (!patch.isObject() && !patch.isArray()) {
            throw PatchException.badRequest("Invalid JSON Patch");
        }
        return patch;
    }

    /**
     * The body as one JSON value; a malformed one is a 400 with encoding/json's words, or with
     * {@code message} if given.
     */
    private static JsonNode decode(byte[] body, String message) {
        String syntax = GoJson.syntaxError(body);
        if (syntax != null) {
            throw PatchException.badRequest(message != null ? message : syntax);
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // valid to Go but not to Jackson: nesting past Json.MAX_DEPTH, malformed UTF-8
            throw PatchException.badRequest(message != null ? message : e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    private static ObjectNode asObject(JsonNode patched) {
        if (patched instanceof ObjectNode o) {
            return o;
        }
        throw PatchException.invalid("patch: Invalid value: \"" + Json.write(patched)
                + "\": the patched object must be a JSON object, not " + GoJson.kind(patched));
    }
}
