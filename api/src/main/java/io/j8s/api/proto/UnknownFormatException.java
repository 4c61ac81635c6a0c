package io.j8s.api.proto;

/**
 * The body is a Kubernetes protobuf envelope for a kind j8s has no protobuf schema for (or names
 * no kind at all); the server answers 415 {@code UnsupportedMediaType} with this message, which
 * is upstream's.
 */
public final class UnknownFormatException extends ProtobufBodyException {

    static final String MESSAGE = "the body of the request was in an unknown format - accepted media types include:"
            + " application/json, application/yaml";

    private final String apiVersion;
    private final String kind;

    UnknownFormatException(String apiVersion, String kind) {
        super(MESSAGE, null);
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    /** The apiVersion the envelope named, for the server's log; empty when it named none. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The kind the envelope named, for the server's log; empty when it named none. */
    public String kind() {
        return kind;
    }
}
