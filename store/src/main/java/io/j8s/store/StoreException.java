package io.j8s.store;

/** Base of the store's small unchecked hierarchy. Used as is for broken infrastructure. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
