package io.j8s.store;

/**
 * A read of one key or a range, as etcd's RangeRequest (results always ascending by key).
 *
 * @param key first key (inclusive)
 * @param rangeEnd {@code null} for the single key {@code key}; {@link Keys#ALL_AFTER} ("\0")
 *     for every key from {@code key} on; otherwise the end of the range (exclusive), which must
 *     not sort before {@code key}
 * @param revision the revision to read at; 0 for the current one
 * @param limit at most this many keys; 0 for no limit
 * @param countOnly return the count, no keys
 * @param keysOnly return keys and their revisions with empty values
 */
public record RangeRequest(String key, String rangeEnd, long revision, long limit, boolean countOnly, boolean keysOnly) {

    public static RangeRequest key(String key) {
        return new RangeRequest(key, null, 0, 0, false, false);
    }

    /** Every key that starts with {@code prefix}. */
    public static RangeRequest prefix(String prefix) {
        return new RangeRequest(prefix, Keys.prefixEnd(prefix), 0, 0, false, false);
    }

    public static RangeRequest range(String key, String rangeEnd) {
        return new RangeRequest(key, rangeEnd, 0, 0, false, false);
    }

    public RangeRequest atRevision(long revision) {
        return new RangeRequest(key, rangeEnd, revision, limit, countOnly, keysOnly);
    }

    public RangeRequest withLimit(long limit) {
        return new RangeRequest(key, rangeEnd, revision, limit, countOnly, keysOnly);
    }

    public RangeRequest countingOnly() {
        return new RangeRequest(key, rangeEnd, revision, limit, true, keysOnly);
    }

    public RangeRequest withKeysOnly() {
        return new RangeRequest(key, rangeEnd, revision, limit, countOnly, true);
    }

    /** Whether {@code k} falls inside this request's key range. */
    public boolean contains(String k) {
        return Keys.inRange(k, key, rangeEnd);
    }
}
