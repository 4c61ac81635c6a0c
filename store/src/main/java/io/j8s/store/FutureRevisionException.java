package io.j8s.store;

/** A revision beyond the current one (etcd's "mvcc: required revision is a future revision"). */
public class FutureRevisionException extends InvalidRequestException {
    public FutureRevisionException(long requested, long current) {
        super("mvcc: required revision is a future revision (asked " + requested + ", current " + current + ")");
    }
}
