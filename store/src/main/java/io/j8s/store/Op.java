package io.j8s.store;

import java.nio.charset.StandardCharsets;

/** One operation of a {@link Txn}. */
public sealed interface Op {

    /**
     * Sets {@code key} to {@code value}, attached to {@code lease} (0 for none).
     *
     * @param prevKv return the previous value in the result
     */
    record Put(String key, byte[] value, long lease, boolean prevKv) implements Op {}

    /** Deletes {@code key}, or the range [{@code key}, {@code rangeEnd}) as {@link RangeRequest}. */
    record Delete(String key, String rangeEnd, boolean prevKv) implements Op {}

    /** Reads inside the transaction, at its revision. */
    record Get(RangeRequest request) implements Op {}

    static Put put(String key, byte[] value) {
        return new Put(key, value, 0, false);
    }

    static Put put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    static Delete delete(String key) {
        return new Delete(key, null, false);
    }

    static Delete deletePrefix(String prefix) {
        return new Delete(prefix, Keys.prefixEnd(prefix), false);
    }

    static Get get(String key) {
        return new Get(RangeRequest.key(key));
    }
}
