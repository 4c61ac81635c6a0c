package io.j8s.api;

import java.util.Objects;

/**
 * One reason an object is invalid, as upstream's {@code field.Error}: it becomes one cause of a
 * 422 {@code Invalid} Status ({@code reason} = type, {@code field}, {@code message}).
 *
 * @param field the JSON path of the bad field, upstream's way: {@code metadata.name},
 *     {@code spec.containers[0].image}
 * @param type upstream's cause type: {@code FieldValueRequired}, {@code FieldValueInvalid},
 *     {@code FieldValueDuplicate}, {@code FieldValueNotSupported}, {@code FieldValueForbidden},
 *     {@code FieldValueTooLong}, {@code FieldValueTypeInvalid}
 * @param message the whole detail, e.g. {@code Invalid value: "Bad_Name": a lowercase RFC 1123
 *     subdomain must consist of …}
 */
public record FieldError(String field, String type, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(field, "FieldValueRequired", "Required value" + (detail.isEmpty() ? "" : ": " + detail));
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(field, "FieldValueForbidden", "Forbidden: " + detail);
    }

    public static FieldError notSupported(String field, Object value, java.util.List<String> supported) {
        return new FieldError(field, "FieldValueNotSupported", "Unsupported value: " + quote(value)
                + ": supported values: " + String.join(", ", supported.stream().map(s -> "\"" + s + "\"").toList()));
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(field, "FieldValueDuplicate", "Duplicate value: " + quote(value));
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
