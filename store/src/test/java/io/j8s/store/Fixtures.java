package io.j8s.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small helpers shared by the contract tests. */
final class Fixtures {

    /** Every key: "\0" is the smallest non-empty key, and ALL_AFTER runs to the end. */
    static final RangeRequest ALL = new RangeRequest("\0", Keys.ALL_AFTER, 0, 0, false, false);

    private Fixtures() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<KeyValue> all(Store store) {
        return store.range(ALL).kvs();
    }

    static List<KeyValue> allAt(Store store, long revision) {
        return store.range(ALL.atRevision(revision)).kvs();
    }

    static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(KeyValue::key).toList();
    }

    static List<String> values(List<KeyValue> kvs) {
        return kvs.stream().map(KeyValue::valueAsString).toList();
    }

    static Txn txn(Op... ops) {
        return Txn.of(List.of(), List.of(ops), List.of());
    }

    static Op.Put putWithLease(String key, String value, long lease) {
        return new Op.Put(key, bytes(value), lease, false);
    }

    static Op.Put putWithPrevKv(String key, String value) {
        return new Op.Put(key, bytes(value), 0, true);
    }

    static KeyValue kv(String key, String value, long createRevision, long modRevision, long version) {
        return new KeyValue(key, bytes(value), createRevision, modRevision, version, 0);
    }

    /** As a DELETE event carries it. */
    static KeyValue tombstone(String key, long revision) {
        return new KeyValue(key, new byte[0], 0, revision, 0, 0);
    }

    static long put(Store store, String key, String value) {
        return store.put(key, bytes(value));
    }
}
