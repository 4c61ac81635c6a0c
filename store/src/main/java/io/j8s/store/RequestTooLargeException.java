package io.j8s.store;

/** A request over the size limit (etcd's "request is too large"). */
public class RequestTooLargeException extends InvalidRequestException {
    public RequestTooLargeException(long bytes, long limit) {
        super("etcdserver: request is too large (" + bytes + " bytes; the limit is " + limit + ")");
    }
}
