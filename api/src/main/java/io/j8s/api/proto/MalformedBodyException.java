package io.j8s.api.proto;

/** The body claims to be Kubernetes protobuf but its bytes do not parse; the server answers 400. */
public final class MalformedBodyException extends ProtobufBodyException {

    MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
