package io.j8s.api.proto;

/**
 * A protobuf request body the API server cannot take. The two cases answer differently, as
 * upstream's do: a type it has no schema for is 415 {@code UnsupportedMediaType}, bytes that do
 * not parse are 400 {@code BadRequest}; switch over the subclasses to pick the status.
 */
public abstract sealed class ProtobufBodyException extends RuntimeException
        permits UnknownFormatException, MalformedBodyException {

    ProtobufBodyException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
