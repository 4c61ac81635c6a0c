package io.j8s.api.openapi;

/**
 * The type of one property, before it is written in either dialect (Swagger 2.0 and OpenAPI 3.0
 * spell references differently).
 */
sealed interface Shape {

    /** {@code type} is one of string, integer, number, boolean; {@code format} may be null. */
    record Scalar(String type, String format) implements Shape {}

    /** A named schema, by its upstream name. */
    record Ref(String name) implements Shape {}

    record ArrayOf(Shape items) implements Shape {}

    /** A JSON object with arbitrary keys, every value of {@code values}' shape (a Go map). */
    record MapOf(Shape values) implements Shape {}

    Scalar STRING = new Scalar("string", null);
    Scalar BYTES = new Scalar("string", "byte");
    Scalar INT32 = new Scalar("integer", "int32");
    Scalar INT64 = new Scalar("integer", "int64");
    Scalar DOUBLE = new Scalar("number", "double");
    Scalar BOOLEAN = new Scalar("boolean", null);
}
