package io.j8s.store;

import java.util.List;

/**
 * etcd's transaction: if every compare holds, the {@code success} ops run, else the
 * {@code failure} ops; all of it atomically, at one revision. A key may be written at most once
 * per branch (etcd refuses "duplicate key given in txn request").
 */
public record Txn(List<Compare> compares, List<Op> success, List<Op> failure) {

    public Txn {
        compares = List.copyOf(compares);
        success = List.copyOf(success);
        failure = List.copyOf(failure);
    }

    public static Txn of(List<Compare> compares, List<Op> success, List<Op> failure) {
        return new Txn(compares, success, failure);
    }

    /** Creates {@code key} only if it does not exist: the create of optimistic concurrency. */
    public static Txn create(String key, byte[] value, long lease) {
        return new Txn(List.of(Compare.absent(key)), List.of(new Op.Put(key, value, lease, false)),
                List.of(Op.get(key)));
    }

    /** Replaces {@code key} only if it is still at {@code modRevision}: the update. */
    public static Txn update(String key, long modRevision, byte[] value, long lease) {
        return new Txn(List.of(Compare.modRevision(key, Compare.Op.EQUAL, modRevision)),
                List.of(new Op.Put(key, value, lease, true)), List.of(Op.get(key)));
    }

    /** Deletes {@code key} only if it is still at {@code modRevision}. */
    public static Txn deleteIf(String key, long modRevision) {
        return new Txn(List.of(Compare.modRevision(key, Compare.Op.EQUAL, modRevision)),
                List.of(new Op.Delete(key, null, true)), List.of(Op.get(key)));
    }
}
