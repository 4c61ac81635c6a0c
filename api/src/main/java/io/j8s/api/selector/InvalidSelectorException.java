package io.j8s.api.selector;

/**
 * A label or field selector the server cannot use: unparseable, with an invalid key or value, or
 * naming a field the kind does not support. kube-apiserver answers these with 400 BadRequest and
 * the message as upstream's parser words it.
 */
public final class InvalidSelectorException extends RuntimeException {

    InvalidSelectorException(String message) {
        super(message, null, false, false);
    }

    /** Always 400. */
    public int code() {
        return 400;
    }

    public String reason() {
        return "BadRequest";
    }
}
