package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.util.List;
import java.util.function.Predicate;

/**
 * The request-level knowledge the REST endpoints use that lives in the {@code api} module:
 * patching, selectors and server-side printing.
 */
public record Hooks(Patcher patcher, Selectors selectors, Tables tables) {

    public interface Patcher {
        /** Applies a patch of {@code contentType} to {@code current}; throws StatusException on bad patches. */
        ObjectNode apply(String contentType, ResourceType type, ObjectNode current, byte[] patch);
    }

    public interface Selectors {
        /** The label and field selectors of a list or watch as one predicate; null or "" selects everything. */
        Predicate<ObjectNode> parse(ResourceType type, String labelSelector, String fieldSelector);
    }

    public interface Tables {
        /** A meta.k8s.io/v1 Table of {@code objects}; {@code includeObject} is None, Metadata or Object. */
        ObjectNode table(ResourceType type, List<ObjectNode> objects, String includeObject, boolean withColumns);
    }
}
