package io.j8s.api.patch;

/**
 * A patch the server refuses, with the HTTP code and Status reason kube-apiserver answers it with
 * and upstream's message.
 *
 * <ul>
 *   <li>400 {@code BadRequest}: the patch document itself is malformed (bad JSON, not a list of
 *       operations, a bad directive);
 *   <li>413 {@code RequestEntityTooLarge}: a JSON patch of more than 10,000 operations;
 *   <li>415 {@code UnsupportedMediaType}: a content type j8s does not patch with;
 *   <li>422 {@code Invalid}: a well-formed patch that does not apply to the object (a missing
 *       path, a failed {@code test}), or whose result is not an object.
 * </ul>
 */
public final class PatchException extends RuntimeException {

    private final int code;

    private PatchException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static PatchException badRequest(String message) {
        return new PatchException(400, message);
    }

    static PatchException tooLarge(String message) {
        return new PatchException(413, message);
    }

    static PatchException unsupportedMediaType(String message) {
        return new PatchException(415, message);
    }

    static PatchException invalid(String message) {
        return new PatchException(422, message);
    }

    /** 400, 413, 415 or 422. */
    public int code() {
        return code;
    }

    /** The Status reason upstream pairs with {@link #code()}. */
    public String reason() {
        return switch (code) {
            case 400 -> "BadRequest";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            default -> throw new IllegalStateException("no reason for " + code);
        };
    }
}
