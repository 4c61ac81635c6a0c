package io.j8s.store;

/**
 * A change of one key. For a {@code DELETE}, {@code kv} holds the key, an empty value, and the
 * deleting revision as {@code modRevision} (create revision and version 0), as etcd sends it.
 *
 * @param prevKv the key's value before the change, when the watch asked for it; else null
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {
    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }
}
