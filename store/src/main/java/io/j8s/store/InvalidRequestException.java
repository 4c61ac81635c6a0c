package io.j8s.store;

/** Bad input: refused before anything changed. */
public class InvalidRequestException extends StoreException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
