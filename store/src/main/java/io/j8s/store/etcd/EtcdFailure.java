package io.j8s.store.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.j8s.store.InvalidRequestException;
import io.j8s.store.RequestTooLargeException;
import io.j8s.store.Requests;
import io.j8s.store.StoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An error etcd answered with, still in etcd's terms. Only the caller knows what some of them
 * mean for the store (which revision was asked, which lease was named), so calls throw this and
 * callers translate the kinds they expect; {@link #toStoreException()} covers the rest.
 */
final class EtcdFailure extends RuntimeException {

    /** etcd's errors, recognised by etcd's own texts. */
    enum Kind {
        COMPACTED("required revision has been compacted"),
        FUTURE_REVISION("required revision is a future revision"),
        TOO_LARGE("request is too large"),
        LEASE_NOT_FOUND("requested lease not found"),
        TOO_MANY_OPS("too many operations in txn request"),
        DUPLICATE_KEY("duplicate key given in txn request"),
        OTHER(null);

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        static Kind of(String message) {
            if (message != null) {
                for (Kind k : values()) {
                    if (k.text != null && message.contains(k.text)) {
                        return k;
                    }
                }
            }
            return OTHER;
        }
    }

    private final Kind kind;

    private EtcdFailure(String what, Kind kind, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
        this.kind = kind;
    }

    /** Classifies the cause of a failed future, looking through jetcd's and the JDK's wrappers. */
    static EtcdFailure of(String what, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        // jetcd fails its futures with either its own EtcdException or gRPC's status exception
        // (its Vert.x transport passes those through); both carry etcd's error text.
        String text = t instanceof EtcdException ? t.getMessage() : Status.fromThrowable(t).getDescription();
        return new EtcdFailure(what, Kind.of(text), t);
    }

    Kind kind() {
        return kind;
    }

    /**
     * The store's exception for kinds that need no context. Those that do (a compacted or future
     * revision, a missing lease) are translated by the caller; reaching here with one of them
     * means the caller did not expect it, which is reported as a failure of the store.
     */
    StoreException toStoreException() {
        return switch (kind) {
            case TOO_MANY_OPS, DUPLICATE_KEY -> new InvalidRequestException(getMessage());
            // Requests.validate keeps requests within the limit, so etcd refusing one means etcd
            // runs with a smaller --max-request-bytes than its default; its limit is not told.
            case TOO_LARGE -> new RequestTooLargeException(0, Requests.MAX_REQUEST_BYTES);
            default -> new StoreException(getMessage(), getCause());
        };
    }
}
