package io.j8s.api.openapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One named schema: an object with properties, or one of the few apimachinery types whose JSON is
 * a scalar or free-form.
 *
 * @param properties sorted by name, as upstream writes them (and so the document bytes, and with
 *     them the hash clients cache by, do not depend on reflection order)
 * @param gvks the kinds this schema is the body of; empty for nested types
 */
record Definition(String name, Form form, String description, SortedMap<String, Property> properties,
                  List<String> required, List<Gvk> gvks) {

    enum Form {
        /** A struct: {@code type: object} with properties. */
        OBJECT,
        /** resource.Quantity: "100m", "1Gi", or a bare number. */
        QUANTITY,
        /** intstr.IntOrString: 8080 or "http". */
        INT_OR_STRING,
        /** meta/v1 Time and MicroTime: an RFC 3339 string. */
        DATE_TIME,
        /** runtime.RawExtension, meta/v1 Patch: any JSON object. */
        FREE_OBJECT
    }

    record Gvk(String group, String version, String kind) {}

    /**
     * @param extensions upstream's {@code x-kubernetes-*} annotations of the field (patch strategy,
     *     list type), written as they are in both dialects
     */
    record Property(String name, Shape shape, String description, Map<String, Object> extensions) {
        Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(shape, "shape");
            extensions = Map.copyOf(extensions);
        }
    }

    Definition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(form, "form");
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        required = List.copyOf(required);
        gvks = List.copyOf(gvks);
    }

    static Definition scalar(String name, Form form, String description) {
        return new Definition(name, form, description, new TreeMap<>(), List.of(), List.of());
    }

    Definition withGvk(Gvk gvk) {
        if (gvks.contains(gvk)) return this;
        List<Gvk> more = new ArrayList<>(gvks);
        more.add(gvk);
        return new Definition(name, form, description, properties, required, more);
    }
}
