package io.j8s.store;

import java.util.List;

/**
 * @param kvs the keys found, ascending, at most {@code limit}
 * @param count how many keys the range holds at that revision, regardless of limit
 * @param more whether keys were left out because of the limit
 * @param revision the store's current revision when the read was served (etcd's header revision)
 */
public record RangeResult(List<KeyValue> kvs, long count, boolean more, long revision) implements OpResult {
    public RangeResult {
        kvs = List.copyOf(kvs);
    }
}
