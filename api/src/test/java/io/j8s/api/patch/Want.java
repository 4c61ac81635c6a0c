package io.j8s.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import java.util.function.Supplier;

/**
 * What a patch case expects: a resulting document, or a refusal with upstream's code and message.
 * JSON in cases is written with single quotes for readability.
 */
record Want(String json, int code, String message) {

    static Want result(String json) {
        return new Want(json, 0, null);
    }

    static Want refused(int code, String message) {
        return new Want(null, code, message);
    }

    void check(Supplier<JsonNode> patching) {
        if (json != null) {
            assertThat(patching.get()).isEqualTo(json(json));
            return;
        }
        PatchException e = catchThrowableOfType(PatchException.class, patching::get);
        assertThat(e).as("expected a refusal").isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.code()).isEqualTo(code);
    }

    /** JSON written with ' for ". */
    static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
