package io.j8s.store.embedded;

import io.j8s.store.KeyValue;

/**
 * One revision of one key. A tombstone marks the revision that deleted the key.
 *
 * @param sub the position of the write inside its transaction (etcd's sub-revision), which
 *     orders the events of one revision
 */
record Version(long revision, int sub, byte[] value, long createRevision, long version, long lease, boolean tombstone) {

    static final byte[] EMPTY = new byte[0];

    KeyValue toKeyValue(String key, boolean keysOnly) {
        return new KeyValue(key, keysOnly ? EMPTY : value, createRevision, revision, version, lease);
    }

    /** The shape etcd gives the kv of a DELETE event. */
    KeyValue deletedKeyValue(String key) {
        return new KeyValue(key, EMPTY, 0, revision, 0, 0);
    }
}
