package io.j8s.api.openapi;

/** The two OpenAPI versions the API server serves, which differ in how they spell the same schema. */
enum Dialect {
    /** Swagger 2.0, {@code /openapi/v2}: one document with every definition. */
    V2("#/definitions/"),
    /** OpenAPI 3.0, {@code /openapi/v3/<group-version>}: one document per group-version. */
    V3("#/components/schemas/");

    final String refPrefix;

    Dialect(String refPrefix) {
        this.refPrefix = refPrefix;
    }
}
