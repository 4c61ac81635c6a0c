package io.j8s.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceType;
import io.j8s.api.Trees;
import io.j8s.api.defaults.Defaults;
import io.j8s.api.defaults.DefaultsConfig;
import java.util.List;
import java.util.function.Consumer;

/** Objects as the server validates them: parsed, then defaulted. */
final class Fixtures {

    private Fixtures() {}

    private static final Defaults DEFAULTS = new Defaults(DefaultsConfig.UPSTREAM);

    static ObjectNode defaulted(String yaml) {
        ObjectNode obj = Trees.yaml(yaml);
        DEFAULTS.apply(typeOf(obj), obj);
        return obj;
    }

    static ResourceType typeOf(ObjectNode obj) {
        return Trees.type(obj.path("apiVersion").asText(), obj.path("kind").asText());
    }

    static List<FieldError> create(String yaml) {
        ObjectNode obj = defaulted(yaml);
        return Validation.validateCreate(typeOf(obj), obj);
    }

    /** Validates {@code change} applied to a stored copy of {@code yaml} (re-defaulted as an update is). */
    static List<FieldError> update(String yaml, Consumer<ObjectNode> change) {
        ObjectNode old = defaulted(yaml);
        ObjectNode updated = old.deepCopy();
        change.accept(updated);
        DEFAULTS.applyOnUpdate(typeOf(updated), updated, old);
        return Validation.validateUpdate(typeOf(updated), updated, old);
    }

    static FieldError required(String field, String detail) {
        return FieldError.required(field, detail);
    }

    static FieldError invalid(String field, String message) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + message);
    }

    static FieldError notSupported(String field, String message) {
        return new FieldError(field, "FieldValueNotSupported", "Unsupported value: " + message);
    }

    static FieldError duplicate(String field, String message) {
        return new FieldError(field, "FieldValueDuplicate", "Duplicate value: " + message);
    }

    static FieldError forbidden(String field, String detail) {
        return FieldError.forbidden(field, detail);
    }

    static FieldError notFound(String field, String message) {
        return new FieldError(field, "FieldValueNotFound", "Not found: " + message);
    }

    static FieldError tooLong(String field, String message) {
        return new FieldError(field, "FieldValueTooLong", "Too long: " + message);
    }
}
