package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceType;
import java.util.List;

/** The kind-specific knowledge the REST layer asks for: defaults, validation, known fields. */
public interface ObjectRules {

    /** Fills in upstream's defaults (and create-time admission), in place; {@code old} is null on create. */
    void applyDefaults(ResourceType type, ObjectNode obj, ObjectNode old);

    List<FieldError> validateCreate(ResourceType type, ObjectNode obj);

    List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old);

    /** Paths of fields the kind's schema does not know, for {@code fieldValidation}. */
    List<String> unknownFields(ResourceType type, JsonNode body);
}
