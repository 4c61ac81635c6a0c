package io.j8s.store;

/** The lease does not exist, or has expired (etcd's "etcdserver: requested lease not found"). */
public class LeaseNotFoundException extends InvalidRequestException {
    public LeaseNotFoundException(long id) {
        super("etcdserver: requested lease not found (" + id + ")");
    }
}
